import Foundation
import RateCore

/// The label table of a coded survey file (`qname,level,label`): which text each integer code of
/// each question stands for.
struct SurveyLabels: Sendable {
    /// Labels by question, then by code.
    private let labels: [String: [Int: String]]
    let path: String

    init(path: String) throws {
        self.path = path
        let (header, rows) = try ReferenceLoader.readRows(URL(fileURLWithPath: path))
        guard let question = header.firstIndex(of: "qname"), let level = header.firstIndex(of: "level"), let label = header.firstIndex(of: "label")
        else {
            throw ImportFileError.unreadableLabels(path: path, reason: "the header has no qname, level and label columns")
        }
        var labels: [String: [Int: String]] = [:]
        for (index, row) in rows.enumerated() where row.count > max(question, level, label) {
            guard let code = Self.code(row[level]) else {
                throw ImportFileError.unreadableLabels(
                    path: path,
                    reason: "line \(index + 2): '\(InputQuote.make(row[level]))' is not an integer code"
                )
            }
            labels[row[question], default: [:]][code] = row[label]
        }
        self.labels = labels
    }

    /// Codes are written as decimals ("12.0").
    static func code(_ text: String) -> Int? {
        guard let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e9 else { return nil }
        return Int(saturating: value)
    }

    func knows(_ question: String) -> Bool { labels[question] != nil }

    /// The label of `field`'s code in `row`; `nil` when the answer is empty, an issue when the code is not in the table.
    func label(_ row: Row, _ field: String) -> Result<String?, RowIssue> {
        guard let text = row[field] else { return .success(nil) }
        guard let code = Self.code(text), let label = labels[field]?[code] else {
            return .failure(
                RowIssue(
                    line: row.line,
                    field: field,
                    value: text,
                    reason: .invalidValue,
                    message: "'\(InputQuote.make(text))' is not a code of \(field) in \(URL(fileURLWithPath: path).lastPathComponent)"
                )
            )
        }
        return .success(label)
    }
}

/// Stack Overflow Developer Survey 2024, every single-response question as TidyTuesday curated it:
/// answers are integer codes decoded with the crosswalk. No languages and no employment question
/// are in this curation; `org_size` "Just me – I am a freelancer…" marks freelancers.
struct StackOverflow2024Adapter: RecordAdapter {
    let dataset = "so2024"
    let context: ImportContext
    let resolvers: CachedResolvers
    let labels: SurveyLabels
    /// The survey ran from 19 May to 20 June 2024: pay is converted at the rates of its middle.
    static let surveyDate = CalendarDate(year: 2024, month: 6, day: 3)!
    /// `main_branch` answers whose pay does not describe a developer's job.
    static let notDevelopers: Set<String> = [
        "I am learning to code", "I code primarily as a hobby", "I used to be a developer by profession, but no longer am",
    ]

    func convert(_ row: Row) -> ImportItem {
        guard let idText = row["response_id"], let id = SurveyLabels.code(idText) else {
            return row.issue(
                "response_id",
                .malformedRow,
                "'\(InputQuote.make(row.raw("response_id")))' is not a response id; the row's columns are shifted or merged"
            )
        }
        guard let totalText = row["comp_total"] else { return row.issue("comp_total", .missingPay, "the respondent gave no compensation") }
        guard let total = NumberText.parse(totalText) else {
            return row.issue("comp_total", .invalidAmount, "'\(InputQuote.make(totalText))' is not a number")
        }
        // Stack Overflow converts only the answers its own checks keep (about 23,400 of 33,700 in
        // 2024); the rest are zeros, typos and amounts in the wrong unit, and are not used.
        guard let convertedUSD = row.number("converted_comp_yearly") else {
            return row.issue(
                "converted_comp_yearly",
                .missingPay,
                "Stack Overflow published no USD figure for this answer (its own checks rejected it), so it is not used"
            )
        }
        guard let currencyText = row["currency"] else { return row.issue("currency", .unknownCurrency, "compensation given without a currency") }
        // "EUR European Euro", "USD\tUnited States dollar".
        guard let currency = CurrencyCode(String(currencyText.prefix(3))) else {
            return row.issue("currency", .unknownCurrency, "'\(InputQuote.make(currencyText))' does not start with an ISO 4217 code")
        }
        let branch: String?
        let devType: String?
        let orgSize: String?
        let remote: String?
        switch (labels.label(row, "main_branch"), labels.label(row, "dev_type"), labels.label(row, "org_size"), labels.label(row, "remote_work")) {
        case let (.success(a), .success(b), .success(c), .success(d)): (branch, devType, orgSize, remote) = (a, b, c, d)
        case let (.failure(issue), _, _, _), let (_, .failure(issue), _, _), let (_, _, .failure(issue), _), let (_, _, _, .failure(issue)):
            return .rejected(issue)
        }
        if let branch, Self.notDevelopers.contains(branch) {
            return row.issue("main_branch", .notEmployed, "'\(branch)': the pay does not describe a developer's job")
        }
        let country: Country
        do { country = try resolvers.requireCountry(row, field: "country") } catch { return .rejected(error) }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.normalise(
                amount: total,
                currency: currency,
                period: .year,
                basis: .gross,
                on: Self.surveyDate,
                sourceAnnualUSD: convertedUSD,
                line: row.line,
                amountField: "comp_total",
                currencyField: "currency"
            )
        } catch { return .rejected(error) }
        var experience = ExperienceText.parse(row["years_code_pro"])
        experience.codingYears = ExperienceText.parse(row["years_code"]).years
        let employment: EmploymentType = orgSize?.hasPrefix("Just me") == true ? .freelancer : .employeeFullTime
        return .observation(
            Observation(
                recordKey: "\(dataset):\(id)",
                line: row.line,
                observedOn: Self.surveyDate,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code),
                experience: experience,
                skills: [],
                role: resolvers.role(devType ?? ""),
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.qualityRule,
                remoteWork: remote.flatMap(RemoteWork.init(parsing:))
            )
        )
    }
}

/// Stack Overflow Developer Survey 2025, a processed subset: annual USD (`salary`, the survey's
/// ConvertedCompYearly), total years of coding (not professional years: 2025 has no YearsCodePro),
/// country and role; the languages come from the companion file, joined on `respondent`.
struct StackOverflow2025Adapter: RecordAdapter {
    let dataset = "so2025"
    let context: ImportContext
    let resolvers: CachedResolvers
    /// Languages by respondent id, from the languages file; empty when there is none.
    let languages: [Int: [String]]
    /// The survey ran from 29 May to 23 June 2025.
    static let surveyDate = CalendarDate(year: 2025, month: 6, day: 10)!

    func convert(_ row: Row) -> ImportItem {
        guard let idText = row["respondent"], let id = SurveyLabels.code(idText) else {
            return row.issue(
                "respondent",
                .malformedRow,
                "'\(InputQuote.make(row.raw("respondent")))' is not a respondent id; the row's columns are shifted or merged"
            )
        }
        guard let salaryText = row["salary"] else { return row.issue("salary", .missingPay, "the respondent gave no compensation") }
        guard let salary = NumberText.parse(salaryText) else {
            return row.issue("salary", .invalidAmount, "'\(InputQuote.make(salaryText))' is not a number")
        }
        let country: Country
        do { country = try resolvers.requireCountry(row, field: "Country") } catch { return .rejected(error) }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(salary, on: Self.surveyDate, line: row.line, field: "salary")
        } catch { return .rejected(error) }
        var experience = Experience.unknown
        if let codingText = row["YearsCode"] {
            guard let coding = ExperienceText.parse(codingText).years else {
                return row.issue("YearsCode", .invalidValue, "'\(InputQuote.make(codingText))' is not a number of years")
            }
            experience.codingYears = coding
        }
        // The subset has no employment question: its respondents reported a salary, and are taken
        // as employees (stated in the methodology).
        return .observation(
            Observation(
                recordKey: "\(dataset):\(id)",
                line: row.line,
                observedOn: Self.surveyDate,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code),
                experience: experience,
                skills: resolvers.skills([(languages[id] ?? []).joined(separator: ";")], separator: ";"),
                role: resolvers.role(row["PrimaryRole"] ?? ""),
                employment: .employeeFullTime,
                quality: pay.quality,
                qualityRule: pay.qualityRule
            )
        )
    }

    /// Reads the languages file (`respondent,LanguageHaveWorkedWith,...`), one row per language.
    static func languages(path: String) throws -> [Int: [String]] {
        let reader = try CSVReader(source: InputFile.open(path: path), path: path)
        guard let header = try reader.next()?.fields else { throw ImportFileError.empty(path: path) }
        guard let respondent = header.firstIndex(of: "respondent"), let language = header.firstIndex(of: "LanguageHaveWorkedWith") else {
            throw ImportFileError.layoutMismatch(path: path, format: .so2025)
        }
        var languages: [Int: [String]] = [:]
        while let record = try reader.next() {
            guard record.count > max(respondent, language), let id = SurveyLabels.code(record.field(respondent)) else { continue }
            let name = record.field(language).trimmingCharacters(in: .whitespaces)
            if !name.isEmpty && name != "NA" { languages[id, default: []].append(name) }
        }
        return languages
    }
}
