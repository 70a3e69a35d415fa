import RateCore

/// Shared rules for DOU.ua surveys: net monthly USD pay of IT specialists in Ukraine.
enum DOURules {
    /// City values that name no city: "all cities" (a cross-tab total), "other", "remote".
    static let noCity: Set<String> = ["Всі міста", "Інше", "Другой", "Удаленно", "Другое", "Other", "Інше місто"]
    static let ukraine = CountryCode("UA")!

    /// Answers to "where do you live now?" that place the respondent outside Ukraine (country unknown).
    static func livesAbroad(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.utf8.starts(with: "За кордоном".utf8) || text.utf8.starts(with: "Abroad".utf8)
    }

    /// A dimension value meaning "all" marks a cross-tabulation total of the 2022 wave.
    static func isAggregate(_ value: String?) -> Bool {
        guard let value else { return false }
        let bytes = value.utf8
        return value == "Всі" || bytes.starts(with: "Всі ".utf8) || bytes.starts(with: "Весь ".utf8) || bytes.starts(with: "Все ".utf8)
    }

    /// Whether the respondent works for a client or employer abroad: the 2025 wave asks it twice,
    /// "a contractor (a direct contract with a foreign client)" as employment and "I work for a
    /// foreign employer with no team in Ukraine" as company size.
    static func worksForAbroad(employment: String?, companySize: String?) -> Bool {
        (employment?.contains("іноземним замовником") ?? false) || (companySize?.contains("іноземного роботодавця") ?? false)
    }

    static func employment(_ text: String?, companyType: String?, resolvers: CachedResolvers) -> EmploymentType? {
        if let text {
            return resolvers.employment(text)
        }
        // Before 2024 the surveys asked employed specialists only; "Фриланс" as company type marks freelancers.
        guard let companyType else { return .employeeFullTime }
        return resolvers.employment(derivedFrom: companyType) { $0.lowercased().contains("фриланс") ? .freelancer : .employeeFullTime }
    }

    /// Salary as a number, or a band ("500 - 1000", "6500 +") that becomes its midpoint.
    static func salary(_ text: String) -> (value: Double, band: (low: Double?, high: Double?)?, rule: String?)? {
        if let value = NumberText.parse(text) { return (value, nil, nil) }
        guard let band = NumberText.band(text) else { return nil }
        if let high = band.high { return ((band.low + high) / 2, (band.low, high), "reported as the band \(text) USD/month; value is its midpoint") }
        // An open top band: DOU's bands are 500 wide, so half a band above the floor.
        return (
            band.low + 250, (band.low, nil),
            "reported as the open band \(text) USD/month; value set to \(Int(saturating: band.low + 250)) (floor + half a 500 band)"
        )
    }

    /// A role from DOU's category, specialisation and position, falling back on the main language
    /// for generic "Software Engineer" rows of the early waves.
    static func role(category: String?, specialization: String?, position: String?, language: String?, resolvers: CachedResolvers) -> Role {
        let key = [category, specialization, position, language].map { $0 ?? "" }.joined(separator: "\u{1}")
        return resolvers.role(key) { _ in role(category: category, specialization: specialization, position: position, language: language) }
    }

    static func role(category: String?, specialization: String?, position: String?, language: String?) -> Role {
        for label in [specialization, category, position].compactMap({ $0 }) {
            let role = Role(surveyLabel: label)
            if role != .other { return role }
        }
        let lowerCategory = (category ?? "").lowercased()
        let lowerPosition = (position ?? "").lowercased()
        let isEngineer =
            ["se", "dev"].contains(lowerCategory) || lowerPosition.contains("software engineer") || lowerPosition.contains("developer")
            || lowerPosition.contains("програміст") || lowerPosition.contains("программист")
        guard isEngineer, let language else { return .other }
        let serverLanguages: Set<String> = [
            "java", "c#", "c#/.net", ".net", "php", "python", "ruby", "go", "golang", "scala", "node.js", "kotlin", "elixir", "erlang", "rust",
        ]
        let lower = language.lowercased()
        if serverLanguages.contains(lower) { return .backend }
        if ["javascript", "typescript", "flex/flash/air", "html/css"].contains(lower) { return .frontend }
        if ["swift", "objective-c", "dart"].contains(lower) { return .mobile }
        return .other
    }
}

/// The identity DOU's raw wave files and the harmonised file share: the raw file's name and the
/// record's position among its data rows. The harmonised file keeps one row per raw record, in the
/// raw file's order, and names the file in `source_file` (checked on the 2024-12 and 2025-06
/// waves: 14,148 and 11,686 rows, the same salaries in the same order), so a raw wave imported
/// beside the harmonised file is refused row by row as duplicates instead of counted twice.
final class DOURecordKeys {
    private var ordinals: [String: Int] = [:]

    /// The next key for a record of `file` ("2024_dec_raw.csv", "2024_dec_raw.csv.gz").
    func next(file: String) -> String {
        var stem = Substring(file)
        for ending in [".gz", ".csv"] where stem.hasSuffix(ending) { stem = stem.dropLast(ending.count) }
        let name = String(stem)
        let ordinal = (ordinals[name] ?? 0) + 1
        ordinals[name] = ordinal
        return "dou:\(name):\(ordinal)"
    }
}

/// The harmonised DOU file (21 waves, 2011-12 to 2025-06).
struct DOUHarmonisedAdapter: RecordAdapter {
    let dataset = "dou"
    let context: ImportContext
    let resolvers: CachedResolvers
    let keys = DOURecordKeys()

    func convert(_ row: Row) -> ImportItem {
        // Every row takes its place, rejected or not, so that positions match the raw file's.
        let recordKey = row["source_file"].map { keys.next(file: $0) }
        guard let wave = row["wave"], let date = resolvers.date(wave) else {
            return row.issue("wave", .invalidValue, "'\(row.raw("wave"))' is not a survey wave such as 2024-12")
        }
        for field in ["city", "position", "specialization", "experience_raw", "language", "category"] where DOURules.isAggregate(row[field]) {
            return row.issue(
                field,
                .aggregateRow,
                "a cross-tabulation total ('\(row[field]!)') of people counted in other rows; storing it would count them twice"
            )
        }
        guard let salaryText = row["salary_usd_month_net"] else { return row.issue("salary_usd_month_net", .missingPay, "no salary given") }
        guard let salary = DOURules.salary(salaryText) else {
            return row.issue("salary_usd_month_net", .invalidAmount, "'\(salaryText)' is neither a number nor a band like 500 - 1000")
        }
        if DOURules.livesAbroad(row["lives_in"]) {
            return row.issue("lives_in", .unknownCountry, "the respondent lives outside Ukraine and the survey does not say where")
        }
        guard let employment = DOURules.employment(row["employment"], companyType: row["company_type"], resolvers: resolvers) else {
            return row.issue("employment", .notEmployed, "'\(row["employment"] ?? "")': the salary does not describe a current job")
        }
        var weight = 1.0
        if let weightText = row["weight"] {
            guard let parsed = NumberText.weight(weightText) else {
                return row.issue("weight", .invalidValue, NumberText.weightMessage(weightText))
            }
            weight = parsed
        }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(
                salary.value,
                per: .month,
                basis: .net,
                on: date,
                band: salary.band,
                bandRule: salary.rule,
                line: row.line,
                field: "salary_usd_month_net"
            )
        } catch { return .rejected(error) }
        let cityText =
            row["city"].flatMap { DOURules.noCity.contains($0) ? nil : $0 }
            ?? row["region"].flatMap { DOURules.noCity.contains($0) ? nil : $0 }
        let city = cityText.flatMap(resolvers.city)
        var experience = Experience(years: row.number("experience_years"))
        experience.statedLevel = (row["title"] ?? row["position"]).flatMap(resolvers.level)
        return .observation(
            Observation(
                recordKey: recordKey,
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: DOURules.ukraine, city: city?.name, cityKey: city?.key),
                experience: experience,
                skills: resolvers.skills([row["language"]], separator: "\u{0}"),
                role: DOURules.role(
                    category: row["category"],
                    specialization: row["specialization"],
                    position: row["position"],
                    language: row["language"],
                    resolvers: resolvers
                ),
                employment: employment,
                weight: weight,
                quality: pay.quality,
                qualityRule: pay.qualityRule,
                business: DOURules.worksForAbroad(employment: row["employment"], companySize: row["company_size"]) ? .abroad : nil
            )
        )
    }
}

/// A DOU wave exactly as DOU publishes it: Ukrainian column names, one respondent per row.
struct DOURawAdapter: RecordAdapter {
    let dataset = "dou-raw"
    let context: ImportContext
    let resolvers: CachedResolvers
    let columns: Columns
    /// The file's name, which with each record's position is the key the harmonised file shares.
    let fileName: String
    let keys = DOURecordKeys()

    /// The columns found by their Ukrainian wording, which changes slightly between waves.
    struct Columns {
        var submitted: String
        var salary: String
        var employment: String?
        var title: String?
        var category: String?
        var position: String?
        var specialization: String?
        var language: String?
        var years: String?
        var livesIn: String?
        var region: String?
        var companySize: String?

        init?(header: [String]) {
            func find(_ predicate: (String) -> Bool) -> String? { header.first(where: { predicate($0.lowercased()) }) }
            guard let submitted = find({ $0 == "submitted at" }), let salary = find({ $0.contains("$$$") }) else { return nil }
            self.submitted = submitted
            self.salary = salary
            employment = find { $0.contains("зайнятість") }
            title = find { $0.contains("тайтл") }
            category = find { $0 == "categories" || $0 == "категорія" }
            position = find { $0 == "position" || $0.contains("посаду") }
            specialization = find { $0.contains("спеціалізац") }
            language = find { $0.hasPrefix("основна мова") }
            years = find { $0.contains("стаж") }
            livesIn = find { $0.hasPrefix("де ви зараз живете") }
            region = find { $0.contains("якій області") }
            companySize = find { $0.hasPrefix("кількість спеціалістів") }
        }
    }

    func convert(_ row: Row) -> ImportItem {
        func field(_ name: String?) -> String? { name.flatMap { row[$0] } }
        let recordKey = keys.next(file: fileName)
        guard let submitted = row[columns.submitted], let date = CalendarDate(iso: submitted) else {
            return row.issue(columns.submitted, .invalidValue, "'\(row.raw(columns.submitted))' is not a submission time")
        }
        guard let salaryText = row[columns.salary] else { return row.issue(columns.salary, .missingPay, "no salary given") }
        guard let salary = DOURules.salary(salaryText) else {
            return row.issue(columns.salary, .invalidAmount, "'\(salaryText)' is not a number of dollars")
        }
        if DOURules.livesAbroad(field(columns.livesIn)) {
            return row.issue(columns.livesIn ?? "", .unknownCountry, "the respondent lives outside Ukraine and the survey does not say where")
        }
        guard let employment = DOURules.employment(field(columns.employment), companyType: nil, resolvers: resolvers) else {
            return row.issue(
                columns.employment ?? "",
                .notEmployed,
                "'\(field(columns.employment) ?? "")': the salary does not describe a current job"
            )
        }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(
                salary.value,
                per: .month,
                basis: .net,
                on: date,
                band: salary.band,
                bandRule: salary.rule,
                line: row.line,
                field: columns.salary
            )
        } catch { return .rejected(error) }
        let city = field(columns.region).flatMap { DOURules.noCity.contains($0) ? nil : resolvers.city($0) }
        var experience = Experience(years: field(columns.years).flatMap(NumberText.parse))
        experience.statedLevel = field(columns.title).flatMap(resolvers.level)
        return .observation(
            Observation(
                recordKey: recordKey,
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: DOURules.ukraine, city: city?.name, cityKey: city?.key),
                experience: experience,
                skills: resolvers.skills([field(columns.language)], separator: "\u{0}"),
                role: DOURules.role(
                    category: field(columns.category),
                    specialization: field(columns.specialization),
                    position: field(columns.position),
                    language: field(columns.language),
                    resolvers: resolvers
                ),
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.qualityRule,
                business: DOURules.worksForAbroad(employment: field(columns.employment), companySize: field(columns.companySize)) ? .abroad : nil
            )
        )
    }
}
