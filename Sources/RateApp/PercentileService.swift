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

extension RateCardApp {
    /// Every stored full-time employee's pay by survey wave, for the trends report: built from all
    /// the stored rows (a server keeps it per data version).
    public func payTrends() async throws -> PayTrendData {
        let sources = try await store.sources()
        let datasets = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.descriptor.dataset) })
        let observations = try await store.observations(ObservationQuery(includeOutliers: false))
        return PayTrendData(observations: observations, datasets: datasets, tables: tables, workingTime: configuration.workingTime)
    }

    /// The trends report of a place: the raw medians by wave, and the model's wage index beside them.
    public func trendsReport(_ data: PayTrendData, place: TrendPlace, role: Role?, estimator: Estimator?) -> Report {
        let placeName: String
        var currency: CurrencyCode?
        var growth: GrowthEstimate?
        switch place {
        case .world:
            placeName = "the world"
        case .region(let region):
            placeName = region.rawValue
            growth = estimator?.growthEstimate(in: region)
        case .country(let code):
            let country = tables.countries[code]
            placeName = country?.name ?? code.alpha2
            currency = country?.currency
            if let region = country?.region { growth = estimator?.growthEstimate(in: region, country: code) }
        }
        return data.report(place: place, placeName: placeName, role: role, currency: currency, modelGrowth: growth)
    }
}
