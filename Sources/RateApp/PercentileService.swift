import RateCore
import RateStore

extension RateCardApp {
    /// Observed pay percentiles by region and experience level, straight from the stored rows.
    public func observedPercentiles(role: Role) async throws -> Report {
        var table = RegionExperiencePercentiles()
        for observation in try await store.observations(ObservationQuery(roles: [role], includeOutliers: false)) {
            guard let region = tables.countries[observation.location.country]?.region else { continue }
            table.add(observation, region: region, boundaries: configuration.levelBoundaries)
        }
        return table.report(title: "Observed \(role.rawValue) pay by region and experience (USD per hour, as reported, not aged)")
    }
}
