/// Why an input row was not stored as an observation. Every rejected row is kept with one of these.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Hashable {
    case missingPay = "missing-pay"
    case invalidAmount = "invalid-amount"
    case unknownCurrency = "unknown-currency"
    case noExchangeRate = "no-exchange-rate"
    case missingCountry = "missing-country"
    case unknownCountry = "unknown-country"
    case notEmployed = "not-employed"
    case unknownEmployment = "unknown-employment"
    case invalidValue = "invalid-value"
    case malformedRow = "malformed-row"
    case truncatedRow = "truncated-row"
    case invalidEncoding = "invalid-encoding"
    case duplicate
    case aggregateRow = "aggregate-row"
}

/// A row that could not be stored: where it is, which field, what was there, and what to do.
public struct RowIssue: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var value: String
    public var reason: RejectReason
    public var message: String

    public init(line: Int, field: String, value: String, reason: RejectReason, message: String) {
        self.line = line
        self.field = field
        // Keep what was there, tabs and newlines included (the rejected-rows report shows the
        // cell as the file had it), but not a whole mangled record in one cell.
        self.value = value.count > 200 ? String(value.prefix(200)) + "…" : value
        self.reason = reason
        self.message = InputQuote.bounding(message, quoting: value)
    }

    public var description: String { "line \(line), field \(field): \(message)" }
}
