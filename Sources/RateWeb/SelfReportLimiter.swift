import Foundation
import Synchronization

/// At most `limit` self-reports per client per `window`, counted in this process. Written here
/// because Hummingbird 2 ships no rate limiter; behind several servers the limit applies per
/// server, so a client can send N × limit (stated in the docs).
final class SelfReportLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let recent = Mutex<[String: [Date]]>([:])
    /// Clients remembered at most; the stalest are forgotten first.
    private let capacity = 100_000

    init(limit: Int, window: TimeInterval = 3600) {
        self.limit = limit
        self.window = window
    }

    /// `nil` when a report may go ahead, else the seconds until it may.
    func retryAfter(_ key: String, now: Date) -> Int? {
        recent.withLock { recent in
            let times = (recent[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent[key] = times.isEmpty ? nil : times
            guard times.count >= limit else { return nil }
            return max(1, Int((window - now.timeIntervalSince(times[0])).rounded(.up)))
        }
    }

    /// Counts a stored report.
    func record(_ key: String, now: Date) {
        recent.withLock { recent in
            recent[key, default: []].append(now)
            if recent.count > capacity {
                let cutoff = now.addingTimeInterval(-window)
                recent = recent.filter { $0.value.last.map { $0 > cutoff } ?? false }
            }
        }
    }
}
