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

/// Number formatting shared by reports.
public enum ReportFormat {
    /// Thousands separators, fixed decimals: 12,345 or 38.92.
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        let integer = Int(saturating: rounded)
        var digits = ""
        for (index, character) in String(integer).reversed().enumerated() {
            if index > 0 && index % 3 == 0 { digits.append(",") }
            digits.append(character)
        }
        var text = String(digits.reversed())
        if decimals > 0 {
            let fraction = Int(saturating: ((rounded - Double(integer)) * scale).rounded())
            var fractionText = String(fraction)
            while fractionText.count < decimals { fractionText = "0" + fractionText }
            text += "." + fractionText
        }
        return value < 0 && rounded != 0 ? "−" + text : text
    }

    /// A count with thousands separators: 12,345.
    public static func number(_ value: Int) -> String { number(Double(value)) }

    /// Money in a period: decimals for hourly and daily, none for monthly and annual.
    public static func money(_ value: Double, hourly: Bool) -> String { number(value, decimals: hourly ? 2 : 0) }

    public static func percent(_ share: Double, decimals: Int = 0) -> String { number(share * 100, decimals: decimals) + " %" }
}
