import Foundation
import Hummingbird
import RateApp
import RateCore
import RateStore

/// The compare page: the region, experience, sources, trends and skills reports with their charts.
enum ComparePage {
    static func render(estimator: Estimator, query: [String: String], today: CalendarDate, trends: PayTrendData, app: RateCardApp) -> String {
        let input = ProfileInput(
            country: query["country"] ?? "Poland",
            years: query["years"] ?? "5",
            skills: [],
            role: query["role"],
            employment: query["employment"],
            currency: query["currency"]
        )
        var body = "<form class=\"profile\" method=\"get\" action=\"/compare\" aria-label=\"Comparison filters\">"
        body += Layout.field("country", "Country (experience and sources)", value: input.country, list: nil)
        body += Layout.field("years", "Years of experience", value: input.years, type: "number")
        body += Layout.select("role", "Role", options: Role.allCases.map { ($0.rawValue, $0.rawValue) }, selected: input.role ?? "backend")
        body += Layout.select(
            "employment",
            "Hire as",
            options: HireType.allCases.map { ($0.rawValue, $0.rawValue) },
            selected: input.employment ?? "employee"
        )
        body += Layout.field("currency", "Currency", value: input.currency, placeholder: "USD")
        body += "<button type=\"submit\">Compare</button></form>"
        do {
            let profile = try input.resolve(tables: estimator.tables, today: today)
            let builder = ReportBuilder(estimator: estimator)
            // The trends follow the page's role only when one was chosen: a role's waves are thinner.
            let trendRole = query["role"].flatMap(Role.init(parsing:))
            let countryTrends = app.trendsReport(trends, place: .country(profile.country), role: trendRole, estimator: estimator)
            let region = estimator.tables.countries[profile.country]?.region
            let regionalTrends = region.map { app.trendsReport(trends, place: .region($0), role: trendRole, estimator: estimator) }
            for report in [
                try builder.regions(template: profile), try builder.experience(template: profile), try builder.sources(template: profile),
                countryTrends,
            ] + (countryTrends.sections.first?.chart == nil ? regionalTrends.map { [$0] } ?? [] : []) + [try builder.skills()] {
                body +=
                    "<h2>\(TextEscaping.html(report.title))</h2><p class=\"note\">\(TextEscaping.html(report.subtitle ?? ""))</p>"
                    + HTMLRenderer.sections(report.sections)
                body += report.footnotes.map { "<p class=\"note\">\(TextEscaping.html($0))</p>" }.joined()
            }
        } catch {
            body += "<p class=\"error\" role=\"alert\">\(TextEscaping.html(ProblemDetails.from(error).detail ?? "\(error)"))</p>"
        }
        return Layout.page(title: "Compare regions, experience, skills and sources", current: "/compare", body: body)
    }
}
