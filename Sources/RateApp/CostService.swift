import Foundation
import RateCore
import RateData
import RateImport
import Synchronization

/// Total cost of hire: three estimates of one profile and the employer-cost table.
public struct CostService: Sendable {
    let app: RateCardApp

    /// Tables already read, by location: the web app compares costs on every request.
    private static let loaded = Mutex<[String: EmployerCostTable]>([:])

    /// Read once: the holiday calendar alone is 88,000 rows.
    private static let evidence = Mutex<EmployerCostEvidence?>(nil)

    /// OECD employer social security, statutory leave and public holidays, for countries without an entry.
    public func evidence() throws -> EmployerCostEvidence {
        if let cached = Self.evidence.withLock({ $0 }) { return cached }
        let evidence = try ReferenceLoader.employerCostEvidence()
        Self.evidence.withLock { $0 = evidence }
        return evidence
    }

    /// The bundled employer-cost table, or a user's file with the same format.
    public func table(path: String? = nil) throws -> EmployerCostTable {
        let location = path ?? app.configuration.employerCostsPath
        if let cached = Self.loaded.withLock({ $0[location ?? ""] }) { return cached }
        let table = try read(location)
        Self.loaded.withLock { $0[location ?? ""] = table }
        return table
    }

    private func read(_ location: String?) throws -> EmployerCostTable {
        let url: URL
        if let location {
            url = URL(fileURLWithPath: location)
        } else {
            guard let bundled = BundledData.reference("employer-costs.json") else { throw ReferenceDataError.missingTable("employer-costs.json") }
            url = bundled
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReferenceDataError.invalidRow(table: url.path, line: 0, reason: "cannot read the file (\(error.localizedDescription))")
        }
        let table: EmployerCostTable
        do { table = try JSONDecoder().decode(EmployerCostTable.self, from: data) } catch {
            throw ReferenceDataError.invalidRow(table: url.lastPathComponent, line: 0, reason: "not a valid employer-cost table: \(error)")
        }
        try table.validate(file: url.lastPathComponent)
        return table
    }

    /// Prices a team in each scenario: every member is estimated for the scenario's country and hire
    /// type and costed as `compare` does; member errors name the member and the scenario.
    public func compareTeam(
        _ members: [TeamMemberInput],
        scenarios: [TeamScenario],
        currency: String? = nil,
        asOf: String? = nil,
        businessCountry: String? = nil,
        estimator: Estimator
    ) throws -> TeamCostComparison {
        guard !members.isEmpty else { throw TeamError(place: "team", field: "members", message: "the team has no members; give at least one line") }
        guard members.count <= TeamMemberInput.maximumMembers else {
            throw TeamError(place: "team", field: "members", message: "\(members.count) member lines; at most \(TeamMemberInput.maximumMembers)")
        }
        guard !scenarios.isEmpty else { throw TeamError(place: "team", field: "scenarios", message: "give at least one scenario, e.g. DE:employee") }
        guard scenarios.count <= TeamScenario.maximumScenarios else {
            throw TeamError(place: "team", field: "scenarios", message: "\(scenarios.count) scenarios; at most \(TeamScenario.maximumScenarios)")
        }
        for member in members { try TeamMemberInput.validate(count: member.count, place: member.place) }
        var priced: [(scenario: TeamScenario, comparisons: [CostComparison])] = []
        // `compare` prices all three hire types, so scenarios in one place share their comparisons.
        var compared: [Profile: CostComparison] = [:]
        for (index, scenario) in scenarios.enumerated() {
            var comparisons: [CostComparison] = []
            for member in members {
                let profile: Profile
                do {
                    profile = try member.profileInput(in: scenario, currency: currency, asOf: asOf, businessCountry: businessCountry)
                        .resolve(tables: app.tables, today: app.models.today)
                } catch {
                    let place = error.field == "country" || error.field == "employment" ? "scenario \(index + 1)" : member.place
                    throw TeamError(place: place, field: error.field, message: error.message)
                }
                var key = profile
                key.hire = .employee
                if compared[key] == nil { compared[key] = try compare(profile, estimator: estimator) }
                comparisons.append(compared[key]!)
            }
            priced.append((scenario, comparisons))
        }
        // Every member resolves the same currency field, so the first comparison's is the team's.
        return TeamCostComparison(members: members, currency: priced.first?.comparisons.first?.currency ?? .usd, priced: priced)
    }

    /// Estimates the profile as employee, freelancer and agency, and compares their yearly cost.
    public func compare(_ profile: Profile, estimator: Estimator, hoursPerYear: Double? = nil, tablePath: String? = nil) throws -> CostComparison {
        var asEmployee = profile
        var asFreelancer = profile
        var asAgency = profile
        asEmployee.hire = .employee
        asFreelancer.hire = .freelancer
        asAgency.hire = .agency
        let calculator = CostCalculator(
            table: try table(path: tablePath),
            tables: app.tables,
            workingTime: app.configuration.workingTime,
            evidence: try evidence()
        )
        let employee = try estimator.estimate(asEmployee)
        return try calculator.compare(
            employee: employee,
            freelancer: estimator.estimate(asFreelancer),
            agency: estimator.estimate(asAgency),
            hoursPerYear: hoursPerYear,
            wageGrowthPerYear: estimator.annualWageGrowth(in: employee.region, country: employee.profile.country)
        )
    }
}
