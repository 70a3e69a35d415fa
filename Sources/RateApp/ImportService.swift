import Foundation
import RateCore
import RateImport
import RateStore

/// What `ratecard import` was asked to do for one file.
public struct ImportOptions: Sendable {
    public var format: SourceFormat?
    public var mapping: ImportMapping?
    public var dryRun: Bool
    public var isDefault: Bool
    /// The label table of a coded layout (Stack Overflow 2024); looked for beside the file when `nil`.
    public var labels: String?
    /// The other files of the same import, where a layout's companion (Stack Overflow 2025's
    /// languages) is looked for first.
    public var companions: [String]

    public init(
        format: SourceFormat? = nil,
        mapping: ImportMapping? = nil,
        dryRun: Bool = false,
        isDefault: Bool = false,
        labels: String? = nil,
        companions: [String] = []
    ) {
        self.format = format
        self.mapping = mapping
        self.dryRun = dryRun
        self.isDefault = isDefault
        self.labels = labels
        self.companions = companions
    }
}

/// Progress of a running import, reported every few thousand rows.
public struct ImportProgress: Sendable {
    public var rows: Int
    /// The file's size on disk (compressed when it is gzip).
    public var fileBytes: Int
}

/// The result of importing one file, as printed by `ratecard import` (and `--json`).
public struct ImportSummary: Sendable, Codable, Hashable {
    public var file: String
    public var format: String
    public var encoding: String
    public var sourceID: Int64?
    /// True when the same content was imported before; nothing was added.
    public var alreadyImported: Bool
    public var dryRun: Bool
    public var read: Int
    public var accepted: Int
    public var rejected: Int
    public var flagged: Int
    public var duplicates: Int
    public var rejectedByReason: [String: Int]
    public var flaggedByQuality: [String: Int]
    public var warnings: [String]
    public var elapsedSeconds: Double
    /// When nothing was stored, the rejected rows themselves (the first 1,000), since no source
    /// keeps them for `ratecard rejects`.
    public var unstoredRejections: [RowIssue] = []
}

/// Streams a file into the store in one transaction and accounts for every row.
public struct ImportService: Sendable {
    let app: RateCardApp

    public func importFile(
        path: String,
        options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportSummary {
        let started = Date()
        let fingerprint = try FileFingerprint.of(path: path)
        let context = ImportContext(normaliser: app.normaliser)
        // Opening reads the header: a file of the wrong layout fails here, before any write.
        let reader = try SourceReader(
            path: path,
            format: options.format,
            mapping: options.mapping,
            context: context,
            labels: options.labels,
            companions: options.companions.filter { $0 != path },
            limits: app.configuration.inputLimits
        )
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        var summary = ImportSummary(
            file: fileName,
            format: reader.format.rawValue,
            encoding: reader.encoding.rawValue,
            sourceID: nil,
            alreadyImported: false,
            dryRun: options.dryRun,
            read: 0,
            accepted: 0,
            rejected: 0,
            flagged: 0,
            duplicates: 0,
            rejectedByReason: [:],
            flaggedByQuality: [:],
            warnings: reader.warnings,
            elapsedSeconds: 0
        )

        if let existing = try await app.store.source(contentSHA256: fingerprint.sha256) {
            summary.alreadyImported = true
            summary.sourceID = existing.id
            summary.warnings.append(StoreError.alreadyImported(existing).description)
            summary.elapsedSeconds = Date().timeIntervalSince(started)
            return summary
        }

        let feed: @Sendable (any ImportSink) throws -> ImportCounts = { sink in
            var counts = ImportCounts()
            var firstIssues: [RowIssue] = []
            try reader.forEachItemPipelined { item in
                counts.read += 1
                switch item {
                case let .observation(observation):
                    try Self.store(observation, in: sink, counts: &counts)
                case let .distribution(distribution):
                    if try sink.insert(distribution) {
                        counts.accepted += 1
                        if distribution.quality != .ok {
                            counts.flagged += 1
                            counts.flaggedByQuality[distribution.quality.rawValue, default: 0] += 1
                        }
                    } else {
                        try Self.rejectDuplicate(key: distribution.recordKey, line: distribution.line, sink: sink, counts: &counts)
                    }
                case let .offer(ranges):
                    // One offer is one row: accepted when its ranges are new, a duplicate when none is.
                    var inserted = 0
                    for range in ranges where try sink.insert(range) { inserted += 1 }
                    if inserted > 0 {
                        counts.accepted += 1
                    } else {
                        try Self.rejectDuplicate(key: ranges.first?.offerKey, line: ranges.first?.line ?? 1, sink: sink, counts: &counts)
                    }
                case let .rejected(issue):
                    if firstIssues.count < ImportService.unstoredRejectionLimit { firstIssues.append(issue) }
                    try sink.reject(issue)
                    counts.rejected += 1
                    counts.rejectedByReason[issue.reason.rawValue, default: 0] += 1
                }
                if counts.read % 5000 == 0 {
                    progress?(ImportProgress(rows: counts.read, fileBytes: fingerprint.byteCount))
                }
            }
            // A file with no usable row leaves no source behind and does not change the data version.
            if counts.accepted == 0 { throw NothingToStore(counts: counts, firstIssues: firstIssues) }
            return counts
        }

        var counts: ImportCounts
        do {
            counts = try await run(feed: feed, reader: reader, fingerprint: fingerprint, fileName: fileName, options: options, summary: &summary)
        } catch let nothing as NothingToStore {
            counts = nothing.counts
            summary.sourceID = nil
            summary.unstoredRejections = nothing.firstIssues
            let examples = nothing.firstIssues.prefix(3).map { "line \($0.line), \($0.field): \($0.message)" }.joined(separator: "; ")
            summary.warnings.append(
                "nothing stored: no row of this file is usable, so no source was created and the store is unchanged"
                    + (examples.isEmpty ? " (the file has no data rows)" : " (for example \(examples))")
            )
        }
        if summary.alreadyImported {
            summary.elapsedSeconds = Date().timeIntervalSince(started)
            return summary
        }
        summary.read = counts.read
        summary.accepted = counts.accepted
        summary.rejected = counts.rejected
        summary.flagged = counts.flagged
        summary.duplicates = counts.duplicates
        summary.rejectedByReason = counts.rejectedByReason
        summary.flaggedByQuality = counts.flaggedByQuality
        summary.elapsedSeconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Rejections kept in the summary of an import that stored nothing (the store has no source to keep them under).
    static let unstoredRejectionLimit = 1000

    /// Why an import wrote nothing: every row was rejected, or there were none. Thrown inside the
    /// store's transaction so that it rolls back.
    struct NothingToStore: Error {
        var counts: ImportCounts
        var firstIssues: [RowIssue]
    }

    /// Runs `feed` as a dry run or in the store's import transaction; the counts stored.
    private func run(
        feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts,
        reader: SourceReader,
        fingerprint: FileFingerprint,
        fileName: String,
        options: ImportOptions,
        summary: inout ImportSummary
    ) async throws -> ImportCounts {
        let counts: ImportCounts
        if options.dryRun {
            counts = try feed(DryRunSink())
        } else {
            let descriptor = SourceDescriptor(
                fileName: fileName,
                contentSHA256: fingerprint.sha256,
                byteCount: fingerprint.byteCount,
                format: reader.format.rawValue,
                dataset: reader.dataset,
                title: reader.title,
                licence: reader.licence,
                attribution: reader.attribution,
                isDefault: options.isDefault
            )
            let record: SourceRecord
            do {
                record = try await app.store.importSource(
                    descriptor,
                    importedAt: app.timestamp,
                    outlierPolicy: app.configuration.outlierPolicy,
                    feed: feed
                )
            } catch StoreError.alreadyImported(let existing) {
                // Another process imported the same content meanwhile (two servers loading the
                // default data at once): the same answer as finding it before starting.
                summary.alreadyImported = true
                summary.sourceID = existing.id
                summary.warnings.append(StoreError.alreadyImported(existing).description)
                return ImportCounts()
            }
            counts = record.counts
            summary.sourceID = record.id
        }
        return counts
    }

    /// Rejected rows, of one source or all, of one reason or all: `limit` rows after skipping `offset`.
    public func rejectedRows(sourceID: Int64?, reason: RejectReason?, limit: Int, offset: Int) async throws -> [RejectedRowRecord] {
        guard let reason else { return try await app.store.rejectedRows(sourceID: sourceID, limit: limit, offset: offset) }
        let rows = try await app.store.rejectedRows(sourceID: sourceID, limit: Int.max, offset: 0)
        return Array(rows.lazy.filter { $0.issue.reason == reason }.dropFirst(offset).prefix(limit))
    }

    /// Removes a source (a bad import) with all its rows in one transaction; the data version moves,
    /// so the model is stale until refitted. `nil` when there is no such source.
    public func deleteSource(id: Int64) async throws -> SourceRecord? {
        try await app.store.deleteSource(id: id)
    }

    /// Every stored source.
    public func sources() async throws -> [SourceRecord] {
        try await app.store.sources()
    }

    /// Stores an observation and counts it as accepted (and flagged), or as a rejected duplicate.
    static func store(_ observation: Observation, in sink: any ImportSink, counts: inout ImportCounts) throws {
        if try sink.insert(observation) {
            counts.accepted += 1
            if observation.quality != .ok {
                counts.flagged += 1
                counts.flaggedByQuality[observation.quality.rawValue, default: 0] += 1
            }
        } else {
            try rejectDuplicate(key: observation.recordKey, line: observation.line, sink: sink, counts: &counts)
        }
    }

    static func rejectDuplicate(key: String?, line: Int, sink: any ImportSink, counts: inout ImportCounts) throws {
        let issue = RowIssue(
            line: line,
            field: "(record)",
            value: key ?? "",
            reason: .duplicate,
            message: "record \(key ?? "") is already stored (same respondent or cell in this or an earlier import)"
        )
        try sink.reject(issue)
        counts.rejected += 1
        counts.duplicates += 1
        counts.rejectedByReason[RejectReason.duplicate.rawValue, default: 0] += 1
    }
}

/// Validates without writing: counts what an import would store, catching duplicates within the file.
final class DryRunSink: ImportSink {
    private var keys = Set<String>()

    func insert(_ observation: Observation) throws -> Bool {
        guard let key = observation.recordKey else { return true }
        return keys.insert(key).inserted
    }

    func insert(_ distribution: PublishedDistribution) throws -> Bool {
        keys.insert(distribution.recordKey).inserted
    }

    func insert(_ range: AdvertisedRange) throws -> Bool {
        keys.insert(range.recordKey).inserted
    }

    func reject(_ issue: RowIssue) throws {}
}
