import Foundation
import Ink
import RateCore
import RateStore

/// The data page: sources, licences, import history and how the model works.
enum DataPage {
    /// - Parameter methodologyHTML: the article as `methodologyHTML(_:)` renders it (once per router).
    static func render(sources: [SourceRecord], model: RateModel, methodologyHTML: String) -> String {
        var body =
            "<h2>Sources and licences</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">File</th><th scope=\"col\">Source</th><th scope=\"col\" class=\"num\">Read</th><th scope=\"col\" class=\"num\">Stored</th><th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\">Licence</th><th scope=\"col\">Imported</th></tr></thead><tbody>"
        for source in sources {
            body +=
                "<tr><th scope=\"row\">\(source.id)</th><td>\(TextEscaping.html(source.descriptor.fileName))</td><td>\(TextEscaping.html(source.descriptor.title))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.read)))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.accepted)))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.rejected)))</td><td>\(TextEscaping.html(source.descriptor.licence)). \(TextEscaping.html(source.descriptor.attribution))</td><td>\(source.importedAt.day)</td></tr>"
        }
        body += "</tbody></table></div>"
        body +=
            "<h2>The model</h2><p>Fitted for \(model.asOf) on \(ReportFormat.number(model.fittedRows)) observations (data version \(model.dataVersion)).</p>"
        // The article's own title ("How RateCard estimates pay") heads the section.
        body += methodologyHTML
        return Layout.page(title: "Data and method", current: "/data", body: body)
    }

    /// The methodology article (our own Markdown, so its HTML is trusted) under the page's own
    /// heading: its headings move down a level, and wide tables scroll as the page's others do.
    static func methodologyHTML(_ markdown: String) -> String {
        var html = MarkdownParser().html(from: markdown)
        for level in (1...5).reversed() {
            html = html.replacingOccurrences(of: "<h\(level)>", with: "<h\(level + 1)>")
                .replacingOccurrences(of: "</h\(level)>", with: "</h\(level + 1)>")
        }
        return html.replacingOccurrences(of: "<table>", with: "<div class=\"table-wrap\"><table>")
            .replacingOccurrences(of: "</table>", with: "</table></div>")
    }
}
