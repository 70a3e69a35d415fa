import Foundation
import Hummingbird
import RateCore
import RateStore

/// The cost page: employee against freelancer and agency, itemised.
enum CostPage {
    static func render(estimator: Estimator, services: WebServices, query: [String: String]) -> String {
        let input = ProfileInput(
            country: query["country"],
            businessCountry: query["business_country"],
            years: query["years"],
            skills: ProfileInput.skillList(query["skills"]),
            role: query["role"],
            currency: query["currency"]
        )
        var body =
            "<p>The yearly cost of an in-house employee with employer contributions, benefits, leave and overhead, against a freelancer and an agency for the same work.</p>"
        body +=
            "<form class=\"profile\" method=\"get\" action=\"/cost\" aria-label=\"Cost of hire\">\(Layout.profileFields(input, countries: [], includeEmployment: false, includeBusinessCountry: true))<button type=\"submit\">Compare costs</button></form>"
        if query["country"] != nil {
            do {
                let profile = try input.resolve(tables: estimator.tables, today: services.today)
                let report = ReportBuilder.costReport(try services.app.costs.compare(profile, estimator: estimator))
                body +=
                    "<h2>\(TextEscaping.html(report.title))</h2>" + HTMLRenderer.sections(report.sections)
                    + report.footnotes.map { "<p class=\"note\">\(TextEscaping.html($0))</p>" }.joined()
            } catch {
                body += "<p class=\"error\" role=\"alert\">\(TextEscaping.html(ProblemDetails.from(error).detail ?? "\(error)"))</p>"
            }
        }
        return Layout.page(title: "Total cost of hire", current: "/cost", body: body)
    }
}
