/// An ISO 3166-1 alpha-2 country code (or the widely used user-assigned `XK` for Kosovo).
public struct CountryCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let alpha2: String

    /// Shape check only (two ASCII letters); whether it names a country is the catalogue's question.
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard upper.utf8.count == 2, upper.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
        alpha2 = upper
    }

    public var description: String { alpha2 }
    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.alpha2 < rhs.alpha2 }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = CountryCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 3166 alpha-2 code"))
        }
        self = code
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(alpha2)
    }
}

/// The regions businesses use when they talk about hiring abroad. Each country belongs to exactly
/// one; the assignment is the data table `ratecard-regions.csv`, not code.
public enum RateCardRegion: String, Sendable, Codable, CaseIterable, Hashable, CustomStringConvertible {
    case northAmerica = "North America"
    case latinAmerica = "Latin America"
    case westernEurope = "Western Europe"
    case easternEurope = "Eastern Europe"
    case asia = "Asia"
    case middleEastAfrica = "Middle East & Africa"
    case oceania = "Oceania"

    public var description: String { rawValue }

    /// A short stable identifier for URLs and flags (`north-america`, `eastern-europe`...).
    public var slug: String {
        switch self {
        case .northAmerica: "north-america"
        case .latinAmerica: "latin-america"
        case .westernEurope: "western-europe"
        case .easternEurope: "eastern-europe"
        case .asia: "asia"
        case .middleEastAfrica: "middle-east-africa"
        case .oceania: "oceania"
        }
    }

    /// Accepts the display name, the slug or common short forms ("EE", "LatAm", "MEA").
    public init?(parsing text: String) {
        let key = TextKey.make(text)
        let aliases: [String: RateCardRegion] = [
            "na": .northAmerica, "latam": .latinAmerica, "southamerica": .latinAmerica,
            "we": .westernEurope, "westeurope": .westernEurope, "ee": .easternEurope, "easteurope": .easternEurope,
            "cee": .easternEurope, "mea": .middleEastAfrica, "emea": .middleEastAfrica, "middleeast": .middleEastAfrica,
            "africa": .middleEastAfrica, "apac": .asia, "anz": .oceania,
        ]
        if let match = RateCardRegion.allCases.first(where: { TextKey.make($0.rawValue) == key || TextKey.make($0.slug) == key }) {
            self = match
        } else if let alias = aliases[key] {
            self = alias
        } else {
            return nil
        }
    }
}

/// A country with its codes, UN M49 grouping, RateCard region and currency.
public struct Country: Sendable, Hashable, Codable {
    public var code: CountryCode
    public var alpha3: String
    public var name: String
    public var unRegion: String
    public var unSubregion: String
    public var region: RateCardRegion
    public var currency: CurrencyCode?

    public init(
        code: CountryCode,
        alpha3: String,
        name: String,
        unRegion: String,
        unSubregion: String,
        region: RateCardRegion,
        currency: CurrencyCode?
    ) {
        self.code = code
        self.alpha3 = alpha3
        self.name = name
        self.unRegion = unRegion
        self.unSubregion = unSubregion
        self.region = region
        self.currency = currency
    }
}

/// Where a developer lives or a business is: a country, optionally a state or province and a city.
public struct Location: Sendable, Hashable, Codable {
    public var country: CountryCode
    /// A state or province code when the source gives one (OEWS state FIPS, for example).
    public var subdivision: String?
    /// The city as the source wrote it.
    public var city: String?
    /// The normalised city name used for grouping ("Київ" and "Киев" both become "Kyiv").
    public var cityKey: String?

    public init(country: CountryCode, subdivision: String? = nil, city: String? = nil, cityKey: String? = nil) {
        self.country = country
        self.subdivision = subdivision
        self.city = city
        self.cityKey = cityKey
    }
}
