import RateCore

/// colombia-dev's developer salary surveys (https://github.com/colombia-dev/data), 2020 (a form
/// export) and 2021 (a SurveyMonkey export whose second row is a sub-header and whose
/// multi-select answers spread over unnamed columns). Columns are found by the start of their
/// question, which is how the two waves differ.
///
/// What the rows add beyond pay: whether the employer is abroad ("empresa extranjera", a local
/// contract "pero trabajo para empresa extranjera", "contratista internacional"), which is what
/// the model's employer-abroad effect is learned from.
struct ColombiaDevAdapter: RecordAdapter {
    let dataset = "colombia-dev"
    let context: ImportContext
    let resolvers: CachedResolvers
    let columns: Columns

    /// Where each answer is, by the question's opening words.
    struct Columns {
        var wave: Int
        var id: Int?
        var date: Int
        var companyType: Int
        var title: Int?
        var experience: Int
        var mainLanguage: Int?
        /// 2020: one comma-separated answer; 2021: one column per language, holding its name when ticked.
        var otherLanguages: [Int]
        var contract: Int?
        var currency: Int
        var baseSalary: Int
        var city: Int?
        let header: [String]

        /// A column's name for messages: the question's opening words.
        func field(_ index: Int) -> String { InputQuote.make(header[index], limit: 60) }

        init?(header: [String]) {
            self.header = header
            func find(_ opening: String) -> Int? { header.firstIndex { $0.hasPrefix(opening) } }
            guard let currency = find(ColombiaDevAdapter.currencyQuestion), let companyType = find("¿Para qué tipo de empresa trabaja?"),
                let experience = find("¿Cuántos años de experiencia en desarrollo de software profesional tiene?")
            else { return nil }
            self.currency = currency
            self.companyType = companyType
            self.experience = experience
            if let id = header.firstIndex(of: "respondent_id"), let date = header.firstIndex(of: "date_created"),
                let base = find("¿Cuánto es su remuneración en su ACTUAL trabajo?")
            {
                (wave, self.id, self.date, baseSalary) = (2021, id, date, base)
                if let others = find("¿En qué otros lenguajes/tecnologías") {
                    var index = others + 1
                    var spread = [others]
                    while index < header.count, header[index].isEmpty {
                        spread.append(index)
                        index += 1
                    }
                    otherLanguages = spread
                } else {
                    otherLanguages = []
                }
            } else if let date = header.firstIndex(of: "Timestamp"),
                let base = find("¿Usando la moneda de la respuesta anterior, cuánto es su remuneración ANUAL base?")
            {
                (wave, id, self.date, baseSalary) = (2020, nil, date, base)
                otherLanguages = find("¿En qué otros lenguajes de programación").map { [$0] } ?? []
            } else {
                return nil
            }
            title = find("¿Cuál es su título en la empresa")
            mainLanguage = find("¿En cuál de los siguientes lenguajes de programación ocupa la")
            contract = header.firstIndex(of: "Tipo de relación laboral")
            city = header.firstIndex { $0.hasPrefix("¿En") && $0.contains("ciudad") && $0.contains("Colombia vive") }
        }
    }

    static let currencyQuestion = "¿A usted le pagan en pesos colombianos (COP) o dólares (USD)?"
    static let colombia = CountryCode("CO")!

    /// COP per USD: Banco de la República's average representative market rate (TRM) of the survey
    /// year. The ECB publishes no peso rate; the rule and the rate are stored with every row.
    static let pesosPerDollar: [Int: Double] = [2020: 3_693.36, 2021: 3_743.09]
    /// Colombia's legal monthly minimum wage (SMMLV, Decretos 2360 de 2019 y 1785 de 2020), ×12.
    /// A yearly base below it is a monthly figure or millions written short ("32.3"), not a salary.
    static let annualMinimumWage: [Int: Double] = [2020: 877_803 * 12, 2021: 908_526 * 12]

    func convert(_ row: Row) -> ImportItem {
        guard let company = row[at: columns.companyType] else {
            return reject(row, columns.companyType, .notEmployed, "the respondent did not say where they work")
        }
        if company == "Response" {
            return reject(row, columns.companyType, .malformedRow, "SurveyMonkey's second header row (the answer labels), not a response")
        }
        let wave = columns.wave
        guard let date = Self.date(row[at: columns.date]) else {
            return reject(row, columns.date, .invalidValue, "'\(InputQuote.make(row.raw(at: columns.date)))' is not a date (M/D/YYYY)")
        }
        let currencyField = columns.field(columns.currency)
        let salaryField = columns.field(columns.baseSalary)
        guard let currencyText = row[at: columns.currency] else { return reject(row, columns.currency, .missingPay, "the respondent gave no pay") }
        let inPesos: Bool
        switch TextKey.make(currencyText) {
        case "pesos": inPesos = true
        case "dolares": inPesos = false
        default: return reject(row, columns.currency, .unknownCurrency, "'\(InputQuote.make(currencyText))' is neither pesos nor dólares")
        }
        guard let salaryText = row[at: columns.baseSalary] else { return reject(row, columns.baseSalary, .missingPay, "no annual base pay given") }
        guard let amount = NumberText.parse(salaryText), amount > 0 else {
            return reject(row, columns.baseSalary, .invalidAmount, "'\(InputQuote.make(salaryText))' is not a positive amount")
        }
        let pesosPerDollar = Self.pesosPerDollar[wave]!
        let minimum = Self.annualMinimumWage[wave]!
        let annualPesos = inPesos ? amount : amount * pesosPerDollar
        if annualPesos < minimum {
            return reject(
                row,
                columns.baseSalary,
                .invalidAmount,
                "\(salaryText) \(inPesos ? "COP" : "USD") a year is below Colombia's \(wave) minimum wage (\(Int(saturating: minimum)) COP a year): "
                    + "a monthly figure or millions written short, so it is not used"
            )
        }
        if !inPesos && amount > 2_000_000 {
            return reject(row, columns.baseSalary, .invalidAmount, "\(salaryText) USD a year: a peso amount answered as dollars, so it is not used")
        }
        let contract = columns.contract.flatMap { row[at: $0] }
        let lowerContract = contract?.lowercased() ?? ""
        if lowerContract.contains("aprendizaje") {
            return reject(row, columns.contract!, .notEmployed, "an apprenticeship contract: its pay is a training stipend, not a developer's salary")
        }
        let lowerCompany = company.lowercased()
        let abroad = lowerCompany.contains("extranjera") || lowerContract.contains("extranjera") || lowerContract.contains("internacional")
        let freelance =
            lowerCompany.contains("independiente") || lowerContract.contains("internacional") || lowerContract.contains("prestación de servicios")
            || lowerContract.contains("prestacion de servicios") || lowerContract.contains("freelance") || lowerContract.contains("independiente")
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.normalise(
                amount: amount,
                currency: inPesos ? CurrencyCode("COP")! : .usd,
                period: .year,
                basis: .gross,
                on: date,
                sourceAnnualUSD: inPesos ? amount / pesosPerDollar : nil,
                line: row.line,
                amountField: salaryField,
                currencyField: currencyField
            )
        } catch { return .rejected(error) }
        guard let experienceText = row[at: columns.experience] else {
            return reject(row, columns.experience, .invalidValue, "no years of experience given")
        }
        guard let experience = Self.experience(experienceText) else {
            return reject(row, columns.experience, .invalidValue, "'\(InputQuote.make(experienceText))' is not one of the survey's experience bands")
        }
        let mainLanguage = columns.mainLanguage.flatMap { row[at: $0] }
        var languageLists: [String?] = [mainLanguage]
        for index in columns.otherLanguages {
            languageLists.append(
                row[at: index].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\u{1}") }
            )
        }
        let city = columns.city.flatMap { row[at: $0] }.flatMap { $0.hasPrefix("Otro") ? nil : resolvers.city($0) }
        let key = columns.id.flatMap { row[at: $0] }.map { "\(dataset)-\(wave):\($0)" } ?? "\(dataset)-\(wave):line-\(row.line)"
        return .observation(
            Observation(
                recordKey: key,
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: Self.colombia, city: city?.name, cityKey: city?.key),
                experience: experience,
                skills: resolvers.skills(languageLists, separator: "\u{1}"),
                role: Self.role(title: columns.title.flatMap { row[at: $0] }, language: mainLanguage, resolvers: resolvers),
                employment: freelance ? .freelancer : .employeeFullTime,
                quality: pay.quality,
                qualityRule: inPesos ? "COP at Banco de la República's \(wave) average TRM, \(pesosPerDollar) per USD" : pay.qualityRule,
                business: abroad ? .abroad : .country(Self.colombia)
            )
        )
    }

    private func reject(_ row: Row, _ column: Int, _ reason: RejectReason, _ message: String) -> ImportItem {
        .rejected(RowIssue(line: row.line, field: columns.field(column), value: row.raw(at: column), reason: reason, message: message))
    }

    /// "6/17/2020 16:23:44" (2020) and "08/25/2021 05:30:07 PM" (2021).
    static func date(_ text: String?) -> CalendarDate? { text.flatMap(DateText.monthFirst) }

    /// The survey's professional-experience bands ("menos de 1 año", "1+ año", "3 - 5 años", "más de 15 años").
    static func experience(_ text: String) -> Experience? {
        switch TextKey.make(text) {
        case "menosde1ano": Experience(bandLow: 0, bandHigh: 1)
        case "1ano": Experience(bandLow: 1, bandHigh: 2)
        case "2anos": Experience(bandLow: 2, bandHigh: 3)
        case "35anos": Experience(bandLow: 3, bandHigh: 5)
        case "510anos": Experience(bandLow: 5, bandHigh: 10)
        case "1015anos": Experience(bandLow: 10, bandHigh: 15)
        case "masde15anos": Experience(bandLow: 15, bandHigh: nil)
        default: nil
        }
    }

    /// The role from the job title; generic developer titles ("Ingeniero de Software",
    /// "Desarrollador") take the main language's usual role, as DOU's generic titles do.
    static func role(title: String?, language: String?, resolvers: CachedResolvers) -> Role {
        let fromTitle = title.map { resolvers.role($0) } ?? .other
        if fromTitle != .other { return fromTitle }
        let lower = title?.lowercased() ?? ""
        let developer =
            title == nil || ["desarrollador", "ingenier", "developer", "engineer", "programador", "software"].contains(where: lower.contains)
        guard developer else { return .other }
        return DOURules.role(category: "dev", specialization: nil, position: nil, language: language)
    }
}
