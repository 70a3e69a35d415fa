import Foundation

/// Every country RateCard knows, with the names and aliases that resolve to it.
///
/// Built from the ISO 3166 / UN M49 table (`country-codes.csv`), the RateCard region table and an
/// alias table; the tables are loaded at the edge and handed in as rows.
public struct CountryCatalog: Sendable {
    /// The table's "CLDR display name" column holds CLDR's short variants for two countries ("US",
    /// "UK"), which read as codes in a sentence ("employer in US"); CLDR's standard names are used.
    static let cldrStandardNames = ["US": "United States", "GB": "United Kingdom"]

    public private(set) var countries: [CountryCode: Country] = [:]
    private var byKey: [String: CountryCode] = [:]
    /// ISO 4217 minor-unit digits per currency (2 when a currency is not listed).
    public private(set) var minorUnitDigits: [CurrencyCode: Int] = [:]
    /// Every country, sorted by name then code (for pickers; sorted once, not on each page).
    public private(set) var byName: [Country] = []

    /// - Parameters:
    ///   - isoRows: rows of `country-codes.csv` keyed by its header.
    ///   - regionRows: rows of `ratecard-regions.csv` (`iso2`, `name`, `un_subregion`, `ratecard_region`).
    ///   - aliasRows: rows of `country-aliases.csv` (`alias`, `iso2`).
    public init(isoRows: [[String: String]], regionRows: [[String: String]], aliasRows: [[String: String]]) throws {
        var regions: [String: (RateCardRegion, String, String)] = [:]
        for (index, row) in regionRows.enumerated() {
            let iso = (row["iso2"] ?? "").trimmed
            guard let region = RateCardRegion(parsing: row["ratecard_region"] ?? "") else {
                throw ReferenceDataError.invalidRow(
                    table: "ratecard-regions.csv",
                    line: index + 2,
                    reason: "unknown RateCard region '\(row["ratecard_region"] ?? "")'"
                )
            }
            regions[iso] = (region, (row["name"] ?? "").trimmed, (row["un_subregion"] ?? "").trimmed)
        }
        var seen = Set<String>()
        for row in isoRows {
            let iso2 = (row["ISO3166-1-Alpha-2"] ?? "").trimmed
            guard let code = CountryCode(iso2), let (region, _, _) = regions[iso2] else { continue }
            let cldrName =
                [row["CLDR display name"], row["official_name_en"], row["UNTERM English Short"]]
                .compactMap { $0?.trimmed }.first { !$0.isEmpty } ?? iso2
            let name = Self.cldrStandardNames[iso2] ?? cldrName
            // Some countries list several currencies ("VES,VED" with minor units "2,2"); the first is
            // the country's own, and every one of them is a currency RateCard knows.
            let currencies = (row["ISO4217-currency_alphabetic_code"] ?? "").split(separator: ",").map { CurrencyCode(String($0).trimmed) }
            let digitLists = (row["ISO4217-currency_minor_unit"] ?? "").split(separator: ",").map { Int(String($0).trimmed) }
            for (listed, digits) in zip(currencies, digitLists) {
                if let listed, let digits { minorUnitDigits[listed] = digits }
            }
            let currency = (currencies.first ?? nil) ?? Self.missingCurrencies[iso2]
            let country = Country(
                code: code,
                alpha3: (row["ISO3166-1-Alpha-3"] ?? "").trimmed,
                name: name,
                unRegion: (row["Region Name"] ?? "").trimmed,
                unSubregion: (row["Sub-region Name"] ?? "").trimmed,
                region: region,
                currency: currency
            )
            countries[code] = country
            seen.insert(iso2)
            for alias in [
                iso2, country.alpha3, name, cldrName, row["official_name_en"], row["UNTERM English Short"], row["UNTERM English Formal"],
                row["official_name_ru"], row["official_name_fr"], row["official_name_es"], row["ISO4217-currency_country_name"],
            ] {
                if let alias, !alias.trimmed.isEmpty { register(alias.replacingOccurrences(of: "(the)", with: ""), code, overwrite: false) }
            }
        }
        // Countries in the region table but not in ISO 3166 (Kosovo).
        for (iso2, entry) in regions where !seen.contains(iso2) {
            guard let code = CountryCode(iso2) else { continue }
            countries[code] = Country(
                code: code,
                alpha3: "",
                name: entry.1,
                unRegion: "Europe",
                unSubregion: entry.2,
                region: entry.0,
                currency: .eur
            )
            register(iso2, code, overwrite: false)
            register(entry.1, code, overwrite: false)
        }
        for (index, row) in aliasRows.enumerated() {
            guard let code = CountryCode((row["iso2"] ?? "").trimmed), countries[code] != nil else {
                throw ReferenceDataError.invalidRow(
                    table: "country-aliases.csv",
                    line: index + 2,
                    reason: "alias '\(row["alias"] ?? "")' names unknown country '\(row["iso2"] ?? "")'"
                )
            }
            register(row["alias"] ?? "", code, overwrite: true)
        }
        byName = countries.values.sorted { ($0.name, $0.code.alpha2) < ($1.name, $1.code.alpha2) }
    }

    private mutating func register(_ alias: String, _ code: CountryCode, overwrite: Bool) {
        let key = TextKey.make(alias)
        guard !key.isEmpty else { return }
        if overwrite || byKey[key] == nil { byKey[key] = code }
    }

    /// Resolves an ISO2 or ISO3 code, an English, Russian, French or Spanish name, or a listed alias.
    public func resolve(_ text: String) -> Country? {
        let key = TextKey.make(text)
        guard let code = byKey[key] else { return nil }
        return countries[code]
    }

    public subscript(code: CountryCode) -> Country? { countries[code] }

    /// All countries of a RateCard region, sorted by name.
    public func countries(in region: RateCardRegion) -> [Country] {
        countries.values.filter { $0.region == region }.sorted { $0.name < $1.name }
    }

    /// Currencies that the bundled country-codes table leaves empty: Türkiye's row has no ISO 4217
    /// code (the lira is TRY, ISO 4217 numeric 949), and the State of Palestine uses the shekel.
    static let missingCurrencies: [String: CurrencyCode] = ["TR": CurrencyCode("TRY")!, "PS": CurrencyCode("ILS")!]

    public func digits(for currency: CurrencyCode) -> Int { minorUnitDigits[currency] ?? 2 }
}

/// A problem in one of the bundled or user-supplied reference tables.
public enum ReferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRow(table: String, line: Int, reason: String)
    case missingTable(String)

    public var description: String {
        switch self {
        case let .invalidRow(table, line, reason): "\(table) line \(line): \(reason)"
        case let .missingTable(name): "reference table \(name) is missing from the bundle; reinstall RateCard"
        }
    }
}

extension String {
    /// Trimmed of surrounding whitespace; skips Foundation when the ends are plain ASCII non-blanks.
    public var trimmed: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
