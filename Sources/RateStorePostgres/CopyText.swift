import Foundation
import Synchronization

/// Rows in PostgreSQL's `COPY ... FROM STDIN (FORMAT text)` encoding, appended to a byte buffer.
///
/// Written here because PostgresNIO's `copyFrom` takes ready-made bytes and no package on this
/// machine encodes the text format. The format: fields separated by a tab, rows ended by a newline,
/// `\N` for NULL, and backslash, tab, newline and carriage return escaped with a backslash.
struct CopyTextRow {
    private(set) var bytes: [UInt8] = []
    private var fieldCount = 0

    init() { bytes.reserveCapacity(1 << 20) }

    var isEmpty: Bool { bytes.isEmpty }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldCount = 0
    }

    private mutating func separate() {
        if fieldCount > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldCount += 1
    }

    mutating func null() {
        separate()
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "N"))
    }

    mutating func add(_ value: String?) {
        guard var value else { return null() }
        separate()
        value.withUTF8 { buffer in
            for byte in buffer {
                switch byte {
                case UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\t"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "r"))
                case 0: break  // PostgreSQL text cannot hold NUL; the SQLite store would keep it, so strip it here.
                default: bytes.append(byte)
                }
            }
        }
    }

    mutating func add(_ value: Int64?) {
        guard let value else { return null() }
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func add(_ value: Int?) { add(value.map(Int64.init)) }

    /// Doubles are written in Swift's shortest round-tripping form, which PostgreSQL reads back to
    /// the same bits, so figures agree with the SQLite store to the last digit.
    mutating func add(_ value: Double?) {
        guard let value else { return null() }
        separate()
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func add(_ value: Bool) {
        separate()
        bytes.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldCount = 0
    }
}

/// A spool of COPY text: on disk by default (sent after parsing, memory stays flat), or live, when
/// its chunks go straight to a running `COPY` through a `ChunkChannel` while the file is parsed.
///
/// Unchecked sendable: the parsing thread fills it, then (after that thread has finished) the
/// import task reads it; never both at once.
final class CopySpool: @unchecked Sendable {
    let table: String
    let columns: [String]
    let url: URL
    private let handle: FileHandle
    var row = CopyTextRow()
    private(set) var rowCount = 0
    private(set) var byteCount = 0
    /// Set when this spool streams instead of writing to disk.
    private(set) var channel: ChunkChannel?

    init(table: String, columns: [String]) throws {
        self.table = table
        self.columns = columns
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-copy-\(UUID().uuidString)-\(table).txt")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forUpdating: url)
    }

    var isLive: Bool { channel != nil }

    /// Sends this spool's rows to `channel` from now on (before any row is written).
    func goLive(_ channel: ChunkChannel) {
        precondition(rowCount == 0)
        self.channel = channel
    }

    /// Ends the current row and passes the buffer on when it is large.
    func endRow() throws {
        row.endRow()
        rowCount += 1
        // Live chunks are smaller, so the first reaches the server sooner.
        if row.bytes.count >= (isLive ? 1 << 18 : 1 << 20) { try flush() }
    }

    func flush() throws {
        guard !row.isEmpty else { return }
        if let channel {
            try channel.send(ChunkChannel.Chunk(table: table, columns: columns, bytes: row.bytes))
        } else {
            try handle.write(contentsOf: row.bytes)
        }
        byteCount += row.bytes.count
        row.removeAll()
    }

    /// Reads a disk spool back in chunks.
    func chunks(size: Int = 1 << 20, _ body: (Data) async throws -> Void) async throws {
        try flush()
        try handle.seek(toOffset: 0)
        while let data = try handle.read(upToCount: size), !data.isEmpty {
            try await body(data)
        }
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}

/// Chunks of COPY text from the parsing thread to the task running `COPY`, with backpressure: the
/// parser blocks when `capacity` chunks wait, so memory stays bounded when the server is slower.
/// Written here because AsyncStream has no bounded, blocking producer side for a plain thread.
final class ChunkChannel: @unchecked Sendable {
    struct Chunk: Sendable {
        let table: String
        let columns: [String]
        let bytes: [UInt8]
    }

    private var iterator: AsyncStream<Chunk>.AsyncIterator
    private let continuation: AsyncStream<Chunk>.Continuation
    private let capacity: Int
    private let slots: DispatchSemaphore
    private let cancelled = Atomic<Bool>(false)

    init(capacity: Int = 8) {
        let (stream, continuation) = AsyncStream.makeStream(of: Chunk.self)
        self.continuation = continuation
        iterator = stream.makeAsyncIterator()
        self.capacity = capacity
        slots = DispatchSemaphore(value: capacity)
    }

    /// Called on the parsing thread; blocks while the channel is full.
    func send(_ chunk: Chunk) throws {
        slots.wait()
        if cancelled.load(ordering: .acquiring) { throw CancellationError() }
        continuation.yield(chunk)
    }

    /// The next chunk, for the one consuming task; `nil` once the producer has finished.
    func next() async -> Chunk? {
        await iterator.next()
    }

    /// The consumer took a chunk: one more may be sent.
    func consumed() { slots.signal() }

    /// No more chunks (the parse ended, well or not).
    func finish() { continuation.finish() }

    /// The consumer failed: wake and stop the producer.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        for _ in 0...capacity { slots.signal() }
        continuation.finish()
    }
}
