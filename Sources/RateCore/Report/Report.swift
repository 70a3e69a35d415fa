/// A report as a pure value: sections of text, tables and charts, with footnotes and sources.
/// Renderers at the edge turn it into terminal text, Markdown, HTML, CSV or JSON.
public struct Report: Sendable, Codable, Hashable {
    public var kind: String
    public var title: String
    public var subtitle: String?
    public var sections: [ReportSection]
    public var footnotes: [String]
    public var sources: [String]

    public init(kind: String, title: String, subtitle: String? = nil, sections: [ReportSection], footnotes: [String] = [], sources: [String] = []) {
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.footnotes = footnotes
        self.sources = sources
    }
}

public struct ReportSection: Sendable, Codable, Hashable {
    public var heading: String?
    public var paragraphs: [String]
    public var table: ReportTable?
    public var chart: Chart?

    public init(heading: String? = nil, paragraphs: [String] = [], table: ReportTable? = nil, chart: Chart? = nil) {
        self.heading = heading
        self.paragraphs = paragraphs
        self.table = table
        self.chart = chart
    }
}

public struct ReportTable: Sendable, Codable, Hashable {
    public struct Column: Sendable, Codable, Hashable {
        public var name: String
        /// Machine name for CSV and JSON ("p25_hourly").
        public var key: String
        public var numeric: Bool

        public init(_ name: String, key: String, numeric: Bool = false) {
            self.name = name
            self.key = key
            self.numeric = numeric
        }
    }

    public var columns: [Column]
    public var rows: [[ReportCell]]

    public init(columns: [Column], rows: [[ReportCell]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A cell: what people read, and the raw value behind it for CSV and JSON.
public struct ReportCell: Sendable, Codable, Hashable {
    public var text: String
    public var value: Double?
    /// True for a cell hidden by the small-group rule.
    public var suppressed: Bool

    public init(_ text: String, value: Double? = nil, suppressed: Bool = false) {
        self.text = text
        self.value = value
        self.suppressed = suppressed
    }

    public static func number(_ value: Double, decimals: Int = 0) -> ReportCell {
        ReportCell(ReportFormat.number(value, decimals: decimals), value: value)
    }

    public static let hidden = ReportCell("suppressed (n < 5)", suppressed: true)
}

/// The one number formatter: every figure RateCard writes for people (and the plain figures in its
/// CSV cells and messages) goes through it, so rounding, grouping and the minus sign agree everywhere.
/// Written here rather than with Foundation's `NumberFormatter` because its output follows the
/// process's locale, and RateCard's text must not change with the machine it runs on.
public enum ReportFormat {
    /// Thousands separators, fixed decimals: 12,345 or 38.92; negatives with a true minus (−1,200).
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        digits(value, decimals: decimals, grouped: true, minus: "−")
    }

    /// A count with thousands separators: 12,345.
    public static func number(_ value: Int) -> String {
        String(unsafeUninitializedCapacity: 40) { buffer in
            var end = 0
            if value < 0 { append("−", to: buffer, at: &end) }
            appendDigits(of: UInt64(value.magnitude), grouped: true, to: buffer, at: &end)
            return end
        }
    }

    /// No grouping, fixed decimals and an ASCII minus, for machine-read text (CSV cells, years on an
    /// axis, quoted values): 12345.00, -0.50.
    public static func plain(_ value: Double, decimals: Int = 0) -> String {
        digits(value, decimals: decimals, grouped: false, minus: "-")
    }

    /// Like `plain`, without trailing zeros: 9.76, 6.5, 20.
    public static func trimmed(_ value: Double, maxDecimals: Int = 2) -> String {
        var text = plain(value, decimals: maxDecimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A signed difference: +0.103, −0.047 (0 is +0.000).
    public static func signed(_ value: Double, decimals: Int) -> String {
        let text = number(value, decimals: decimals)
        return text.hasPrefix("−") ? text : "+" + text
    }

    /// A factor: ×1.23.
    public static func multiplier(_ value: Double, decimals: Int = 2) -> String { "×" + number(value, decimals: decimals) }

    /// An amount quoted in a message: whole above 100 or when whole, else two decimals (12.50, 240).
    public static func quotedAmount(_ value: Double) -> String {
        value >= 100 || value == value.rounded() ? plain(value) : plain(value, decimals: 2)
    }

    /// Money in a period: decimals for hourly and daily, none for monthly and annual.
    public static func money(_ value: Double, hourly: Bool) -> String { number(value, decimals: hourly ? 2 : 0) }

    /// A share as a percentage: 0.483 → 48 % (or 48.3 % with one decimal).
    public static func percent(_ share: Double, decimals: Int = 0) -> String { number(share * 100, decimals: decimals) + " %" }

    /// Writes UTF-8 straight into the string's storage, from whole numbers of the last decimal's unit:
    /// estimates write counts and factors into their evidence on every call, and building the text
    /// character by character doubled an estimate's time. At most 3 + 26 + 1 + 9 bytes.
    private static func digits(_ value: Double, decimals: Int, grouped: Bool, minus: String) -> String {
        guard value.isFinite else { return "–" }
        let decimals = min(max(decimals, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let units = (abs(value) * Double(scale)).rounded()
        // Too large for the decimals asked: the whole part alone, saturating beyond Int's range as
        // every conversion in RateCard does (the decimals are then below a double's precision).
        let (integer, fraction): (UInt64, UInt64) =
            units < 9.2e18 ? (UInt64(units) / scale, UInt64(units) % scale) : (UInt64(Int(saturating: abs(value).rounded())), 0)
        return String(unsafeUninitializedCapacity: 48) { buffer in
            var end = 0
            if value < 0 && (integer != 0 || fraction != 0) { append(minus, to: buffer, at: &end) }
            appendDigits(of: integer, grouped: grouped, to: buffer, at: &end)
            if decimals > 0 {
                buffer[end] = UInt8(ascii: ".")
                end += 1
                var divisor = scale / 10
                while divisor > 0 {
                    buffer[end] = UInt8(ascii: "0") + UInt8(fraction / divisor % 10)
                    end += 1
                    divisor /= 10
                }
            }
            return end
        }
    }

    /// At most 26 bytes: 20 digits and 6 commas.
    private static func appendDigits(of value: UInt64, grouped: Bool, to buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        var divisor: UInt64 = 1
        var count = 1
        while value / divisor >= 10 {
            divisor *= 10
            count += 1
        }
        while divisor > 0 {
            buffer[end] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
            end += 1
            count -= 1
            if grouped && count > 0 && count % 3 == 0 {
                buffer[end] = UInt8(ascii: ",")
                end += 1
            }
            divisor /= 10
        }
    }

    /// A sign of at most 3 bytes (the true minus is 3).
    private static func append(_ sign: String, to buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        for byte in sign.utf8 {
            buffer[end] = byte
            end += 1
        }
    }
}
