import Foundation
import RateCore

/// How a user's own CSV maps onto RateCard's fields: a small JSON file beside the data.
///
/// ```json
/// { "title": "Acme salary review 2024", "licence": "internal",
///   "columns": { "amount": "Salary", "currency": "Currency", "country": "Country", "years": "YOE",
///                "skills": "Stack", "role": "Role", "employment": "Type", "date": "Date", "id": "Employee" },
///   "defaults": { "period": "year", "basis": "gross", "date": "2024-06-30" },
///   "skillSeparator": ";", "delimiter": "," }
/// ```
public struct ImportMapping: Codable, Sendable, Equatable {
    /// RateCard field → column name in the file.
    public var columns: [String: String]
    /// RateCard field → value used when the column is absent or empty.
    public var defaults: [String: String]?
    public var title: String?
    public var licence: String?
    public var attribution: String?
    public var skillSeparator: String?
    public var delimiter: String?

    public static let fields = [
        "id", "amount", "currency", "period", "basis", "date", "country", "city", "years", "level",
        "skills", "role", "employment", "weight",
    ]

    public init(
        columns: [String: String],
        defaults: [String: String]? = nil,
        title: String? = nil,
        licence: String? = nil,
        attribution: String? = nil,
        skillSeparator: String? = nil,
        delimiter: String? = nil
    ) {
        self.columns = columns
        self.defaults = defaults
        self.title = title
        self.licence = licence
        self.attribution = attribution
        self.skillSeparator = skillSeparator
        self.delimiter = delimiter
    }

    /// Reads and checks a mapping file, naming the file and the key at fault.
    public static func load(path: String) throws -> ImportMapping {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MappingError(path: path, message: "cannot read the mapping file (\(error.localizedDescription))")
        }
        // A misspelled key ("colums", "delimeter") would otherwise be ignored without a word.
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for key in object.keys.sorted() where !topLevelKeys.contains(key) {
                throw MappingError(
                    path: path,
                    message: "'\(InputQuote.make(key, limit: 40))' is not a mapping key; use \(topLevelKeys.sorted().joined(separator: ", "))"
                )
            }
        }
        let mapping: ImportMapping
        do { mapping = try JSONDecoder().decode(ImportMapping.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw MappingError(path: path, message: "the key '\(key.stringValue)' is required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw MappingError(
                path: path,
                message: "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type: \(context.debugDescription)"
            )
        } catch {
            throw MappingError(
                path: path,
                message: "not valid JSON (\(error.localizedDescription)); see docs/data.md, 'Your own files: a mapping', for the format"
            )
        }
        try mapping.validate(path: path)
        return mapping
    }

    static let topLevelKeys: Set<String> = ["columns", "defaults", "title", "licence", "attribution", "skillSeparator", "delimiter"]

    /// A default that no row could use: said when the mapping loads, not once per row.
    static func defaultProblem(_ field: String, _ value: String) -> String? {
        switch field {
        case "currency": CurrencyCode(value) == nil ? "is not an ISO 4217 currency code such as EUR or USD" : nil
        case "period": PayPeriod(parsing: value) == nil ? "is not a pay period; use hour, day, week, month or year" : nil
        case "basis": PayBasis(rawValue: value.lowercased()) == nil ? "is not gross or net" : nil
        case "date": CalendarDate(iso: value) == nil ? "is not a date in YYYY-MM-DD form" : nil
        case "employment": EmploymentType(parsing: value) == nil ? "is not employee, freelancer, agency or self-employed" : nil
        case "years": NumberText.parse(value).map { $0 >= 0 && $0 < 70 } == true ? nil : "is not a number of years between 0 and 70"
        case "level": ExperienceLevel(parsing: value) == nil ? "is not a level (entry, mid, senior or lead)" : nil
        case "weight": NumberText.weight(value) == nil ? "is not a number from 0.001 to 1,000" : nil
        case "amount": "cannot be a default: every row needs its own pay"
        case "id": "cannot be a default: a record key names one row"
        default: nil
        }
    }

    func validate(path: String) throws {
        for key in columns.keys.sorted() where !Self.fields.contains(key) {
            throw MappingError(path: path, message: "columns.\(key) is not a RateCard field; use one of \(Self.fields.joined(separator: ", "))")
        }
        for key in (defaults ?? [:]).keys.sorted() where !Self.fields.contains(key) {
            throw MappingError(path: path, message: "defaults.\(key) is not a RateCard field; use one of \(Self.fields.joined(separator: ", "))")
        }
        for (field, value) in (defaults ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let problem = Self.defaultProblem(field, value) {
                throw MappingError(path: path, message: "defaults.\(field): '\(InputQuote.make(value, limit: 40))' \(problem)")
            }
        }
        guard columns["amount"] != nil else { throw MappingError(path: path, message: "columns.amount is required: which column holds the pay?") }
        for field in ["currency", "period", "country", "date"] where columns[field] == nil && defaults?[field] == nil {
            throw MappingError(path: path, message: "give columns.\(field) or defaults.\(field)")
        }
        if let delimiter, delimiter.utf8.count != 1 {
            throw MappingError(path: path, message: "delimiter must be a single character, found '\(delimiter)'")
        }
    }
}

/// A mapping file that cannot be used.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// A user's CSV read through an `ImportMapping`.
struct GenericCSVAdapter: RecordAdapter {
    let dataset: String
    let mapping: ImportMapping
    let context: ImportContext
    let resolvers: CachedResolvers

    /// The value of a RateCard field: the mapped column, else the default.
    private func value(_ field: String, _ row: Row) -> (text: String?, column: String) {
        if let column = mapping.columns[field], let text = row[column] { return (text, column) }
        return (mapping.defaults?[field], mapping.columns[field] ?? "defaults.\(field)")
    }

    func convert(_ row: Row) -> ImportItem {
        let (amountText, amountColumn) = value("amount", row)
        guard let amountText else { return row.issue(amountColumn, .missingPay, "no pay given") }
        guard let amount = NumberText.parse(amountText) else { return row.issue(amountColumn, .invalidAmount, "'\(amountText)' is not a number") }
        let (currencyText, currencyColumn) = value("currency", row)
        guard let currencyText, let currency = CurrencyCode(currencyText), context.tables.isKnownCurrency(currency) else {
            return row.issue(currencyColumn, .unknownCurrency, "'\(currencyText ?? "")' is not an ISO 4217 currency code such as EUR or USD")
        }
        let (periodText, periodColumn) = value("period", row)
        guard let periodText, let period = PayPeriod(parsing: periodText) else {
            return row.issue(periodColumn, .invalidValue, "'\(periodText ?? "")' is not a pay period; use hour, day, week, month or year")
        }
        let (basisText, basisColumn) = value("basis", row)
        let basis: PayBasis
        if let basisText {
            guard let parsed = PayBasis(rawValue: basisText.lowercased()) else {
                return row.issue(basisColumn, .invalidValue, "'\(basisText)' is not gross or net")
            }
            basis = parsed
        } else {
            basis = .gross
        }
        let (dateText, dateColumn) = value("date", row)
        guard let dateText, let date = CalendarDate(iso: dateText) else {
            return row.issue(dateColumn, .invalidValue, "'\(dateText ?? "")' is not a date in YYYY-MM-DD form")
        }
        let (countryText, countryColumn) = value("country", row)
        guard let countryText else { return row.issue(countryColumn, .missingCountry, "no country given") }
        guard let country = resolvers.country(countryText) else {
            return row.issue(countryColumn, .unknownCountry, "'\(countryText)' is not a country RateCard knows; use an ISO 3166 code or name")
        }
        let (employmentText, employmentColumn) = value("employment", row)
        let employment: EmploymentType
        if let employmentText {
            guard let parsed = EmploymentType(parsing: employmentText) else {
                return row.issue(employmentColumn, .unknownEmployment, "'\(employmentText)' is not employee, freelancer, agency or self-employed")
            }
            employment = parsed
        } else {
            employment = .employeeFullTime
        }
        let (yearsText, yearsColumn) = value("years", row)
        var experience = Experience.unknown
        if let yearsText {
            guard let years = NumberText.parse(yearsText), years >= 0, years < 70 else {
                return row.issue(yearsColumn, .invalidValue, "'\(yearsText)' is not a number of years between 0 and 70")
            }
            experience.years = years
        }
        experience.statedLevel = value("level", row).text.flatMap(ExperienceLevel.init(parsing:))
        let (weightText, weightColumn) = value("weight", row)
        var weight = 1.0
        if let weightText {
            guard let parsed = NumberText.weight(weightText) else {
                return row.issue(weightColumn, .invalidValue, NumberText.weightMessage(weightText))
            }
            weight = parsed
        }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.normalise(
                amount: amount,
                currency: currency,
                period: period,
                basis: basis,
                on: date,
                line: row.line,
                amountField: amountColumn,
                currencyField: currencyColumn
            )
        } catch { return .rejected(error) }
        let city = value("city", row).text.flatMap(resolvers.city)
        let separator = mapping.skillSeparator?.first ?? ";"
        return .observation(
            Observation(
                recordKey: value("id", row).text.map { "\(dataset):\($0)" },
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: country.code, city: city?.name, cityKey: city?.key),
                experience: experience,
                skills: resolvers.skills([value("skills", row).text], separator: separator),
                role: value("role", row).text.map { Role(parsing: $0) ?? .other } ?? .backend,
                employment: employment,
                weight: weight,
                quality: pay.quality,
                qualityRule: pay.qualityRule
            )
        )
    }
}
