import Foundation
import RateCore
import Testing

@Suite("Team cost scenarios")
struct TeamCostTests {
    @Test func aMemberLineReadsCountLevelOrYearsRoleAndSkills() throws {
        let senior = try TeamMemberInput(line: "1 senior backend Go,PostgreSQL", place: "line 1")
        #expect(
            senior.count == 1 && senior.level == "senior" && senior.years == nil && senior.role == "backend" && senior.skills == ["Go", "PostgreSQL"]
        )
        let years = try TeamMemberInput(line: "3\t8y  qa", place: "line 2")
        #expect(years.count == 3 && years.years == "8" && years.level == nil && years.role == "qa" && years.skills.isEmpty)
        #expect(senior.label == "1 × senior backend (Go, PostgreSQL)" && years.label == "3 × 8 y qa")
    }

    @Test(arguments: [
        ("two senior backend", "count"), ("0 senior backend", "count"), ("-1 mid qa", "count"), ("1001 mid qa", "count"), ("3 mid", "member"),
    ])
    func aBadMemberLineNamesItsField(line: String, field: String) {
        #expect(throws: TeamError.self) { try TeamMemberInput(line: line, place: "team line 4") }
        do { _ = try TeamMemberInput(line: line, place: "team line 4") } catch {
            #expect(error.field == field && error.place == "team line 4" && error.description.hasPrefix("team line 4, field \(field): "))
        }
    }

    @Test func aScenarioReadsCountryCityAndHire() throws {
        #expect(try TeamScenario(parsing: "DE:employee", place: "s") == TeamScenario(country: "DE", hire: .employee))
        #expect(try TeamScenario(parsing: "US/Austin:freelancer", place: "s") == TeamScenario(country: "US", city: "Austin", hire: .freelancer))
        for bad in ["DE", "DE:", ":agency", "PL:boss"] {
            #expect(throws: TeamError.self, "\(bad)") { try TeamScenario(parsing: bad, place: "s") }
        }
    }

    @Test func theErrorsPathIsTheRequestsField() {
        #expect(TeamError(place: "members[2]", field: "role", message: "").jsonPath == "members[2].role")
        #expect(TeamError(place: "scenario 1", field: "country", message: "").jsonPath == "scenarios[0].country")
        #expect(TeamError(place: "team", field: "members", message: "").jsonPath == "members")
    }

    /// Two members in two scenarios, from per-person comparisons of the synthetic estimator.
    static func team() throws -> TeamCostComparison {
        let members = [
            TeamMemberInput(count: 1, role: "backend", years: "8", place: "1"), TeamMemberInput(count: 3, role: "backend", years: "4", place: "2"),
        ]
        let germany = [try CostTests.comparison(country: "DE", annual: 90_000), try CostTests.comparison(country: "DE", annual: 60_000)]
        let poland = [try CostTests.comparison(country: "PL", annual: 50_000), try CostTests.comparison(country: "PL", annual: 30_000)]
        return TeamCostComparison(
            members: members,
            currency: .usd,
            priced: [
                (TeamScenario(country: "DE", hire: .employee), germany), (TeamScenario(country: "PL", hire: .agency), poland),
            ]
        )
    }

    @Test func aScenarioSumsEachMemberTimesTheirCount() throws {
        let team = try Self.team()
        #expect(team.headcount == 4)
        let inHouse = team.scenarios[0]
        let agency = team.scenarios[1]
        #expect(inHouse.label == "In-house, Germany" && agency.label == "Agency, Poland")
        #expect(abs(inHouse.memberTotals[1] - 3 * inHouse.perPerson[1].totalAnnual) < 0.01)
        #expect(abs(inHouse.totalAnnual - inHouse.memberTotals.reduce(0, +)) < 0.02)
        #expect(abs(inHouse.lines.reduce(0) { $0 + $1.annual } - inHouse.totalAnnual) < 0.1)
        #expect(inHouse.lines.contains { $0.category == .contributions } && !inHouse.lines.contains { $0.category == .fees })
        #expect(agency.lines.map(\.category) == [.fees])
        #expect(abs(agency.perPerson[0].totalAnnual - (try CostTests.comparison(country: "PL", annual: 50_000)).agency.totalAnnual) < 0.01)
        #expect(inHouse.hoursWorked == inHouse.perPerson[0].hoursWorked * 4)
        // Compared for the same work: the agency's cost per hour over the in-house team's hours.
        #expect(abs(agency.differenceAnnual - (agency.perHourWorked * inHouse.hoursWorked - inHouse.totalAnnual)) < 0.01)
        #expect(inHouse.differenceAnnual == 0)
        // An agency bears no employer cost: its notes are its hours, not Germany's or Poland's payroll.
        #expect(agency.costSource.isEmpty && agency.caveats.allSatisfy { $0.hasPrefix("Agency, Poland: billed") })
        #expect(!inHouse.caveats.contains { $0.hasPrefix("A long-term") })
    }

    @Test func theReportShowsTheScenariosSideBySide() throws {
        let report = ReportBuilder.teamCostReport(try Self.team())
        let table = try #require(report.sections[0].table)
        #expect(table.columns.map(\.name) == ["Item", "In-house, Germany", "Agency, Poland", "Note"])
        let rows = Dictionary(table.rows.map { ($0[0].text, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(rows["3 × 4 y backend"] != nil && rows["Employer contributions"]?[2].text == "–" && rows["Fees (rate × hours)"]?[1].text == "–")
        #expect(rows["Total per year"]?[3].text == "4 people")
        #expect(rows["Against scenario 1 (same work)"]?[1].text == "–")
        #expect(report.kind == "team-cost" && report.footnotes.contains { $0.hasPrefix("In-house, Germany: employer costs from") })
    }
}
