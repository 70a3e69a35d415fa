import Crypto
import Foundation
import RateCore
import RateStore

/// Self-reported rates: validated and stored as pending; they join the data only when a moderator
/// approves them, as a source of their own ("self-reports"), so they can be listed and removed
/// like any import.
public struct SelfReportService: Sendable {
    let app: RateCardApp

    /// A keyed hash of the client's address. The key is per process (`RATECARD_CLIENT_KEY_SECRET`
    /// makes it stable across servers), so stored keys group one client's reports without being
    /// reversible by trying every IPv4 address.
    public static func clientKey(address: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.prefix(12).hexadecimal
    }

    /// Validates and stores a report; returns its id. Throws `ProfileError` naming the bad field.
    public func submit(_ input: SelfReportInput, clientKey: String) async throws -> Int64 {
        let observation = try input.resolve(normaliser: app.normaliser, today: app.models.today)
        return try await app.store.addSelfReport(observation, clientKey: clientKey, submittedAt: app.timestamp)
    }

    public func pending(limit: Int = 100) async throws -> [SelfReportRecord] {
        try await app.store.selfReports(status: .pending, ids: nil, limit: limit)
    }

    /// Approves pending reports: they are imported as one source and marked approved. Re-running
    /// with the same ids after a failure finds the source by its content hash and only marks them.
    public func approve(ids: [Int64]) async throws -> (approved: Int, source: SourceRecord?) {
        let reports = try await app.store.selfReports(status: .pending, ids: ids, limit: max(1, ids.count))
        guard !reports.isEmpty else { return (0, nil) }
        let sortedIDs = reports.map(\.id).sorted()
        let hash = SHA256.hash(data: Data(("self-reports:" + sortedIDs.map(String.init).joined(separator: ",")).utf8)).hexadecimal
        let descriptor = SourceDescriptor(
            fileName: "self-reports-\(sortedIDs.first!)-\(sortedIDs.last!)",
            contentSHA256: hash,
            byteCount: 0,
            format: "self-report",
            dataset: "self",
            title: "Self-reported rates (RateCard users)",
            licence: "CC0 1.0 (contributors agree when submitting)",
            attribution: "RateCard users, moderated",
            isDefault: false
        )
        let source: SourceRecord
        if let existing = try await app.store.source(contentSHA256: hash) {
            source = existing
        } else {
            let observations = reports.map { report -> Observation in
                var observation = report.observation
                observation.recordKey = "self:\(report.id)"
                observation.line = 1
                return observation
            }
            source = try await app.store.importSource(
                descriptor,
                importedAt: app.timestamp,
                outlierPolicy: app.configuration.outlierPolicy
            ) { sink in
                var counts = ImportCounts()
                for observation in observations {
                    counts.read += 1
                    try ImportService.store(observation, in: sink, counts: &counts)
                }
                return counts
            }
        }
        let approved = try await app.store.decideSelfReports(
            ids: sortedIDs,
            status: .approved,
            decidedAt: app.timestamp,
            sourceID: source.id
        )
        return (approved, source)
    }

    public func reject(ids: [Int64]) async throws -> Int {
        try await app.store.decideSelfReports(ids: ids, status: .rejected, decidedAt: app.timestamp, sourceID: nil)
    }
}

extension RateCardApp {
    public var selfReports: SelfReportService { SelfReportService(app: self) }
}
