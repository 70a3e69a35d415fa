import Foundation
import RateCore

/// Estimates every row of a CSV of profiles; a bad row gets its `error` and the rest still run.
public struct BatchEstimator: Sendable {
    public let estimator: Estimator
    public let today: CalendarDate

    public init(estimator: Estimator, today: CalendarDate) {
        self.estimator = estimator
        self.today = today
    }

    public static let inputColumns = [
        "id", "country", "city", "business_country", "years", "level", "skills", "role", "employment", "currency", "as_of",
    ]
    /// Former column names still read, and what they are now.
    static let formerColumns = ["years_experience": "years"]
    public static let outputColumns = [
        "id", "currency", "p10_hourly", "p25_hourly", "p50_hourly", "p75_hourly", "p90_hourly",
        "p10_annual", "p25_annual", "p50_annual", "p75_annual", "p90_annual", "n", "fallback_level", "error",
    ]

    /// One output row, in input order.
    public struct Result: Sendable, Codable, Hashable {
        public var id: String
        public var currency: String
        public var hourly: PayRange?
        public var annual: PayRange?
        public var n: Int?
        public var fallbackLevel: String?
        public var error: String?
        public var line: Int
    }

    public func run(path: String) throws -> [Result] {
        let reader = try CSVReader(source: InputFile.open(path: path), path: path)
        // A batch file is not an import: its errors say what a batch needs, not which --format or
        // --mapping to give `ratecard import`.
        let columns = Self.inputColumns.joined(separator: ",")
        guard let headerRecord = try reader.next() else {
            throw BatchError(message: "\(path): the file is empty; a batch starts with a header line such as \(columns)")
        }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for name in header where !Self.inputColumns.contains(name) && Self.formerColumns[name] == nil {
            throw BatchError(
                message:
                    "\(path), line \(headerRecord.line): unknown column '\(InputQuote.make(name, limit: 40))'; the columns are \(columns) (only country is required)"
            )
        }
        guard header.contains("country") else {
            throw BatchError(
                message: "\(path), line \(headerRecord.line): the header has no country column; the columns are \(columns) (only country is required)"
            )
        }
        var results: [Result] = []
        while let record = try reader.next() {
            results.append(estimate(record: record, header: header))
        }
        return results
    }

    public func estimate(record: CSVRecord, header: [String]) -> Result {
        var values: [String: String] = [:]
        let fields = record.fields
        for (index, name) in header.enumerated() where index < fields.count { values[name] = fields[index] }
        let id = values["id"] ?? String(record.line - 1)
        // No profile field holds a line break: one that does is a quote left open, which swallowed
        // the lines after it into this row. Say so, or those rows vanish without a word.
        if record.isUnterminated || fields.contains(where: { $0.contains("\n") || $0.contains("\r") }) {
            let swallowed = fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            let reach = record.isUnterminated ? "to the end of the file" : "over the next \(swallowed) line\(swallowed == 1 ? "" : "s")"
            return Result(
                id: id,
                currency: "",
                error:
                    "line \(record.line): a quoted field is not closed, so it runs \(reach) and those rows were read as part of this one; close the quote (a quote inside a field is written \"\")",
                line: record.line
            )
        }
        if fields.count != header.count {
            return Result(
                id: id,
                currency: values["currency"] ?? "",
                error: "line \(record.line): \(fields.count) fields where the header has \(header.count)",
                line: record.line
            )
        }
        do {
            let input = ProfileInput(
                country: values["country"],
                city: values["city"],
                businessCountry: values["business_country"],
                years: try ProfileInput.years(values["years"], formerName: values["years_experience"]),
                level: values["level"],
                skills: ProfileInput.skillList(values["skills"]),
                role: values["role"],
                employment: values["employment"],
                currency: values["currency"],
                asOf: values["as_of"]
            )
            let estimate = try estimator.estimate(input.resolve(tables: estimator.tables, today: today))
            return Result(
                id: id,
                currency: estimate.currency.code,
                hourly: estimate.hourly,
                annual: estimate.annual,
                n: estimate.sampleSize,
                fallbackLevel: estimate.fallbackLevel.rawValue,
                error: nil,
                line: record.line
            )
        } catch {
            return Result(
                id: id,
                currency: values["currency"] ?? "",
                error: "line \(record.line), field \(error.field): \(error.message)",
                line: record.line
            )
        }
    }

    /// The batch output as CSV, header first.
    public static func csv(_ results: [Result]) -> String {
        var text = outputColumns.joined(separator: ",") + "\n"
        for result in results {
            var cells = [result.id, result.currency]
            cells += (result.hourly?.values ?? Array(repeating: nil, count: 5)).map { $0.map { ReportFormat.plain($0, decimals: 2) } ?? "" }
            cells += (result.annual?.values ?? Array(repeating: nil, count: 5)).map { $0.map { ReportFormat.plain($0) } ?? "" }
            cells += [result.n.map(String.init) ?? "", result.fallbackLevel ?? "", result.error ?? ""]
            text += cells.map(TextEscaping.csvField).joined(separator: ",") + "\n"
        }
        return text
    }
}

/// A batch file that cannot be read as profiles.
public struct BatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
