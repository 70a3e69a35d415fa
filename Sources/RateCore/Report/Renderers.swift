/// Turns a report into text for people or machines. Each renderer is a pure function.
public protocol ReportRenderer {
    func render(_ report: Report) -> String
}

/// Aligned plain-text tables for a terminal.
public struct TextRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) -> String {
        var lines = [report.title]
        if let subtitle = report.subtitle { lines.append(subtitle) }
        for section in report.sections {
            lines.append("")
            if let heading = section.heading {
                lines.append(heading)
                lines.append(String(repeating: "-", count: heading.count))
            }
            lines += section.paragraphs
            if let table = section.table {
                if !section.paragraphs.isEmpty { lines.append("") }
                lines.append(Self.table(table))
            }
        }
        if !report.footnotes.isEmpty {
            lines.append("")
            lines += report.footnotes.map { "* " + $0 }
        }
        if !report.sources.isEmpty {
            lines.append("")
            lines.append("Sources: " + report.sources.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ table: ReportTable) -> String {
        var widths = table.columns.map(\.name.count)
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.text.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, text in
                let pad = String(repeating: " ", count: max(0, widths[index] - text.count))
                return table.columns[index].numeric ? pad + text : text + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(table.columns.map(\.name)), line(widths.map { String(repeating: "-", count: $0) })] + table.rows.map { line($0.map(\.text)) })
            .joined(separator: "\n")
    }
}

/// GitHub-flavoured Markdown.
public struct MarkdownRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) -> String {
        var lines = ["# \(report.title)"]
        if let subtitle = report.subtitle { lines += ["", subtitle] }
        for section in report.sections {
            lines.append("")
            if let heading = section.heading { lines += ["## \(heading)", ""] }
            for paragraph in section.paragraphs { lines += [paragraph, ""] }
            if let table = section.table {
                lines.append("| " + table.columns.map { Self.escape($0.name) }.joined(separator: " | ") + " |")
                lines.append("|" + table.columns.map { $0.numeric ? "---:|" : "---|" }.joined())
                for row in table.rows { lines.append("| " + row.map { Self.escape($0.text) }.joined(separator: " | ") + " |") }
            }
        }
        if !report.footnotes.isEmpty {
            lines.append("")
            lines += report.footnotes.map { "- " + $0 }
        }
        if !report.sources.isEmpty { lines += ["", "Sources: " + report.sources.joined(separator: "; ")] }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}

/// The report's tables as CSV with machine column names and raw values (several tables are
/// separated by an empty line).
public struct CSVRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) -> String {
        report.sections.compactMap(\.table).map { table in
            var text = table.columns.map { TextEscaping.csvField($0.key) }.joined(separator: ",") + "\n"
            for row in table.rows {
                text +=
                    row.enumerated().map { index, cell in
                        if cell.suppressed { return "" }
                        if table.columns[index].numeric { return cell.value.map(Self.plain) ?? "" }
                        return TextEscaping.csvField(cell.text)
                    }.joined(separator: ",") + "\n"
            }
            return text
        }.joined(separator: "\n")
    }

    static func plain(_ value: Double) -> String { ReportFormat.trimmed(value, maxDecimals: 4) }

}

/// One self-contained HTML file: inline CSS, inline SVG charts, no scripts, no external requests.
public struct HTMLRenderer: ReportRenderer {
    public init() {}

    public static let style = """
        body{font-family:Helvetica,Arial,sans-serif;color:#1d1d1d;max-width:880px;margin:2rem auto;padding:0 1rem;line-height:1.45}
        h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
        .subtitle{color:#555;margin-top:0}table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.92rem}
        th,td{padding:.35rem .55rem;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}th{background:#f3f6f9}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.suppressed{color:#888;font-style:italic}
        figure{margin:1.2rem 0;overflow-x:auto}.table-wrap{overflow-x:auto;margin:1rem 0}.table-wrap table{margin:0}svg{max-width:100%;height:auto}footer{margin-top:2.5rem;font-size:.85rem;color:#444}
        @media (max-width:600px){body{margin:1rem auto}table{font-size:.8rem}th,td{padding:.25rem}}
        """

    public func render(_ report: Report) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(TextEscaping.html(report.title))</title><style>\(Self.style)</style></head>
            <body><main>
            <h1>\(TextEscaping.html(report.title))</h1>

            """
        if let subtitle = report.subtitle { html += "<p class=\"subtitle\">\(TextEscaping.html(subtitle))</p>\n" }
        html += Self.sections(report.sections)
        html += "</main><footer>\n"
        if !report.footnotes.isEmpty { html += "<ul>" + report.footnotes.map { "<li>\(TextEscaping.html($0))</li>" }.joined() + "</ul>\n" }
        if !report.sources.isEmpty { html += "<p>Sources: \(report.sources.map(TextEscaping.html).joined(separator: "; "))</p>\n" }
        return html + "</footer></body></html>\n"
    }

    /// The sections alone, for embedding in a page.
    public static func sections(_ sections: [ReportSection]) -> String {
        var html = ""
        for section in sections {
            html += "<section>\n"
            if let heading = section.heading { html += "<h2>\(TextEscaping.html(heading))</h2>\n" }
            for paragraph in section.paragraphs { html += "<p>\(TextEscaping.html(paragraph))</p>\n" }
            if let chart = section.chart { html += "<figure>\(SVGChart.render(chart))</figure>\n" }
            if let table = section.table { html += self.table(table) }
            html += "</section>\n"
        }
        return html
    }

    public static func table(_ table: ReportTable) -> String {
        var html =
            "<div class=\"table-wrap\"><table><thead><tr>"
            + table.columns.map { "<th scope=\"col\"\($0.numeric ? " class=\"num\"" : "")>\(TextEscaping.html($0.name))</th>" }.joined()
            + "</tr></thead><tbody>\n"
        for row in table.rows {
            html +=
                "<tr>"
                + row.enumerated().map { index, cell in
                    let classes = [table.columns[index].numeric ? "num" : nil, cell.suppressed ? "suppressed" : nil].compactMap { $0 }
                    let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    return index == 0
                        ? "<th scope=\"row\"\(attribute)>\(TextEscaping.html(cell.text))</th>"
                        : "<td\(attribute)>\(TextEscaping.html(cell.text))</td>"
                }.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
