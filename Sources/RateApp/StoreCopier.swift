import Foundation
import RateCore
import RateStore

/// Copies every source of one store into another (SQLite to PostgreSQL, or back), row for row,
/// and checks the counts on both sides.
public struct StoreCopier: Sendable {
    /// What happened to one source.
    public struct SourceResult: Sendable, Hashable {
        public var fileName: String
        public var sourceID: Int64
        public var copied: Bool
        public var observations: Int
        public var distributions: Int
        public var advertisedRanges: Int
        public var rejectedRows: Int
    }

    public enum CopyError: Error, CustomStringConvertible {
        case countsDiffer(source: String, what: String, from: Int, to: Int)

        public var description: String {
            switch self {
            case let .countsDiffer(source, what, from, to):
                "copying \(source): the target holds \(to) \(what) but the origin holds \(from); the target kept what it had before this source"
            }
        }
    }

    public let from: any RateStore
    public let to: any RateStore

    public init(from: any RateStore, to: any RateStore) {
        self.from = from
        self.to = to
    }

    /// Copies sources the target does not hold yet (matched by content hash), oldest first, each in
    /// one transaction. Flags are copied as stored: the relative outlier pass is not run again,
    /// since it already ran on the origin and a second pass over flagged rows would flag more.
    public func copy(progress: (@Sendable (String) -> Void)? = nil) async throws -> [SourceResult] {
        var results: [SourceResult] = []
        let noRelativePass = OutlierPolicy(minimumGroupSize: Int.max)
        for source in try await from.sources() {
            if try await to.source(contentSHA256: source.descriptor.contentSHA256) != nil {
                progress?("  #\(source.id) \(source.descriptor.fileName): already in the target, skipped")
                results.append(
                    SourceResult(
                        fileName: source.descriptor.fileName,
                        sourceID: source.id,
                        copied: false,
                        observations: 0,
                        distributions: 0,
                        advertisedRanges: 0,
                        rejectedRows: 0
                    )
                )
                continue
            }
            let observations = try await from.observations(ObservationQuery(sourceIDs: [source.id]))
            let distributions = try await from.distributions(DistributionQuery(sourceIDs: [source.id]))
            let ranges = try await from.advertisedRanges(AdvertisedRangeQuery(sourceIDs: [source.id]))
            var rejected: [RowIssue] = []
            while true {
                let page = try await from.rejectedRows(sourceID: source.id, limit: 50_000, offset: rejected.count)
                rejected += page.map(\.issue)
                if page.count < 50_000 { break }
            }
            let counts = source.counts
            let (rows, published, offered, issues) = (observations, distributions, ranges, rejected)
            let copied = try await to.importSource(source.descriptor, importedAt: source.importedAt, outlierPolicy: noRelativePass) { sink in
                var inserted = 0
                var insertedDistributions = 0
                for row in rows where try sink.insert(row) { inserted += 1 }
                for row in published where try sink.insert(row) { insertedDistributions += 1 }
                var insertedRanges = 0
                for range in offered where try sink.insert(range) { insertedRanges += 1 }
                for issue in issues { try sink.reject(issue) }
                guard inserted == rows.count else {
                    throw CopyError.countsDiffer(source: source.descriptor.fileName, what: "observations", from: rows.count, to: inserted)
                }
                guard insertedDistributions == published.count else {
                    throw CopyError.countsDiffer(
                        source: source.descriptor.fileName,
                        what: "distributions",
                        from: published.count,
                        to: insertedDistributions
                    )
                }
                guard insertedRanges == offered.count else {
                    throw CopyError.countsDiffer(
                        source: source.descriptor.fileName,
                        what: "advertised ranges",
                        from: offered.count,
                        to: insertedRanges
                    )
                }
                return counts
            }
            guard copied.counts == counts else {
                throw CopyError.countsDiffer(
                    source: source.descriptor.fileName,
                    what: "accepted rows",
                    from: counts.accepted,
                    to: copied.counts.accepted
                )
            }
            progress?(
                "  #\(source.id) \(source.descriptor.fileName): \(observations.count) observations, \(distributions.count) distributions, \(ranges.count) advertised ranges, \(rejected.count) rejected rows copied"
            )
            results.append(
                SourceResult(
                    fileName: source.descriptor.fileName,
                    sourceID: source.id,
                    copied: true,
                    observations: observations.count,
                    distributions: distributions.count,
                    advertisedRanges: ranges.count,
                    rejectedRows: rejected.count
                )
            )
        }
        for (what, fromCount, toCount) in [
            ("observations", try await from.observationCount(), try await to.observationCount()),
            ("distributions", try await from.distributionCount(), try await to.distributionCount()),
            ("advertised ranges", try await from.advertisedRangeCount(), try await to.advertisedRangeCount()),
        ] where toCount < fromCount {
            throw CopyError.countsDiffer(source: "the whole store", what: what, from: fromCount, to: toCount)
        }
        return results
    }
}
