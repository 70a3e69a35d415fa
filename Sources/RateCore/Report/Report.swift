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
    public static func number(_ value: Int) -> String { number(Double(value)) }

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

    private static func digits(_ value: Double, decimals: Int, grouped: Bool, minus: String) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        let integer = Int(saturating: rounded)
        var text = String(integer)
        if grouped {
            var grouping = ""
            for (index, character) in text.reversed().enumerated() {
                if index > 0 && index % 3 == 0 { grouping.append(",") }
                grouping.append(character)
            }
            text = String(grouping.reversed())
        }
        if decimals > 0 {
            let fraction = Int(saturating: ((rounded - Double(integer)) * scale).rounded())
            var fractionText = String(fraction)
            while fractionText.count < decimals { fractionText = "0" + fractionText }
            text += "." + fractionText
        }
        return value < 0 && rounded != 0 ? minus + text : text
    }
}
