import ArgumentParser
import RateCore
import RateStore

// Options with a fixed set of values are enums (here, and `SourceFormat` in ImportCommand), so ArgumentParser checks them, lists them in
// `--help` and names the allowed values in its error. Profile fields (country, years, level,
// role, employment, skills) stay text: they go through `ProfileInput`, the one boundary the API,
// the pages and batch files share, so every front end reports them the same way.

/// `ratecard report --format`.
enum ReportOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, markdown, html, csv, json
}

/// `ratecard cost --format`.
enum CostOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, markdown, csv, json
}

/// `ratecard estimate --format`: a table or JSON for one profile, CSV or JSON for a batch.
enum EstimateOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json
}

/// The reports `ratecard report` writes.
enum ReportKind: String, CaseIterable, ExpressibleByArgument {
    case regions, experience, skills, sources, cities, cost, full
    /// Agency or marketplace rates from market data (`--employment agency|freelancer`).
    case rates
    /// Observed pay straight from the store, no model.
    case percentiles
    /// Median pay by survey wave, from every source with several waves (`--country` or `--region`).
    case trends

    /// The reports that describe one country.
    var needsCountry: Bool { self == .sources || self == .cities || self == .cost }
}

extension ReportPeriod: ExpressibleByArgument {}
extension TokenScope: ExpressibleByArgument {}
extension RejectReason: ExpressibleByArgument {}

extension RateCardRegion: ExpressibleByArgument {
    /// The slug, the display name or a short form ("EE", "LatAm").
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.slug) }
    public static var allValueDescriptions: [String: String] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.slug, $0.rawValue) }) }
    public var defaultValueDescription: String { slug }
}
