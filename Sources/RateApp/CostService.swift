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

    /// Estimates the profile as employee, freelancer and agency, and compares their yearly cost.
    public func compare(_ profile: Profile, estimator: Estimator, hoursPerYear: Double? = nil, tablePath: String? = nil) throws -> CostComparison {
        var asEmployee = profile, asFreelancer = profile, asAgency = profile
        asEmployee.hire = .employee
        asFreelancer.hire = .freelancer
        asAgency.hire = .agency
        let calculator = CostCalculator(table: try table(path: tablePath), tables: app.tables, workingTime: app.configuration.workingTime,
                                        evidence: try evidence())
        let employee = try estimator.estimate(asEmployee)
        return try calculator.compare(employee: employee, freelancer: estimator.estimate(asFreelancer),
                                      agency: estimator.estimate(asAgency), hoursPerYear: hoursPerYear,
                                      wageGrowthPerYear: estimator.annualWageGrowth(in: employee.region))
    }
}
