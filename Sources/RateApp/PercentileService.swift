import RateCore
import RateStore

extension RateCardApp {
    /// Observed pay percentiles by region and experience level, straight from the stored rows. The
    /// store bins the values (in SQL on PostgreSQL), so only one row per country, level and bin
    /// reaches this process.
    public func observedPercentiles(role: Role) async throws -> Report {
        let bounds = RegionExperiencePercentiles.histogramBounds
        let query = HistogramQuery(roles: [role], boundaries: configuration.levelBoundaries, lowerBound: bounds.lower, upperBound: bounds.upper)
        var table = RegionExperiencePercentiles()
        for cell in try await store.hourlyHistogram(query) {
            guard let region = tables.countries[cell.country]?.region else { continue }
            table.add(region: region, level: cell.level, binKey: cell.bin, weight: cell.weight, minimum: cell.minimum, maximum: cell.maximum)
        }
        return table.report(title: "Observed \(role.rawValue) pay by region and experience (USD per hour, as reported, not aged)")
    }
}
