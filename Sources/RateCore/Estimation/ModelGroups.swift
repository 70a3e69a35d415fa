/// Where a group of fitted rows lies: the whole data set, a region, a country, or a city of a
/// country (by its normalised city key).
public enum GroupScope: Hashable, Sendable {
    case world
    case region(RateCardRegion)
    case country(CountryCode)
    case city(CountryCode, cityKey: String)
}

/// A group of the model's fitted rows, for every role or for one: what sample sizes, fallback
/// levels and the small-group rule are counted on.
///
/// Stored models write it as the text it always had ("world", "region:Asia", "country:PL|backend",
/// "city:UA|kyiv|backend"), so snapshots saved before it was typed still load.
public struct GroupKey: Hashable, Sendable, CustomStringConvertible {
    public var scope: GroupScope
    /// `nil`: rows of every role.
    public var role: Role?

    public init(_ scope: GroupScope, role: Role? = nil) {
        self.scope = scope
        self.role = role
    }

    public var description: String {
        let place: String =
            switch scope {
            case .world: "world"
            case .region(let region): "region:\(region.rawValue)"
            case .country(let country): "country:\(country.alpha2)"
            case .city(let country, let cityKey): "city:\(country.alpha2)|\(cityKey)"
            }
        return role.map { "\(place)|\($0.rawValue)" } ?? place
    }

    /// Reads the stored text form; `nil` for anything else.
    public init?(_ text: String) {
        var parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first else { return nil }
        let isCity = head.hasPrefix("city:")
        let placeParts = isCity ? 2 : 1
        guard parts.count == placeParts || parts.count == placeParts + 1 else { return nil }
        if parts.count == placeParts + 1 {
            guard let role = Role(rawValue: parts.removeLast()) else { return nil }
            self.role = role
        } else {
            role = nil
        }
        if head == "world" {
            scope = .world
        } else if head.hasPrefix("region:"), let region = RateCardRegion(rawValue: String(head.dropFirst("region:".count))) {
            scope = .region(region)
        } else if head.hasPrefix("country:"), let country = CountryCode(String(head.dropFirst("country:".count))) {
            scope = .country(country)
        } else if isCity, let country = CountryCode(String(head.dropFirst("city:".count))), !parts[1].isEmpty {
            scope = .city(country, cityKey: parts[1])
        } else {
            return nil
        }
    }
}

extension GroupKey: StoredTextKey {}

extension RateModel {
    /// The rows fitted in a group (`nil` when it has none).
    public func group(_ scope: GroupScope, role: Role? = nil) -> GroupCount? { groups[GroupKey(scope, role: role)] }

    /// How many rows were fitted in a group (0 when none).
    public func rows(in scope: GroupScope, role: Role? = nil) -> Int { group(scope, role: role)?.rows ?? 0 }

    /// Every row the model was fitted on.
    public var fittedRows: Int { rows(in: .world) }

    /// The countries with fitted rows.
    public var countriesWithRows: [CountryCode] {
        groups.keys.compactMap { key in
            if key.role == nil, case .country(let country) = key.scope { country } else { nil }
        }
    }

    /// The city keys of a country with rows of a role, each with its row count.
    public func cities(in country: CountryCode, role: Role) -> [(cityKey: String, rows: Int)] {
        groups.compactMap { key, count in
            if key.role == role, case .city(country, let cityKey) = key.scope { (cityKey, count.rows) } else { nil }
        }
    }
}
