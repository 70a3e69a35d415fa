import RateCore

/// Stack Overflow Developer Survey 2016 (the salary extract and the full 66-column file).
/// Salaries are annual gross USD including bonus, asked as $10k bands; the survey ran in January 2016.
struct StackOverflow2016Adapter: RecordAdapter {
    let dataset = "so2016"
    let context: ImportContext
    let resolvers: CachedResolvers
    static let surveyDate = CalendarDate(year: 2016, month: 1, day: 15)!

    func convert(_ row: Row) -> ImportItem {
        guard let id = row["respondent_id"] else { return row.issue("respondent_id", .invalidValue, "the respondent id is missing") }
        guard Int(id) != nil else {
            return row.issue("respondent_id", .malformedRow, "'\(id.prefix(40))' is not a respondent id; the row's columns are shifted or merged")
        }
        guard let midpoint = row.number("salary_midpoint") else {
            return row.issue("salary_midpoint", .missingPay, "the respondent gave no salary")
        }
        let employmentText = row["employment_status"] ?? ""
        guard let employment = resolvers.employment(employmentText) else {
            if employmentText.isEmpty || employmentText.hasPrefix("Other") || employmentText.hasPrefix("Prefer") {
                return row.issue(
                    "employment_status",
                    .unknownEmployment,
                    "employment status '\(employmentText)' says neither employee nor freelancer"
                )
            }
            return row.issue("employment_status", .notEmployed, "'\(employmentText)': the salary does not describe a current job")
        }
        let country: Country
        do { country = try resolvers.requireCountry(row, field: "country") } catch { return .rejected(error) }
        let band = row["salary_range"].flatMap(NumberText.band)
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(
                midpoint,
                on: Self.surveyDate,
                band: band.map { ($0.low, $0.high) },
                bandRule: band.map { _ in "reported as the band \(row["salary_range"] ?? ""); value is the survey's midpoint" },
                line: row.line,
                field: "salary_midpoint"
            )
        } catch { return .rejected(error) }
        return .observation(
            Observation(
                recordKey: "\(dataset):\(id)",
                line: row.line,
                observedOn: Self.surveyDate,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code),
                experience: ExperienceText.parse(row["experience_range"]),
                skills: resolvers.skills([row["tech_do"]], separator: ";"),
                role: resolvers.role(row["occupation"] ?? ""),
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.qualityRule
            )
        )
    }
}

/// Stack Overflow Developer Survey 2019 and 2023 layouts: compensation in the respondent's own
/// currency (`CompTotal`), with the survey's own USD conversion beside it.
struct StackOverflowModernAdapter: RecordAdapter {
    enum Layout { case y2019, y2023 }
    let layout: Layout
    let context: ImportContext
    let resolvers: CachedResolvers

    var dataset: String { layout == .y2019 ? "so2019" : "so2023" }
    var surveyDate: CalendarDate { layout == .y2019 ? CalendarDate(year: 2019, month: 2, day: 1)! : CalendarDate(year: 2023, month: 5, day: 19)! }
    var idField: String { layout == .y2019 ? "Respondent" : "ResponseId" }
    var currencyField: String { layout == .y2019 ? "CurrencySymbol" : "Currency" }
    var convertedField: String { layout == .y2019 ? "ConvertedComp" : "ConvertedCompYearly" }
    var skillFields: [String] {
        layout == .y2019
            ? ["LanguageWorkedWith", "DatabaseWorkedWith", "PlatformWorkedWith", "WebFrameWorkedWith", "MiscTechWorkedWith"]
            : ["LanguageHaveWorkedWith", "DatabaseHaveWorkedWith", "PlatformHaveWorkedWith", "WebframeHaveWorkedWith", "MiscTechHaveWorkedWith"]
    }

    func convert(_ row: Row) -> ImportItem {
        guard let id = row[idField], Int(id) != nil else {
            return row.issue(
                idField,
                .malformedRow,
                "'\(row.raw(idField).prefix(40))' is not a respondent id; the row's columns are shifted or merged (was the file re-saved by a spreadsheet?)"
            )
        }
        guard let totalText = row["CompTotal"] else { return row.issue("CompTotal", .missingPay, "the respondent gave no compensation") }
        guard let total = NumberText.parse(totalText) else {
            return row.issue("CompTotal", .invalidAmount, "'\(totalText)' is not a number")
        }
        var period = PayPeriod.year
        if layout == .y2019 {
            guard let frequency = row["CompFreq"] else {
                return row.issue("CompFreq", .invalidValue, "compensation given without a period (CompFreq)")
            }
            guard let parsed = PayPeriod(parsing: frequency) else {
                return row.issue("CompFreq", .invalidValue, "'\(frequency)' is not a pay period; expected Yearly, Monthly or Weekly")
            }
            period = parsed
        }
        guard let currencyText = row[currencyField] else {
            return row.issue(currencyField, .unknownCurrency, "compensation given without a currency")
        }
        // 2023 writes "USD\tUnited States dollar".
        guard let currency = CurrencyCode(String(currencyText.prefix(3))) else {
            return row.issue(currencyField, .unknownCurrency, "'\(currencyText)' does not start with an ISO 4217 code")
        }
        let employmentText = row["Employment"] ?? ""
        let employment = employmentText.split(separator: ";").lazy.compactMap { resolvers.employment(String($0)) }.first
        guard let employment else {
            return row.issue(
                "Employment",
                employmentText.isEmpty ? .unknownEmployment : .notEmployed,
                employmentText.isEmpty ? "no employment status given" : "'\(employmentText)': the pay does not describe a current job"
            )
        }
        let country: Country
        do { country = try resolvers.requireCountry(row, field: "Country") } catch { return .rejected(error) }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.normalise(
                amount: total,
                currency: currency,
                period: period,
                basis: .gross,
                on: surveyDate,
                sourceAnnualUSD: row.number(convertedField),
                line: row.line,
                amountField: "CompTotal",
                currencyField: currencyField
            )
        } catch { return .rejected(error) }
        return .observation(
            Observation(
                recordKey: "\(dataset):\(id)",
                line: row.line,
                observedOn: surveyDate,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code),
                experience: ExperienceText.parse(row["YearsCodePro"]),
                skills: resolvers.skills(skillFields.map { row[$0] }, separator: ";"),
                role: resolvers.role(row["DevType"] ?? ""),
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.qualityRule
            )
        )
    }
}

/// The Stack Overflow 2019 survey's every respondent, 21 of its columns: country, the survey's own
/// annual USD figure (`ConvertedComp`), weekly hours and the technologies worked with, but no
/// years of experience, no employment question and no developer type. Rows are the survey's
/// respondents in order, so the n-th data row is respondent n: the same key as the 85-column
/// sample's `Respondent`, and a respondent in both files is stored once.
///
/// Without experience a row cannot be placed on the experience curve, so the model leaves these
/// rows out of its fit (they are counted under "no-experience" in `ratecard model show`); they
/// count in the observed reports and the trends, where a country's 2019 pay needs no curve.
final class StackOverflow2019SubsetAdapter: RecordAdapter {
    let dataset = "so2019"
    let context: ImportContext
    let resolvers: CachedResolvers
    private var respondent = 0
    /// The 2019 survey ran from 23 January to 14 February 2019, as the sample's adapter dates it.
    static let surveyDate = CalendarDate(year: 2019, month: 2, day: 1)!
    /// `MainBranch` answers that describe paid work in software.
    static let working: Set<String> = [
        "I am a developer by profession", "I am not primarily a developer, but I write code sometimes as part of my work",
    ]
    /// Fewer weekly hours than this is part-time work: its annual pay is no full-time rate.
    static let fullTimeHours = 30.0

    init(context: ImportContext, resolvers: CachedResolvers) {
        self.context = context
        self.resolvers = resolvers
    }

    static func detect(_ names: Set<String>) -> Bool {
        names.isSuperset(of: ["MainBranch", "Country", "ConvertedComp", "WorkWeekHrs", "LanguageWorkedWith"]) && !names.contains("CompTotal")
    }

    func convert(_ row: Row) -> ImportItem {
        respondent += 1
        guard let branch = row["MainBranch"] else {
            return row.issue("MainBranch", .unknownEmployment, "the respondent did not say whether they code for a living")
        }
        guard Self.working.contains(branch) else {
            return row.issue("MainBranch", .notEmployed, "'\(InputQuote.make(branch))': the pay does not describe a developer's job")
        }
        guard let usdText = row["ConvertedComp"] else { return row.issue("ConvertedComp", .missingPay, "the respondent gave no compensation") }
        guard let usd = NumberText.parse(usdText) else {
            return row.issue("ConvertedComp", .invalidAmount, "'\(InputQuote.make(usdText))' is not a number of dollars")
        }
        let country: Country
        do { country = try resolvers.requireCountry(row, field: "Country") } catch { return .rejected(error) }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(usd, on: Self.surveyDate, line: row.line, field: "ConvertedComp")
        } catch { return .rejected(error) }
        // No employment question: a working respondent's hours tell full-time from part-time.
        let hours = row.number("WorkWeekHrs").flatMap { (1...100).contains($0) ? $0 : nil }
        let employment: EmploymentType = (hours ?? Self.fullTimeHours) < Self.fullTimeHours ? .employeePartTime : .employeeFullTime
        return .observation(
            Observation(
                recordKey: "\(dataset):\(respondent)",
                line: row.line,
                observedOn: Self.surveyDate,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code),
                experience: .unknown,
                skills: resolvers.skills(
                    ["LanguageWorkedWith", "DatabaseWorkedWith", "PlatformWorkedWith", "WebFrameWorkedWith"].map { row[$0] },
                    separator: ";"
                ),
                role: .other,
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.qualityRule
            )
        )
    }
}
