import Foundation
import Synchronization
import Testing

@testable import RateWeb

/// The order requests started in, shared with the tasks that run them (a local `Mutex` cannot be
/// captured by an escaping closure).
private final class StartOrder: Sendable {
    let indices = Mutex<[Int]>([])
}

@Suite("Concurrency limit")
struct ConcurrencyLimitTests {
    /// Waits (bounded) until the limit shows the expected load.
    func settle(_ limit: ConcurrencyLimit, running: Int, waiting: Int) async throws {
        for _ in 0..<2_000 where limit.load != (running, waiting) { try await Task.sleep(for: .milliseconds(1)) }
        #expect(limit.load == (running, waiting))
    }

    @Test func slotsPassToWaitersInOrderAndTheRestAreRefused() async throws {
        let limit = ConcurrencyLimit(limit: 2, queueLimit: 2)
        let order = StartOrder()
        var gates: [AsyncStream<Void>.Continuation] = []
        var tasks: [Task<Void, any Error>] = []
        for index in 0..<4 {
            let (stream, gate) = AsyncStream<Void>.makeStream()
            gates.append(gate)
            tasks.append(
                Task {
                    try await limit.run {
                        order.indices.withLock { $0.append(index) }
                        for await _ in stream {}
                    }
                }
            )
            try await settle(limit, running: min(index + 1, 2), waiting: max(0, index - 1))
        }
        do {
            _ = try await limit.run { Issue.record("a fifth request must not run") }
            Issue.record("a fifth request must be refused")
        } catch let problem as ProblemDetails {
            #expect(problem.status == 503)
            #expect(problem.retryAfterSeconds == 1)
        }
        #expect(order.indices.withLock { $0 } == [0, 1])
        gates[1].finish()
        try await tasks[1].value
        try await settle(limit, running: 2, waiting: 1)
        #expect(order.indices.withLock { $0 } == [0, 1, 2], "the longest waiter goes first")
        for gate in gates { gate.finish() }
        for task in tasks { try await task.value }
        #expect(order.indices.withLock { $0 } == [0, 1, 2, 3])
        try await settle(limit, running: 0, waiting: 0)
    }

    /// A request cancelled while it waits (its client went away) computes nothing when its turn
    /// comes, and passes the slot on.
    @Test func aCancelledWaiterComputesNothingAndPassesItsTurnOn() async throws {
        let limit = ConcurrencyLimit(limit: 1, queueLimit: 2)
        let ran = StartOrder()
        let (stream, gate) = AsyncStream<Void>.makeStream()
        let holder = Task { try await limit.run { for await _ in stream {} } }
        try await settle(limit, running: 1, waiting: 0)
        let gone = Task { try await limit.run { ran.indices.withLock { $0.append(1) } } }
        try await settle(limit, running: 1, waiting: 1)
        let next = Task { try await limit.run { ran.indices.withLock { $0.append(2) } } }
        try await settle(limit, running: 1, waiting: 2)
        gone.cancel()
        gate.finish()
        try await holder.value
        await #expect(throws: CancellationError.self) { try await gone.value }
        try await next.value
        #expect(ran.indices.withLock { $0 } == [2], "the cancelled request's work never ran")
        try await settle(limit, running: 0, waiting: 0)
    }

    @Test func anErrorFreesItsSlot() async throws {
        struct Failure: Error {}
        let limit = ConcurrencyLimit(limit: 1, queueLimit: 0)
        await #expect(throws: Failure.self) { try await limit.run { throw Failure() } }
        #expect(limit.load == (0, 0))
        #expect(try await limit.run { 42 } == 42)
    }
}
