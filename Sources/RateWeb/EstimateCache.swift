import Hummingbird
import Metrics

/// Finished `GET /v1/estimate` answers, by query string, for the model loaded now and today's date.
///
/// Why a cache: an answer is a pure function of the loaded model, the query and the date (the
/// default as-of date and the exchange-rate date follow it), and computing and writing one costs
/// several times what serving it does. Hiring pages and spreadsheets ask the same profiles again
/// and again. Entries are keyed by the model's generation in this process, which changes on every
/// reload, so a refit never serves an older answer; a full cache drops an arbitrary entry
/// (dictionary order), which keeps the lock short.
final class EstimateCache: Sendable {
    struct Key: Hashable, Sendable {
        /// Which loaded model: `WebServices` counts reloads.
        var generation: Int
        var day: Int
        var query: String
    }

    /// Most entries kept; 0 turns the cache off.
    let capacity: Int
    private let entries = Mutex<[Key: ByteBuffer]>([:])
    private let hits = Counter(label: "ratecard_estimate_cache_lookups_total", dimensions: [("result", "hit")])
    private let misses = Counter(label: "ratecard_estimate_cache_lookups_total", dimensions: [("result", "miss")])

    init(capacity: Int) { self.capacity = max(0, capacity) }

    func answer(for key: Key) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        let found = entries.withLock { $0[key] }
        (found == nil ? misses : hits).increment()
        return found
    }

    func store(_ body: ByteBuffer, for key: Key) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                entries.remove(at: entries.startIndex)
            }
            entries[key] = body
        }
    }

    /// Drops every entry (after a reload: they belong to the previous generation).
    func removeAll() { entries.withLock { $0.removeAll(keepingCapacity: true) } }

    var count: Int { entries.withLock { $0.count } }
}
