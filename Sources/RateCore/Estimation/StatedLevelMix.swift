/// The mix of stated levels (titles) among developers with the same years, in one survey family's
/// rows that state one: what "an average developer with these years" means for a title's effect.
/// Each family has its own mix and effects: DOU's "senior" and sysarmy's are not the same step.
///
/// A title's effect enters the model centred on this mix: a row stating "senior" at 8 years carries
/// 1 − share(senior | 8 y) in the senior column and −share(level | 8 y) in each other level's.
/// So the effects read against the average titled developer with the same years (at 8 years most
/// DOU respondents are senior, and "senior" there means little), no common part of the titles can
/// soak up the level of the few sources that state them, and a profile without a title gets none.
public struct StatedLevelMix: Sendable, Codable, Hashable {
    /// Shares of each level per whole year of experience (capped at `maximumYears`), from buckets
    /// with at least `minimumRows` titled rows.
    public var sharesByYears: [Int: [ExperienceLevel: Double]]
    /// Shares over all titled rows: for a year bucket too thin to have its own.
    public var overall: [ExperienceLevel: Double]
    /// Titled rows behind the mix.
    public var rows: Int

    public init(sharesByYears: [Int: [ExperienceLevel: Double]], overall: [ExperienceLevel: Double], rows: Int) {
        self.sharesByYears = sharesByYears
        self.overall = overall
        self.rows = rows
    }

    /// Years beyond this share one bucket: titles barely change after a decade and a half.
    public static let maximumYears = 15
    /// A year bucket keeps its own shares from this many titled rows.
    public static let minimumRows = 30

    /// Learns each family's mix from titled rows, keeping the families whose titles say something
    /// the years do not.
    public static func learn(_ titled: some Sequence<(years: Double, level: ExperienceLevel, family: String)>) -> [String: StatedLevelMix] {
        var pairs: [String: [(years: Double, level: ExperienceLevel)]] = [:]
        for row in titled { pairs[row.family, default: []].append((row.years, row.level)) }
        return pairs.compactMapValues(StatedLevelMix.init).filter(\.value.isInformative)
    }

    /// Whether some year bucket mixes titles. sysarmy's "seniority" is a band its publisher sets
    /// from the years (Junior under 3, Semi-Senior 3–5, Senior 6 and more): every bucket holds one
    /// level, the title adds nothing to the years, and its columns would be noise around zero.
    public var isInformative: Bool {
        sharesByYears.values.contains { ($0.values.max() ?? 1) < Self.dominantShare }
    }

    /// A bucket whose most common title holds this share or more counts as one title.
    static let dominantShare = 0.95

    /// Learns one family's mix from (years, stated level) pairs; `nil` when there are none.
    public init?(_ pairs: [(years: Double, level: ExperienceLevel)]) {
        var counts: [Int: [ExperienceLevel: Int]] = [:]
        var totals: [ExperienceLevel: Int] = [:]
        var rows = 0
        for (years, level) in pairs {
            counts[Self.bucket(years), default: [:]][level, default: 0] += 1
            totals[level, default: 0] += 1
            rows += 1
        }
        guard rows > 0 else { return nil }
        func shares(_ counts: [ExperienceLevel: Int]) -> [ExperienceLevel: Double] {
            let total = Double(counts.values.reduce(0, +))
            return counts.mapValues { Double($0) / total }
        }
        self.init(
            sharesByYears: counts.filter { $0.value.values.reduce(0, +) >= Self.minimumRows }.mapValues(shares),
            overall: shares(totals),
            rows: rows
        )
    }

    /// The whole-years bucket a row or profile falls in.
    public static func bucket(_ years: Double) -> Int { max(0, min(Self.maximumYears, Int(years.rounded(.down)))) }

    /// How an answer names the bucket of these years ("8 years", "15+ years").
    public static func bucketName(_ years: Double) -> String {
        let bucket = bucket(years)
        return bucket == maximumYears ? "\(bucket)+ years" : bucket == 1 ? "1 year" : "\(bucket) years"
    }

    /// A family's column for a level ("dou|senior").
    public static func columnName(family: String, level: ExperienceLevel) -> String { "\(family)|\(level.rawValue)" }

    /// The share of each level among titled developers with these years.
    public func shares(forYears years: Double) -> [ExperienceLevel: Double] {
        sharesByYears[Self.bucket(years)] ?? overall
    }

    /// The centred design values of a stated level at these years, in level order (so sums are
    /// reproducible): 1 − share for the stated level, −share for each other.
    public func centred(_ level: ExperienceLevel, years: Double) -> [(level: ExperienceLevel, value: Double)] {
        let shares = shares(forYears: years)
        return ExperienceLevel.allCases.map { other in (other, (other == level ? 1 : 0) - (shares[other] ?? 0)) }
    }
}
