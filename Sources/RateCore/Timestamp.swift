import Foundation

/// A moment in UTC, to the whole second: when a file was imported, a model fitted, a token created
/// or revoked, a self-report submitted or decided. The one timestamp type of the store, the services
/// and the edges; it is written as ISO 8601 (`2026-11-29T10:00:00Z`) wherever it leaves as text (the
/// stores' columns, JSON, the CLI), so the text is the same as before the type existed.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The moment `date` falls in, to the second below.
    public init(_ date: Date) {
        secondsSince1970 = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Reads ISO 8601 with a zone (`2026-11-29T10:00:00Z`, `2026-11-29T11:00:00+01:00`, with or
    /// without fractional seconds, which are dropped); `nil` for anything else.
    public init?(iso8601 text: String) {
        let trimmed = text.trimmed
        if let date = try? Date(trimmed, strategy: Self.style) {
            self.init(date)
        } else if let date = try? Date(trimmed, strategy: Self.style.time(includingFractionalSeconds: true)) {
            self.init(date)
        } else {
            return nil
        }
    }

    private static let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// The UTC day it falls on.
    public var day: CalendarDate {
        CalendarDate(dayNumber: Int((Double(secondsSince1970) / 86_400).rounded(.down)))
    }

    /// ISO 8601 in UTC, to the second.
    public var description: String { date.formatted(Self.style) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 timestamp")
        }
        self = timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
