import RateStats

/// Empirical pay percentiles grouped by RateCard region and experience level, straight from the
/// observations (no model): the "regions × experience" table, in memory that grows with the number
/// of groups, not rows.
public struct RegionExperiencePercentiles: Sendable {
    public static let regions = RateCardRegion.allCases
    public static let levels = ExperienceLevel.allCases
    private var histograms: [LogHistogram]

    public init() {
        histograms = Array(repeating: LogHistogram(), count: Self.regions.count * Self.levels.count)
    }

    /// Group index of a region and level.
    @inline(__always) public static func group(region: Int, level: Int) -> Int { region * levels.count + level }

    @inline(__always) public mutating func add(region: Int, level: Int, hourly: Double, weight: Double = 1) {
        histograms[Self.group(region: region, level: level)].add(hourly, weight: weight)
    }

    /// Adds a histogram bin aggregated by the store (see `RateStore.hourlyHistogram`).
    public mutating func add(region: RateCardRegion, level: ExperienceLevel, binKey: Int, weight: Double, minimum: Double, maximum: Double) {
        histograms[Self.group(region: Self.regions.firstIndex(of: region)!, level: Self.levels.firstIndex(of: level)!)]
            .add(binKey: binKey, weight: weight, minimum: minimum, maximum: maximum)
    }

    /// The bin bounds of every group's histogram, for stores that aggregate bins themselves.
    public static var histogramBounds: (lower: Double, upper: Double) {
        let histogram = LogHistogram()
        return (histogram.lowerBound, histogram.upperBound)
    }

    public mutating func add(_ observation: Observation, region: RateCardRegion, boundaries: LevelBoundaries) {
        guard let level = observation.experience.level(boundaries), !observation.quality.isOutlier else { return }
        add(
            region: Self.regions.firstIndex(of: region)!,
            level: Self.levels.firstIndex(of: level)!,
            hourly: observation.normalised.hourlyUSD.amount,
            weight: observation.weight
        )
    }

    public mutating func merge(_ other: RegionExperiencePercentiles) {
        for index in histograms.indices { histograms[index].merge(other.histograms[index]) }
    }

    public var memoryBytes: Int { histograms.reduce(0) { $0 + $1.memoryBytes } }

    /// P10–P90 and the count of each non-empty group.
    public func rows() -> [(region: RateCardRegion, level: ExperienceLevel, count: Double, quantiles: [Double])] {
        var result: [(RateCardRegion, ExperienceLevel, Double, [Double])] = []
        for (r, region) in Self.regions.enumerated() {
            for (l, level) in Self.levels.enumerated() {
                let histogram = histograms[Self.group(region: r, level: l)]
                guard histogram.count > 0 else { continue }
                result.append((region, level, histogram.count, histogram.quantiles(PercentileSet.probabilities)!))
            }
        }
        return result
    }

    /// As a report, hiding groups under `privacyMinimum` observations.
    public func report(privacyMinimum: Int = 5, title: String = "Observed hourly pay by region and experience (USD)") -> Report {
        let rows = rows().map { row -> [ReportCell] in
            let label = [ReportCell(row.region.rawValue), ReportCell(row.level.rawValue)]
            guard row.count >= Double(privacyMinimum) else { return label + Array(repeating: ReportCell.hidden, count: 6) }
            return label + row.quantiles.map { .number($0, decimals: 2) } + [.number(row.count)]
        }
        return Report(
            kind: "percentiles",
            title: title,
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [
                            .init("Region", key: "region"), .init("Level", key: "level"), .init("P10", key: "p10", numeric: true),
                            .init("P25", key: "p25", numeric: true),
                            .init("Median", key: "p50", numeric: true), .init("P75", key: "p75", numeric: true),
                            .init("P90", key: "p90", numeric: true), .init("n", key: "n", numeric: true),
                        ],
                        rows: rows
                    )
                )
            ],
            footnotes: ["Observed pay, not model estimates; quantiles from log-spaced histograms (relative error ≤ 0.05 %)."]
        )
    }
}
