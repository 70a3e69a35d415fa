import Foundation

/// An ISO 4217 alphabetic currency code, upper-case, three letters.
public struct CurrencyCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let code: String

    /// Validates the shape (three ASCII letters); whether the currency is known is the catalogue's question.
    public init?(_ text: String) {
        let trimmed = text.trimmed.uppercased()
        guard trimmed.utf8.count == 3, trimmed.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
        code = trimmed
    }

    public static let usd = CurrencyCode("USD")!
    public static let eur = CurrencyCode("EUR")!

    public var description: String { code }
    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.code < rhs.code }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CurrencyCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 4217 code"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// An amount of money in integer minor units (cents for USD, whole yen for JPY) of one currency.
///
/// Integer minor units keep stored and summed amounts exact; conversions go through `Double` only
/// when a rate is applied, and round half away from zero back to minor units.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: CurrencyCode
    /// Digits after the decimal point for this currency (ISO 4217 minor unit), 2 for most.
    public var minorUnitDigits: Int

    public init(minorUnits: Int64, currency: CurrencyCode, minorUnitDigits: Int = 2) {
        self.minorUnits = minorUnits
        self.currency = currency
        self.minorUnitDigits = minorUnitDigits
    }

    /// Rounds a decimal amount to minor units; `nil` when it is not finite or does not fit in 64 bits.
    public init?(amount: Double, currency: CurrencyCode, minorUnitDigits: Int = 2) {
        let scaled = (amount * Money.scale(minorUnitDigits)).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite, abs(scaled) < 9.0e18 else { return nil }
        self.init(minorUnits: Int64(scaled), currency: currency, minorUnitDigits: minorUnitDigits)
    }

    /// The amount in major units (dollars, euros) as a `Double`.
    public var amount: Double { Double(minorUnits) / Money.scale(minorUnitDigits) }

    public var description: String {
        "\(ReportFormat.plain(amount, decimals: minorUnitDigits)) \(currency.code)"
    }

    static func scale(_ digits: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, digits) { value *= 10 }
        return value
    }
}
