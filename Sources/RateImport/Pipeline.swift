import Foundation

/// A bounded hand-off between one producing thread and one consuming thread.
///
/// Written here because the import pipeline is synchronous on both sides (the consumer is inside a
/// GRDB write transaction, which cannot await) and Foundation's `NSCondition` is all it needs.
final class BoundedHandOff<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Element] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Blocks while full; returns `false` when the consumer has cancelled.
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(element)
        condition.broadcast()
        return true
    }

    /// Marks the end of the stream, with the producer's error if it failed.
    func finish(error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until an element or the end; rethrows the producer's error at the end.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let element = queue.removeFirst()
            condition.broadcast()
            return element
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

extension SourceReader {
    /// Like `forEachItem`, but reads and converts rows on a second thread while `body` (the store's
    /// inserts) runs on this one, so parsing and writing overlap on a multi-core machine.
    /// Items arrive in file order; an error on either side stops both.
    public func forEachItemPipelined(batchSize: Int = 1024, _ body: (ImportItem) throws -> Void) throws {
        let handOff = BoundedHandOff<[ImportItem]>(capacity: 8)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            var batch: [ImportItem] = []
            batch.reserveCapacity(batchSize)
            do {
                try forEachItem { item in
                    batch.append(item)
                    if batch.count == batchSize {
                        guard handOff.put(batch) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = handOff.put(batch) }
                handOff.finish(error: nil)
            } catch is CancellationError {
                handOff.finish(error: nil)
            } catch {
                handOff.finish(error: error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer { done.wait() }
        do {
            while let batch = try handOff.take() {
                for item in batch { try body(item) }
            }
        } catch {
            handOff.cancel()
            throw error
        }
    }
}
