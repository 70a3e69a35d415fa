import Foundation
import Hummingbird
import RateCore
import RateStore

/// The compare page: the region, experience, skills and sources reports with their charts.
enum ComparePage {
    static func render(estimator: Estimator, query: [String: String], today: CalendarDate) -> String {
        let input = ProfileInput(country: query["country"] ?? "Poland", years: query["years"] ?? "5", skills: [], role: query["role"],
                                 employment: query["employment"], currency: query["currency"])
        var body = "<form class=\"profile\" method=\"get\" action=\"/compare\" aria-label=\"Comparison filters\">"
        body += Layout.field("country", "Country (experience and sources)", value: input.country, list: nil)
        body += Layout.field("years", "Years of experience", value: input.years, type: "number")
        body += Layout.select("role", "Role", options: Role.allCases.map { ($0.rawValue, $0.rawValue) }, selected: input.role ?? "backend")
        body += Layout.select("employment", "Hire as", options: HireType.allCases.map { ($0.rawValue, $0.rawValue) }, selected: input.employment ?? "employee")
        body += Layout.field("currency", "Currency", value: input.currency, placeholder: "USD")
        body += "<button type=\"submit\">Compare</button></form>"
        do {
            let profile = try input.resolve(tables: estimator.tables, today: today)
            let builder = ReportBuilder(estimator: estimator)
            for report in [try builder.regions(template: profile), try builder.experience(template: profile), try builder.sources(template: profile), try builder.skills()] {
                body += "<h2>\(Layout.escape(report.title))</h2><p class=\"note\">\(Layout.escape(report.subtitle ?? ""))</p>" + HTMLRenderer.sections(report.sections)
                body += report.footnotes.map { "<p class=\"note\">\(Layout.escape($0))</p>" }.joined()
            }
        } catch {
            body += "<p class=\"error\" role=\"alert\">\(Layout.escape(ProblemDetails.from(error).detail ?? "\(error)"))</p>"
        }
        return Layout.page(title: "Compare regions, experience, skills and sources", current: "/compare", body: body)
    }
}

/// The cost page: employee against freelancer and agency, itemised.
enum CostPage {
    static func render(estimator: Estimator, services: WebServices, query: [String: String]) -> String {
        let input = ProfileInput(country: query["country"], years: query["years"], skills: ProfileInput.skillList(query["skills"]),
                                 role: query["role"], currency: query["currency"])
        var body = "<p>The yearly cost of an in-house employee with employer contributions, benefits, leave and overhead, against a freelancer and an agency for the same work.</p>"
        body += "<form class=\"profile\" method=\"get\" action=\"/cost\" aria-label=\"Cost of hire\">\(Layout.profileFields(input, countries: [], includeEmployment: false))<button type=\"submit\">Compare costs</button></form>"
        if query["country"] != nil {
            do {
                let profile = try input.resolve(tables: estimator.tables, today: services.today)
                let report = ReportBuilder.costReport(try services.app.costs.compare(profile, estimator: estimator))
                body += "<h2>\(Layout.escape(report.title))</h2>" + HTMLRenderer.sections(report.sections) + report.footnotes.map { "<p class=\"note\">\(Layout.escape($0))</p>" }.joined()
            } catch {
                body += "<p class=\"error\" role=\"alert\">\(Layout.escape(ProblemDetails.from(error).detail ?? "\(error)"))</p>"
            }
        }
        return Layout.page(title: "Total cost of hire", current: "/cost", body: body)
    }
}

/// The data page: sources, licences, import history and how the model works.
enum DataPage {
    static func render(sources: [SourceRecord], model: RateModel, methodology: String) -> String {
        var body = "<h2>Sources and licences</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">File</th><th scope=\"col\">Source</th><th scope=\"col\" class=\"num\">Read</th><th scope=\"col\" class=\"num\">Stored</th><th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\">Licence</th><th scope=\"col\">Imported</th></tr></thead><tbody>"
        for source in sources {
            body += "<tr><th scope=\"row\">\(source.id)</th><td>\(Layout.escape(source.descriptor.fileName))</td><td>\(Layout.escape(source.descriptor.title))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.read)))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.accepted)))</td><td class=\"num\">\(ReportFormat.number(Double(source.counts.rejected)))</td><td>\(Layout.escape(source.descriptor.licence)). \(Layout.escape(source.descriptor.attribution))</td><td>\(Layout.escape(String(source.importedAt.prefix(10))))</td></tr>"
        }
        body += "</tbody></table></div>"
        body += "<h2>The model</h2><p>Fitted for \(model.asOf) on \(ReportFormat.number(Double(model.groups["world"]?.rows ?? 0))) observations (data version \(model.dataVersion)).</p>"
        body += "<h2>How it works</h2>" + MarkdownLite.html(methodology)
        return Layout.page(title: "Data and method", current: "/data", body: body)
    }
}

/// What the Submit page shows: the form (with what was typed) and the outcome of a submission.
struct SubmitPageModel {
    enum Outcome: Equatable {
        case form
        case stored(id: Int64)
        case invalid(ProfileError)
        case limited(retryAfterSeconds: Int)
    }

    var input: SelfReportInput
    var outcome: Outcome
    var countries: [Country]
}

/// The submit page: a form for a self-reported rate. It works without JavaScript (a plain POST);
/// reports are validated like a profile and held as pending until a moderator approves them.
enum SubmitPage {
    static func render(_ model: SubmitPageModel) -> String {
        var body = "<p>Your report joins the data only after a moderator approves it, and no single report is ever shown on its own: groups under five observations are hidden everywhere.</p>"
        switch model.outcome {
        case .form: break
        case .stored(let id):
            body += "<p class=\"note\" role=\"status\"><strong>Thank you.</strong> Report #\(id) is waiting for moderation.</p>"
        case .invalid(let error):
            body += "<p class=\"error\" role=\"alert\">\(Layout.escape(error.field)): \(Layout.escape(error.message))</p>"
        case .limited(let seconds):
            body += "<p class=\"error\" role=\"alert\">Too many reports from your address in the last hour; please try again in \(max(1, seconds / 60)) minutes.</p>"
        }
        let input = model.outcome == .form || model.outcome.isStored ? SelfReportInput() : model.input
        let datalist = "<datalist id=\"countries\">" + model.countries.map { "<option value=\"\(Layout.escape($0.name))\">" }.joined() + "</datalist>"
        let periods = [("month", "per month"), ("year", "per year"), ("day", "per day"), ("hour", "per hour"), ("week", "per week")]
        let employment = [("employee", "Employee"), ("freelancer", "Freelancer"), ("agency", "Agency")]
        body += """
            <form class="profile" method="post" action="/submit">
            \(Layout.field("country", "Country", value: input.country, placeholder: "Poland or PL", list: "countries"))\(datalist)
            \(Layout.field("city", "City (optional)", value: input.city, placeholder: "Kraków"))
            \(Layout.field("years", "Years of experience", value: input.years, placeholder: "6", type: "number"))
            \(Layout.field("skills", "Skills (comma-separated)", value: input.skills.joined(separator: ", "), placeholder: "Go, PostgreSQL"))
            \(Layout.select("employment", "You work as", options: employment, selected: input.employment))
            \(Layout.field("amount", "Gross pay", value: input.amount, placeholder: "18000"))
            \(Layout.field("currency", "Currency", value: input.currency, placeholder: "PLN"))
            \(Layout.select("period", "Per", options: periods, selected: input.period))
            <button type="submit">Send for moderation</button>
            </form>
            <p class="note">Stored: the figures above and a keyed hash of your address (to stop floods), nothing else.</p>
            """
        return Layout.page(title: "Report your rate", current: "/submit", body: body)
    }

    /// The submit form's fields as the browser sends them.
    struct Form: Decodable {
        var country, city, years, skills, role, employment, amount, currency, period: String?
    }

    /// Reads a URL-encoded form body with Hummingbird's decoder (Foundation's `URLComponents`
    /// traps on a body with characters a query may not hold, such as `{`: one request crashed
    /// the server). Throws a `ProfileError` on the field `form` for a body that is not a form.
    static func input(formBody: String) throws -> SelfReportInput {
        let form: Form
        do {
            form = try URLEncodedFormDecoder().decode(Form.self, from: formBody)
        } catch {
            throw ProfileError(field: "form", value: InputQuote.make(formBody, limit: 40),
                               message: "the body is not a URL-encoded form (application/x-www-form-urlencoded); send the form from this page")
        }
        return SelfReportInput(
            country: form.country, city: form.city, years: form.years, skills: ProfileInput.skillList(form.skills),
            role: form.role, employment: form.employment, amount: form.amount, currency: form.currency, period: form.period)
    }
}

extension SubmitPageModel.Outcome {
    var isStored: Bool { if case .stored = self { true } else { false } }
}

/// Just enough Markdown (headings, paragraphs, lists, code blocks) to show the methodology
/// article; written here because no Markdown renderer is among the mirrored packages' products
/// that build on Linux without extra setup.
enum MarkdownLite {
    static func html(_ markdown: String) -> String {
        var html = "", paragraph: [String] = [], inList = false, inCode = false
        func flush() {
            if !paragraph.isEmpty { html += "<p>\(inline(paragraph.joined(separator: " ")))</p>"; paragraph = [] }
            if inList { html += "</ul>"; inList = false }
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                flush()
                html += inCode ? "</code></pre>" : "<pre><code>"
                inCode.toggle()
                continue
            }
            if inCode { html += Layout.escape(line) + "\n"; continue }
            if line.hasPrefix("#") {
                flush()
                let level = min(6, line.prefix { $0 == "#" }.count + 1)
                html += "<h\(level)>\(inline(line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)))</h\(level)>"
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") || line.range(of: #"^\d+\. "#, options: .regularExpression) != nil {
                if !paragraph.isEmpty { html += "<p>\(inline(paragraph.joined(separator: " ")))</p>"; paragraph = [] }
                if !inList { html += "<ul>"; inList = true }
                html += "<li>\(inline(line.replacingOccurrences(of: #"^(- |\* |\d+\. )"#, with: "", options: .regularExpression)))</li>"
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else if inList && line.hasPrefix("   ") {
                html = String(html.dropLast(5)) + " " + inline(line.trimmingCharacters(in: .whitespaces)) + "</li>"
            } else {
                if inList { html += "</ul>"; inList = false }
                paragraph.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        flush()
        return html
    }

    static func inline(_ text: String) -> String {
        var escaped = Layout.escape(text)
        escaped = escaped.replacingOccurrences(of: #"\*\*([^*]+)\*\*"#, with: "<strong>$1</strong>", options: .regularExpression)
        escaped = escaped.replacingOccurrences(of: #"`([^`]+)`"#, with: "<code>$1</code>", options: .regularExpression)
        return escaped
    }
}
