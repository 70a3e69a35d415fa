/// Career stage. Boundaries are settings (`LevelBoundaries`), the defaults being entry < 3 years,
/// mid 3–<6, senior 6–<10, lead 10+.
public enum ExperienceLevel: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case entry, mid, senior, lead

    public static func < (lhs: ExperienceLevel, rhs: ExperienceLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Accepts level names and common titles: "junior", "middle", "Sr.", "Team Lead", "principal".
    public init?(parsing text: String) {
        let key = TextKey.make(text)
        switch key {
        case "entry", "junior", "jr", "intern", "trainee", "interntrainee", "graduate", "associate": self = .entry
        case "mid", "middle", "midlevel", "intermediate", "regular": self = .mid
        case "senior", "sr", "staff": self = .senior
        case "lead", "teamlead", "techlead", "leadteamlead", "principal", "architect", "head": self = .lead
        default: return nil
        }
    }
}

/// Where the experience levels begin, in years.
public struct LevelBoundaries: Sendable, Hashable, Codable {
    public var mid: Double
    public var senior: Double
    public var lead: Double

    public init(mid: Double = 3, senior: Double = 6, lead: Double = 10) {
        self.mid = mid
        self.senior = senior
        self.lead = lead
    }

    public static let standard = LevelBoundaries()

    public func level(forYears years: Double) -> ExperienceLevel {
        switch years {
        case ..<mid: .entry
        case ..<senior: .mid
        case ..<lead: .senior
        default: .lead
        }
    }

    /// A representative number of years for a level, for when only the level is known.
    public func typicalYears(for level: ExperienceLevel) -> Double {
        switch level {
        case .entry: mid / 2
        case .mid: (mid + senior) / 2
        case .senior: (senior + lead) / 2
        case .lead: lead + 3
        }
    }
}

/// What a source's experience figure counts. Sources measure experience differently, and the model
/// maps each basis onto professional years explicitly instead of mixing them silently.
public enum ExperienceBasis: String, Sendable, Codable, CaseIterable, Hashable {
    /// Years of professional work (Stack Overflow's YearsCodePro, DOU, most HR data): the model's scale.
    case professional
    /// Professional years as a band (Stack Overflow 2016's "6 - 10 years").
    case band
    /// A stated level with no years (a DOU title such as "Senior").
    case level
    /// Total years of coding, study and hobby included (Stack Overflow 2025 asks only this).
    case coding
    /// Not asked (the Stack Overflow 2019 subset).
    case none
}

/// Experience as reported: professional years when known, otherwise a band (e.g. "6 - 10 years"),
/// and/or a stated level (a DOU title such as "Senior"); and total years of coding where the source
/// asks that instead or as well.
public struct Experience: Sendable, Hashable, Codable {
    public var years: Double?
    public var bandLow: Double?
    /// `nil` for an open band ("11+ years").
    public var bandHigh: Double?
    public var statedLevel: ExperienceLevel?
    /// Total years of coding, study and hobby included (Stack Overflow's YearsCode): not professional
    /// years. The model maps it onto them where professional years are missing (SO 2025), learning
    /// the mapping from rows that have both (SO 2024).
    public var codingYears: Double?

    public init(
        years: Double? = nil,
        bandLow: Double? = nil,
        bandHigh: Double? = nil,
        statedLevel: ExperienceLevel? = nil,
        codingYears: Double? = nil
    ) {
        self.years = years
        self.bandLow = bandLow
        self.bandHigh = bandHigh
        self.statedLevel = statedLevel
        self.codingYears = codingYears
    }

    /// The measure the model starts from.
    public var basis: ExperienceBasis {
        if years != nil { return .professional }
        if bandLow != nil { return .band }
        if statedLevel != nil { return .level }
        if codingYears != nil { return .coding }
        return .none
    }

    public static let unknown = Experience()

    /// Years to use in models: exact years, else the band's midpoint (low + 2 for an open band).
    public var representativeYears: Double? {
        if let years { return years }
        if let low = bandLow { return bandHigh.map { (low + $0) / 2 } ?? low + 2 }
        return nil
    }

    /// The level from years when known, else the stated level.
    public func level(_ boundaries: LevelBoundaries = .standard) -> ExperienceLevel? {
        if let years = representativeYears { return boundaries.level(forYears: years) }
        return statedLevel
    }
}
