import NIOCore
import Synchronization

/// At most `limit` expensive computations at once (uncached reports, batches of estimates), with
/// at most `queueLimit` more waiting their turn in arrival order; beyond that a request is refused
/// at once with 503 and Retry-After, so a burst of report requests cannot take every core from the
/// cheap estimates everyone else is asking for.
///
/// Written here because neither Hummingbird nor the other packages in the graph ship an async
/// semaphore; the waiting line is NIO's `CircularBuffer`.
final class ConcurrencyLimit: Sendable {
    let limit: Int
    let queueLimit: Int
    private let state = Mutex(State())

    private struct State {
        var running = 0
        var waiting = CircularBuffer<CheckedContinuation<Admission, Never>>()
    }

    private enum Admission { case admitted, waiting, refused }

    init(limit: Int, queueLimit: Int) {
        self.limit = max(1, limit)
        self.queueLimit = max(0, queueLimit)
    }

    /// Runs `work` when a slot is free; throws a 503 problem when the line is full.
    ///
    /// A waiting request whose client has gone keeps its place in the line, but when its turn comes
    /// it hands the slot straight on without computing anything (its task is cancelled).
    func run<Result: Sendable>(_ work: () async throws -> Result) async throws -> Result {
        let admission: Admission = await withCheckedContinuation { continuation in
            let decision = state.withLock { state -> Admission in
                if state.running < limit {
                    state.running += 1
                    return .admitted
                }
                guard state.waiting.count < queueLimit else { return .refused }
                state.waiting.append(continuation)
                return .waiting
            }
            if decision != .waiting { continuation.resume(returning: decision) }
        }
        guard admission == .admitted else {
            throw ProblemDetails(
                status: 503,
                title: "Busy",
                detail: "\(limit) expensive requests are being computed and \(queueLimit) more are waiting; try again in a second",
                type: "https://ratecard.invalid/problems/busy",
                retryAfterSeconds: 1
            )
        }
        defer { release() }
        try Task.checkCancellation()
        return try await work()
    }

    /// Hands the slot to the longest-waiting request, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Admission, Never>? in
            if let next = state.waiting.popFirst() { return next }  // the slot passes on: running stays the same
            state.running -= 1
            return nil
        }
        next?.resume(returning: .admitted)
    }

    /// Requests computing and waiting now (for tests and metrics).
    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }
}
