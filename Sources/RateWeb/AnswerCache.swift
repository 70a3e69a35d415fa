import Hummingbird
import Metrics
import RateCore
import Synchronization

/// Finished answers of the loaded model, by what was asked and today's date: the estimates of
/// `GET /v1/estimate` (their JSON bytes) and the reports of `GET /v1/reports/{kind}`.
///
/// Why a cache: an answer is a pure function of the loaded model, the question and the date (the
/// default as-of date and the exchange-rate date follow it), and computing one costs several times
/// what serving it does (a skills report about 170 ms). Hiring pages and spreadsheets ask the same
/// questions again and again. Entries are keyed by the model's generation in this process, which
/// changes on every reload, so a refit never serves an older answer. A full cache drops its oldest
/// entry (a ring of keys: O(1), where removing a dictionary's first entry scans for it and made a
/// cache full of one-off queries slower than no cache).
final class AnswerCache<Question: Hashable & Sendable, Answer: Sendable>: Sendable {
    struct Key: Hashable, Sendable {
        /// Which loaded model: `WebServices` counts reloads.
        var generation: Int
        var day: Int
        var query: Question
    }

    /// Most entries kept; 0 turns the cache off.
    let capacity: Int
    private let state = Mutex(State())
    private let hits: Counter
    private let misses: Counter

    private struct State {
        var entries: [Key: Answer] = [:]
        /// Keys in the order they were stored; `next` is the oldest once the ring is full.
        var order: [Key] = []
        var next = 0
    }

    /// - Parameter metric: the name of the lookup counter on `/metrics` (`…_lookups_total`, with result hit or miss).
    init(capacity: Int, metric: String) {
        self.capacity = max(0, capacity)
        hits = Counter(label: metric, dimensions: [("result", "hit")])
        misses = Counter(label: metric, dimensions: [("result", "miss")])
    }

    func answer(for key: Key) -> Answer? {
        guard capacity > 0 else { return nil }
        let found = state.withLock { $0.entries[key] }
        (found == nil ? misses : hits).increment()
        return found
    }

    func store(_ answer: Answer, for key: Key) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.entries.updateValue(answer, forKey: key) == nil else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.entries.removeValue(forKey: state.order[state.next])
                state.order[state.next] = key
                state.next = (state.next + 1) % capacity
            }
        }
    }

    /// Drops every entry (after a reload: they belong to the previous generation).
    func removeAll() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.order.removeAll(keepingCapacity: true)
            state.next = 0
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// `GET /v1/estimate` answers by query string, as the JSON bytes sent.
typealias EstimateCache = AnswerCache<String, ByteBuffer>

extension EstimateCache {
    convenience init(capacity: Int) { self.init(capacity: capacity, metric: "ratecard_estimate_cache_lookups_total") }
}

/// A report request as the generated layer decoded it: which report, and its filters. The format
/// is not part of it: one built report serves JSON, CSV and HTML.
struct ReportQuestion: Hashable, Sendable {
    var path: Operations.GetReport.Input.Path
    var query: Operations.GetReport.Input.Query
}

/// A built report with its wire form: converting it to the generated type costs as much as
/// building it, so the JSON answer is kept too.
struct BuiltReport: Sendable {
    var report: Report
    var wire: Components.Schemas.Report
}

/// `GET /v1/reports/{kind}` answers, as built reports.
typealias ReportCache = AnswerCache<ReportQuestion, BuiltReport>
