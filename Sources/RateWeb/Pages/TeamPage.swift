import Foundation
import RateCore

/// The team page: a team (one member per line) priced in up to three scenarios side by side. A GET
/// form, so it needs no JavaScript and a result can be linked.
enum TeamPage {
    /// Scenario rows on the form.
    static let scenarioRows = 3
    static let exampleMembers = "1 senior backend Go,PostgreSQL\n3 mid backend\n1 mid qa"
    static let exampleScenarios: [(String, HireType)] = [("DE", .employee), ("PL", .agency), ("AR", .freelancer)]

    /// The members and scenarios a query asks for, or the error that names the line or row at fault.
    static func request(_ query: [String: String]) throws(TeamError) -> (members: [TeamMemberInput], scenarios: [TeamScenario]) {
        let lines = (query["members"] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        guard lines.count <= TeamMemberInput.maximumMembers else {
            throw TeamError(place: "team", field: "members", message: "\(lines.count) lines; at most \(TeamMemberInput.maximumMembers)")
        }
        var members: [TeamMemberInput] = []
        for (index, line) in lines.enumerated() { members.append(try TeamMemberInput(line: line, place: "team line \(index + 1)")) }
        var scenarios: [TeamScenario] = []
        for row in 1...scenarioRows {
            guard let country = query["country_\(row)"]?.trimmed, !country.isEmpty else { continue }
            guard let hire = HireType(parsing: query["employment_\(row)"] ?? "employee") else {
                throw TeamError(place: "scenario \(row)", field: "employment", message: "not employee, freelancer or agency")
            }
            scenarios.append(TeamScenario(country: country, city: query["city_\(row)"].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }, hire: hire))
        }
        return (members, scenarios)
    }

    static func form(_ query: [String: String]) -> String {
        let asked = query["members"] != nil
        var rows = ""
        for row in 1...scenarioRows {
            let example = exampleScenarios[row - 1]
            rows +=
                "<fieldset class=\"scenario\"><legend>Scenario \(row)</legend>"
                + Layout.field("country_\(row)", "Country", value: asked ? query["country_\(row)"] : example.0, placeholder: "DE or Germany")
                + Layout.field("city_\(row)", "City (optional)", value: query["city_\(row)"], placeholder: "Berlin")
                + Layout.select(
                    "employment_\(row)",
                    "Hire as",
                    options: HireType.allCases.map { ($0.rawValue, $0.rawValue) },
                    selected: asked ? query["employment_\(row)"] : example.1.rawValue
                )
                + "</fieldset>"
        }
        return """
            <form class="team" method="get" action="/team" aria-label="Team cost">
            <label>Team, one line per kind of member: COUNT LEVEL-OR-YEARS ROLE [SKILLS]<textarea name="members" rows="6" cols="60">\(TextEscaping.html(asked ? query["members"] ?? "" : exampleMembers))</textarea></label>
            <p class="note">Levels: entry, mid, senior, lead, or years such as 8y. Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).</p>
            <div class="scenarios">\(rows)</div>
            <div class="profile">\(Layout.field("currency", "Currency", value: query["currency"], placeholder: "USD"))<button type="submit">Compare scenarios</button></div>
            </form>
            """
    }

    static func render(estimator: Estimator, services: WebServices, query: [String: String]) -> String {
        var body =
            "<p>What a team costs a year in several places and ways of hiring: in-house employees with employer costs, an agency, freelancers. Each person is estimated and costed as on the Cost page, and the scenarios are compared for the same work.</p>"
        body += form(query)
        if query["members"] != nil {
            do {
                let (members, scenarios) = try request(query)
                let team = try services.app.costs.compareTeam(members, scenarios: scenarios, currency: query["currency"], estimator: estimator)
                let report = ReportBuilder.teamCostReport(team)
                body +=
                    "<h2>\(TextEscaping.html(report.title))</h2>" + HTMLRenderer.sections(report.sections)
                    + report.footnotes.map { "<p class=\"note\">\(TextEscaping.html($0))</p>" }.joined()
            } catch {
                body += "<p class=\"error\" role=\"alert\">\(TextEscaping.html(ProblemDetails.from(error).detail ?? "\(error)"))</p>"
            }
        }
        return Layout.page(title: "Team cost", current: "/team", body: body)
    }
}
