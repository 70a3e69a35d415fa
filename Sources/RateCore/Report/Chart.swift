import Foundation

/// A chart as a value; `SVGChart` draws it. No JavaScript: the same SVG goes in HTML or a file.
public enum Chart: Sendable, Codable, Hashable {
    case rangeBars(RangeBars)
    case lines(Lines)
    case stackedBars(StackedBars)

    /// P10–P90 whiskers, a P25–P75 box and a median tick per row.
    public struct RangeBars: Sendable, Codable, Hashable {
        public struct Row: Sendable, Codable, Hashable {
            public var label: String
            /// P10, P25, P50, P75, P90.
            public var values: [Double]
            public init(label: String, values: [Double]) {
                self.label = label
                self.values = values
            }
        }
        public var title: String
        public var summary: String
        public var unit: String
        public var rows: [Row]
        public init(title: String, summary: String, unit: String, rows: [Row]) {
            self.title = title
            self.summary = summary
            self.unit = unit
            self.rows = rows
        }
    }

    /// One or more series of (x, y) points, for the experience curve.
    public struct Lines: Sendable, Codable, Hashable {
        public struct Series: Sendable, Codable, Hashable {
            public var name: String
            public var points: [[Double]]
            public init(name: String, points: [[Double]]) {
                self.name = name
                self.points = points
            }
        }
        public var title: String
        public var summary: String
        public var xLabel: String
        public var yLabel: String
        public var series: [Series]
        public init(title: String, summary: String, xLabel: String, yLabel: String, series: [Series]) {
            self.title = title
            self.summary = summary
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.series = series
        }
    }

    /// Bars made of named segments, for cost breakdowns.
    public struct StackedBars: Sendable, Codable, Hashable {
        public struct Bar: Sendable, Codable, Hashable {
            public var label: String
            public var segments: [Segment]
            public init(label: String, segments: [Segment]) {
                self.label = label
                self.segments = segments
            }
        }
        public struct Segment: Sendable, Codable, Hashable {
            public var name: String
            public var value: Double
            public init(name: String, value: Double) {
                self.name = name
                self.value = value
            }
        }
        public var title: String
        public var summary: String
        public var unit: String
        public var bars: [Bar]
        public init(title: String, summary: String, unit: String, bars: [Bar]) {
            self.title = title
            self.summary = summary
            self.unit = unit
            self.bars = bars
        }
    }
}

/// Draws charts as standalone, accessible SVG (a `<title>` and `<desc>`, text labels on every
/// bar and axis), legible at 800 px wide. Written here because no Swift charting library renders
/// SVG on Linux without a GUI toolkit.
public enum SVGChart {
    static let palette = ["#1f5f8b", "#d9822b", "#2e8b57", "#8b3a62", "#6b6b6b", "#b8860b", "#4682b4", "#a0522d", "#556b2f"]

    public static func render(_ chart: Chart, width: Int = 800) -> String {
        switch chart {
        case let .rangeBars(value): rangeBars(value, width: Double(width))
        case let .lines(value): lines(value, width: Double(width))
        case let .stackedBars(value): stacked(value, width: Double(width))
        }
    }

    /// A deterministic element id from a title (FNV-1a), so the same chart always draws the same SVG.
    static func stableID(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 36)
    }

    /// SVG coordinates: one decimal, an ASCII minus, no grouping.
    static func f(_ value: Double) -> String { ReportFormat.plain(value, decimals: 1) }

    static func open(width: Double, height: Double, title: String, summary: String, id: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(saturating: width))" height="\(Int(saturating: height))" viewBox="0 0 \(Int(saturating: width)) \(Int(saturating: height))" role="img" aria-labelledby="\(id)-t \(id)-d" font-family="Helvetica, Arial, sans-serif" font-size="13">
        <title id="\(id)-t">\(TextEscaping.html(title))</title>
        <desc id="\(id)-d">\(TextEscaping.html(summary))</desc>
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="12" y="22" font-size="15" font-weight="bold" fill="#222">\(TextEscaping.html(title))</text>

        """
    }

    /// "Nice" axis ticks covering 0...maximum.
    static func ticks(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let raw = maximum / Double(count)
        let magnitude = pow10(Int(saturating: (log10(raw)).rounded(.down)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: 0.0, through: maximum + step * 0.999, by: step).map { $0 }
    }

    static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        if exponent >= 0 { for _ in 0..<exponent { value *= 10 } } else { for _ in 0..<(-exponent) { value /= 10 } }
        return value
    }

    static func log10(_ value: Double) -> Double { log(value) / log(10) }

    static func rangeBars(_ chart: Chart.RangeBars, width: Double) -> String {
        let labelWidth = min(260, max(110, Double(chart.rows.map(\.label.count).max() ?? 10) * 7.2 + 16))
        let left = labelWidth
        let right = 70.0
        let top = 40.0
        let rowHeight = 30.0
        let height = top + Double(chart.rows.count) * rowHeight + 50
        let maximum = chart.rows.flatMap(\.values).max() ?? 1
        let axis = ticks(upTo: maximum)
        let scaleMax = axis.last ?? maximum
        func x(_ value: Double) -> Double { left + (width - left - right) * value / scaleMax }
        var svg = open(width: width, height: height, title: chart.title, summary: chart.summary, id: "rb\(stableID(chart.title))")
        let axisY = top + Double(chart.rows.count) * rowHeight + 6
        for tick in axis {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(axisY))\" stroke=\"#e3e3e3\"/>\n"
            svg +=
                "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\" fill=\"#555\">\(TextEscaping.html(ReportFormat.number(tick, decimals: scaleMax < 10 ? 1 : 0)))</text>\n"
        }
        for (index, row) in chart.rows.enumerated() {
            let y = top + Double(index) * rowHeight + rowHeight / 2
            let v = row.values
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"#222\">\(TextEscaping.html(row.label))</text>\n"
            svg += "<line x1=\"\(f(x(v[0])))\" y1=\"\(f(y))\" x2=\"\(f(x(v[4])))\" y2=\"\(f(y))\" stroke=\"#555\" stroke-width=\"1.5\"/>\n"
            for end in [v[0], v[4]] {
                svg += "<line x1=\"\(f(x(end)))\" y1=\"\(f(y - 6))\" x2=\"\(f(x(end)))\" y2=\"\(f(y + 6))\" stroke=\"#555\" stroke-width=\"1.5\"/>\n"
            }
            svg +=
                "<rect x=\"\(f(x(v[1])))\" y=\"\(f(y - 9))\" width=\"\(f(max(1, x(v[3]) - x(v[1]))))\" height=\"18\" fill=\"#9cc3e4\" stroke=\"#1f5f8b\"><title>\(TextEscaping.html(row.label)): P25 \(TextEscaping.html(ReportFormat.number(v[1], decimals: 2))), median \(TextEscaping.html(ReportFormat.number(v[2], decimals: 2))), P75 \(TextEscaping.html(ReportFormat.number(v[3], decimals: 2)))</title></rect>\n"
            svg += "<line x1=\"\(f(x(v[2])))\" y1=\"\(f(y - 11))\" x2=\"\(f(x(v[2])))\" y2=\"\(f(y + 11))\" stroke=\"#0b2e4a\" stroke-width=\"3\"/>\n"
            svg +=
                "<text x=\"\(f(x(v[4]) + 6))\" y=\"\(f(y + 4))\" fill=\"#333\" font-size=\"12\">\(TextEscaping.html(ReportFormat.number(v[2], decimals: v[2] < 100 ? 2 : 0)))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left))\" y=\"\(f(height - 8))\" fill=\"#555\" font-size=\"11\">Whiskers P10–P90, box P25–P75, thick tick and label: median (\(TextEscaping.html(chart.unit)))</text>\n"
        return svg + "</svg>"
    }

    static func lines(_ chart: Chart.Lines, width: Double) -> String {
        let left = 70.0
        let right = 170.0
        let top = 40.0
        let height = 360.0
        let bottom = 50.0
        let xs = chart.series.flatMap { $0.points.map { $0[0] } }
        let ys = chart.series.flatMap { $0.points.map { $0[1] } }
        let xMax = xs.max() ?? 1
        // Calendar years (a trend over survey waves) start the axis at the data: an axis from 0 to
        // 2025 says nothing. Counts from zero (years of experience) keep their zero.
        let xMin = xs.min() ?? 0
        let isCalendar = xMin > xMax / 2
        let xStart = isCalendar ? xMin.rounded(.down) : 0
        let xEnd = isCalendar ? max(xMax.rounded(.up), xStart + 1) : max(xMax, 1)
        let yTicks = ticks(upTo: ys.max() ?? 1)
        let yMax = yTicks.last ?? 1
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - xStart) / (xEnd - xStart) }
        func y(_ value: Double) -> Double { height - bottom - (height - bottom - top) * value / yMax }
        var svg = open(width: width, height: height, title: chart.title, summary: chart.summary, id: "ln\(stableID(chart.title))")
        for tick in yTicks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(tick)))\" stroke=\"#e3e3e3\"/>\n"
            svg +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" fill=\"#555\">\(TextEscaping.html(ReportFormat.number(tick, decimals: yMax < 10 ? 1 : 0)))</text>\n"
        }
        if isCalendar {
            let step = xEnd - xStart > 12 ? 2.0 : 1.0
            for tick in stride(from: xStart, through: xEnd, by: step) {
                svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(height - bottom))\" stroke=\"#f0f0f0\"/>\n"
                svg +=
                    "<text x=\"\(f(x(tick)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" fill=\"#555\">\(Int(saturating: tick))</text>\n"
            }
        } else {
            for tick in ticks(upTo: xMax) where tick <= xMax {
                svg +=
                    "<text x=\"\(f(x(tick)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" fill=\"#555\">\(TextEscaping.html(ReportFormat.number(tick)))</text>\n"
            }
        }
        svg +=
            "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" fill=\"#333\">\(TextEscaping.html(chart.xLabel))</text>\n"
        svg +=
            "<text x=\"16\" y=\"\(f((top + height - bottom) / 2))\" transform=\"rotate(-90 16 \(f((top + height - bottom) / 2)))\" text-anchor=\"middle\" fill=\"#333\">\(TextEscaping.html(chart.yLabel))</text>\n"
        for (index, series) in chart.series.enumerated() {
            let color = palette[index % palette.count]
            let path = series.points.map { "\(f(x($0[0]))),\(f(y($0[1])))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"/>\n"
            if isCalendar {
                // Waves are points in time: each one marked, its value in its title.
                for point in series.points {
                    svg +=
                        "<circle cx=\"\(f(x(point[0])))\" cy=\"\(f(y(point[1])))\" r=\"4\" fill=\"\(color)\"><title>\(TextEscaping.html(series.name)) \(ReportFormat.plain(point[0], decimals: 1)): \(TextEscaping.html(ReportFormat.number(point[1])))</title></circle>\n"
                }
            }
            let legendY = top + 10 + Double(index) * 20
            svg +=
                "<line x1=\"\(f(width - right + 12))\" y1=\"\(f(legendY))\" x2=\"\(f(width - right + 32))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"3\"/>\n"
            svg += "<text x=\"\(f(width - right + 38))\" y=\"\(f(legendY + 4))\" fill=\"#222\">\(TextEscaping.html(series.name))</text>\n"
        }
        return svg + "</svg>"
    }

    static func stacked(_ chart: Chart.StackedBars, width: Double) -> String {
        // Room for the longest bar label on the left and the total after the longest bar.
        let left = min(260, max(120, Double(chart.bars.map(\.label.count).max() ?? 10) * 7.2 + 16))
        let right = 75.0
        let top = 40.0
        let rowHeight = 44.0
        let names = chart.bars.flatMap { $0.segments.map(\.name) }.uniquedInOrder()
        let legendRows = (names.count + 2) / 3
        let height = top + Double(chart.bars.count) * rowHeight + 56 + Double(legendRows) * 20 + 10
        let maximum = chart.bars.map { $0.segments.reduce(0) { $0 + max(0, $1.value) } }.max() ?? 1
        let axis = ticks(upTo: maximum)
        let scaleMax = axis.last ?? maximum
        func x(_ value: Double) -> Double { left + (width - left - right) * value / scaleMax }
        var svg = open(width: width, height: height, title: chart.title, summary: chart.summary, id: "sb\(stableID(chart.title))")
        let axisY = top + Double(chart.bars.count) * rowHeight
        for tick in axis {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(axisY))\" stroke=\"#e3e3e3\"/>\n"
            svg +=
                "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\" fill=\"#555\">\(TextEscaping.html(ReportFormat.number(tick)))</text>\n"
        }
        for (index, bar) in chart.bars.enumerated() {
            let y = top + Double(index) * rowHeight + 8
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 18))\" text-anchor=\"end\" fill=\"#222\">\(TextEscaping.html(bar.label))</text>\n"
            var start = 0.0
            for segment in bar.segments where segment.value > 0 {
                let color = palette[(names.firstIndex(of: segment.name) ?? 0) % palette.count]
                svg +=
                    "<rect x=\"\(f(x(start)))\" y=\"\(f(y))\" width=\"\(f(x(start + segment.value) - x(start)))\" height=\"26\" fill=\"\(color)\"><title>\(TextEscaping.html(bar.label)) – \(TextEscaping.html(segment.name)): \(TextEscaping.html(ReportFormat.number(segment.value))) \(TextEscaping.html(chart.unit))</title></rect>\n"
                start += segment.value
            }
            svg +=
                "<text x=\"\(f(x(start) + 6))\" y=\"\(f(y + 18))\" fill=\"#222\" font-size=\"12\">\(TextEscaping.html(ReportFormat.number(start)))</text>\n"
        }
        for (index, name) in names.enumerated() {
            let column = Double(index % 3)
            let row = Double(index / 3)
            let lx = 20 + column * (width - 40) / 3
            let ly = axisY + 52 + row * 20
            svg += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 10))\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>\n"
            svg += "<text x=\"\(f(lx + 18))\" y=\"\(f(ly))\" fill=\"#222\" font-size=\"12\">\(TextEscaping.html(name))</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(axisY + 32))\" fill=\"#555\" font-size=\"11\">\(TextEscaping.html(chart.unit)) per year</text>\n"
        return svg + "</svg>"
    }
}
