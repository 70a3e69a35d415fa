import Hummingbird
import Metrics

/// Finished `GET /v1/estimate` answers, by query string, for the model loaded now and today's date.
///
/// Why a cache: an answer is a pure function of the loaded model, the query and the date (the
/// default as-of date and the exchange-rate date follow it), and computing and writing one costs
/// several times what serving it does. Hiring pages and spreadsheets ask the same profiles again
/// and again. Entries are keyed by the model's generation in this process, which changes on every
/// reload, so a refit never serves an older answer. A full cache drops its oldest entry (a ring of
/// keys: O(1), where removing a dictionary's first entry scans for it and made a cache full of
/// one-off queries slower than no cache).
final class EstimateCache: Sendable {
    struct Key: Hashable, Sendable {
        /// Which loaded model: `WebServices` counts reloads.
        var generation: Int
        var day: Int
        var query: String
    }

    /// Most entries kept; 0 turns the cache off.
    let capacity: Int
    private let state = Mutex(State())
    private let hits = Counter(label: "ratecard_estimate_cache_lookups_total", dimensions: [("result", "hit")])
    private let misses = Counter(label: "ratecard_estimate_cache_lookups_total", dimensions: [("result", "miss")])

    private struct State {
        var entries: [Key: ByteBuffer] = [:]
        /// Keys in the order they were stored; `next` is the oldest once the ring is full.
        var order: [Key] = []
        var next = 0
    }

    init(capacity: Int) { self.capacity = max(0, capacity) }

    func answer(for key: Key) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        let found = state.withLock { $0.entries[key] }
        (found == nil ? misses : hits).increment()
        return found
    }

    func store(_ body: ByteBuffer, for key: Key) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.entries.updateValue(body, forKey: key) == nil else { return }
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
