import RateCore

/// The relative outlier rule applied to one import, shared by every backend so they flag the same
/// rows: backends only fetch the candidates and write the changes back.
public enum RelativeOutliers {
    /// An accepted observation that may be judged: its stored id, country, hourly USD and current flag.
    public struct Candidate: Sendable {
        public var id: Int64
        public var country: String
        public var hourly: Double
        public var quality: QualityFlag
        public init(id: Int64, country: String, hourly: Double, quality: QualityFlag) {
            self.id = id
            self.country = country
            self.hourly = hourly
            self.quality = quality
        }
    }

    /// A row whose flag changes, with the rule in words.
    public struct Change: Sendable, Hashable {
        public var id: Int64
        public var from: QualityFlag
        public var to: QualityFlag
        public var rule: String
    }

    /// Which candidates the rule flags, judged per country; countries in sorted order, rows in
    /// the candidates' order.
    public static func changes(_ candidates: [Candidate], policy: OutlierPolicy) -> [Change] {
        var groups: [String: [Candidate]] = [:]
        for candidate in candidates { groups[candidate.country, default: []].append(candidate) }
        var changes: [Change] = []
        for (countryText, members) in groups.sorted(by: { $0.key < $1.key }) {
            guard let country = CountryCode(countryText), let bounds = policy.relativeBounds(hourlyValues: members.map(\.hourly)) else { continue }
            let rules = policy.relativeRule(low: bounds.low, high: bounds.high, country: country)
            for member in members {
                if member.hourly < bounds.low {
                    changes.append(Change(id: member.id, from: member.quality, to: .outlierLow, rule: rules.lowRule))
                } else if member.hourly > bounds.high {
                    changes.append(Change(id: member.id, from: member.quality, to: .outlierHigh, rule: rules.highRule))
                }
            }
        }
        return changes
    }
}

extension ImportCounts {
    /// The counts after the relative outlier pass changed these flags.
    public func applying(_ changes: [RelativeOutliers.Change]) -> ImportCounts {
        var counts = self
        for change in changes {
            counts.flaggedByQuality[change.to.rawValue, default: 0] += 1
            if change.from == .ok {
                counts.flagged += 1
            } else {
                counts.flaggedByQuality[change.from.rawValue, default: 0] -= 1
            }
        }
        counts.flaggedByQuality = counts.flaggedByQuality.filter { $0.value > 0 }
        return counts
    }
}
