/// Normalises city names across scripts and spellings ("Киев", "Київ", "Kiev" → "Kyiv").
/// Unknown cities are kept as written, with a folded key so that case and punctuation don't split them.
public struct CityCatalog: Sendable {
    private var byKey: [String: (name: String, country: CountryCode?)] = [:]

    /// - Parameter aliasRows: rows of `city-aliases.csv` (`alias`, `city`, `iso2`).
    public init(aliasRows: [[String: String]]) {
        for row in aliasRows {
            let key = TextKey.make(row["alias"] ?? "")
            let name = (row["city"] ?? "").trimmed
            guard !key.isEmpty, !name.isEmpty else { continue }
            byKey[key] = (name, CountryCode((row["iso2"] ?? "").trimmed))
            byKey[TextKey.make(name)] = (name, CountryCode((row["iso2"] ?? "").trimmed))
        }
    }

    /// The canonical name for a city as written, or the trimmed text itself when it is not listed.
    /// Returns `nil` for blank text.
    public func normalise(_ text: String) -> String? {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return nil }
        return byKey[TextKey.make(trimmed)]?.name ?? trimmed
    }

    /// The country a listed city is in; `nil` for a city the table does not list.
    public func country(of text: String) -> CountryCode? {
        byKey[TextKey.make(text.trimmed)]?.country
    }

    /// The key used for grouping observations by city.
    public func key(for text: String) -> String? {
        normalise(text).map(TextKey.make)
    }
}
