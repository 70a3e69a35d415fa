/// A typed key of a fitted model's tables that stored models write as the text it always had
/// ("country:PL|backend", "Asia|dou", "PL|Go"), so that snapshots saved before it was typed still
/// load, and JSON dictionaries keyed by it stay objects rather than arrays of pairs.
///
/// Conforming types give the text form (`description`) and read it back (`init?(_:)`); encoding,
/// decoding and use as a JSON object key come from here.
public protocol StoredTextKey: Hashable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    /// Reads the stored text form; `nil` for anything else.
    init?(_ text: String)
}

/// The coding key a stored text key is written under.
private struct StoredTextCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension StoredTextKey {
    public var codingKey: any CodingKey { StoredTextCodingKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a \(Self.self)"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A pool of the fitted rows' residuals that ranges are read from: a source's rows in one region,
/// a source's rows anywhere, a region's rows, or every row.
///
/// Stored as "Asia|dou", "source:dou", "Asia" and "*".
public enum ResidualPool: StoredTextKey {
    case all
    case region(RateCardRegion)
    case source(String)
    case regionSource(RateCardRegion, String)

    public var description: String {
        switch self {
        case .all: "*"
        case .region(let region): region.rawValue
        case .source(let source): "source:\(source)"
        case .regionSource(let region, let source): "\(region.rawValue)|\(source)"
        }
    }

    public init?(_ text: String) {
        if text == "*" {
            self = .all
        } else if text.hasPrefix("source:") {
            let source = String(text.dropFirst("source:".count))
            guard !source.isEmpty else { return nil }
            self = .source(source)
        } else if let bar = text.firstIndex(of: "|") {
            let source = String(text[text.index(after: bar)...])
            guard let region = RateCardRegion(rawValue: String(text[..<bar])), !source.isEmpty else { return nil }
            self = .regionSource(region, source)
        } else if let region = RateCardRegion(rawValue: text) {
            self = .region(region)
        } else {
            return nil
        }
    }
}

/// A skill in one country: keys how common the skill is among the country's fitted rows.
///
/// Stored as "PL|Go".
public struct CountrySkill: StoredTextKey {
    public var country: CountryCode
    public var skill: String

    public init(_ country: CountryCode, _ skill: String) {
        self.country = country
        self.skill = skill
    }

    public var description: String { "\(country.alpha2)|\(skill)" }

    public init?(_ text: String) {
        guard let bar = text.firstIndex(of: "|"), let country = CountryCode(String(text[..<bar])) else { return nil }
        let skill = String(text[text.index(after: bar)...])
        guard !skill.isEmpty else { return nil }
        self.init(country, skill)
    }
}

/// Every role, or one: keys the mean experience term of the US rows.
///
/// Stored as "*" or the role's name.
public enum RoleSelection: StoredTextKey {
    case every
    case one(Role)

    public var description: String {
        switch self {
        case .every: "*"
        case .one(let role): role.rawValue
        }
    }

    public init?(_ text: String) {
        if text == "*" {
            self = .every
        } else if let role = Role(rawValue: text) {
            self = .one(role)
        } else {
            return nil
        }
    }
}
