/// World Bank PPP conversion factors (local currency units per international dollar), by country and year.
/// Reported beside estimates as cost-of-living context, never folded into them.
public struct PPPTable: Sendable {
    private var values: [CountryCode: [Int: Double]] = [:]

    /// - Parameter rows: rows of `ppp-gdp.csv` (`Country ID`, `Year`, `PPP`).
    public init(rows: [[String: String]]) {
        for row in rows {
            guard let code = CountryCode((row["Country ID"] ?? "").trimmed), let year = Int((row["Year"] ?? "").trimmed),
                let value = Double((row["PPP"] ?? "").trimmed), value > 0
            else { continue }
            values[code, default: [:]][year] = value
        }
    }

    /// The factor for a year, or the latest earlier year that has one, with the year used.
    public func factor(for country: CountryCode, year: Int) -> (value: Double, year: Int)? {
        guard let series = values[country] else { return nil }
        if let exact = series[year] { return (exact, year) }
        guard let best = series.keys.lazy.filter({ $0 <= year }).max() ?? series.keys.min() else { return nil }
        return (series[best]!, best)
    }
}

/// The reference tables every normalisation needs, loaded once at the edge and passed in.
public struct ReferenceTables: Sendable {
    public var countries: CountryCatalog
    public var cities: CityCatalog
    public var skills: SkillCatalog
    public var exchangeRates: ExchangeRateTable
    public var ppp: PPPTable
    /// Agency and freelance-marketplace rates fitted from market prices (derived parameters).
    public var marketRates: MarketRateModel
    /// B2B against employment ranges of offers that quote both (derived parameters), for stores
    /// that hold no offers of their own.
    public var contractOffers: ContractOfferEvidence

    public init(
        countries: CountryCatalog,
        cities: CityCatalog,
        skills: SkillCatalog,
        exchangeRates: ExchangeRateTable,
        ppp: PPPTable,
        marketRates: MarketRateModel = .empty,
        contractOffers: ContractOfferEvidence = ContractOfferEvidence(countries: [])
    ) {
        self.contractOffers = contractOffers
        self.countries = countries
        self.cities = cities
        self.skills = skills
        self.exchangeRates = exchangeRates
        self.ppp = ppp
        self.marketRates = marketRates
    }

    /// Whether RateCard can work with amounts in this currency: the ECB publishes it, or it is a
    /// country's ISO 4217 currency (then a source-provided USD figure is needed to convert it).
    public func isKnownCurrency(_ code: CurrencyCode) -> Bool {
        exchangeRates.knows(code) || countries.minorUnitDigits[code] != nil
    }
}
