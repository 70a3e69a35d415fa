import CZlib
import Foundation

/// A forward-only stream of bytes: a plain file or a gzip file, read in chunks so that memory
/// stays constant whatever the file's size.
public protocol ByteSource: AnyObject {
    /// Appends up to `maxCount` bytes to `buffer`; returns how many were appended, 0 at the end.
    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int
}

/// Why a file could not be read.
public enum InputError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case corruptGzip(path: String, reason: String)
    case truncatedGzip(path: String)
    case notText(path: String, detail: String)
    case decompressedTooLarge(path: String, limit: Int)
    case recordTooLong(path: String, line: Int, limit: Int)

    public var description: String {
        switch self {
        case let .decompressedTooLarge(path, limit):
            "\(path): the gzip data expands to more than \(limit) bytes, the limit (RATECARD_IMPORT_MAXIMUM_DECOMPRESSED_BYTES); nothing was imported. Raise the limit if the file is real"
        case let .recordTooLong(path, line, limit):
            "\(path): the record starting on line \(line) is longer than \(limit) bytes, the limit (RATECARD_IMPORT_MAXIMUM_RECORD_BYTES): the file is not CSV, or a quote is never closed; nothing was imported"
        case let .cannotOpen(path, reason): "\(path): cannot open (\(reason)); check the path and permissions"
        case let .corruptGzip(path, reason): "\(path): the gzip data is corrupt (\(reason)); download the file again"
        case let .truncatedGzip(path): "\(path): the gzip file ends before its data does (truncated download?); download it again"
        case let .notText(path, detail): "\(path): \(detail)"
        }
    }
}

/// Bounds on what one input file may make RateCard hold, each a setting.
public struct InputLimits: Sendable, Hashable {
    /// Bytes one CSV record (a line, or several inside quotes) may have: 1 MiB by default; the
    /// widest real survey row (Stack Overflow 2016's full file) is under 8 KiB.
    public var maximumRecordBytes: Int
    /// Bytes a gzip file may inflate to: 4 GiB by default (the largest shared file, OEWS all
    /// occupations, inflates to about 90 MB).
    public var maximumDecompressedBytes: Int

    public init(maximumRecordBytes: Int = 1 << 20, maximumDecompressedBytes: Int = 4 << 30) {
        self.maximumRecordBytes = maximumRecordBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
    }

    public static let standard = InputLimits()
}

/// Reads a file in chunks through stdio.
public final class FileByteSource: ByteSource {
    private let file: UnsafeMutablePointer<FILE>
    public let path: String

    public init(path: String) throws {
        guard let file = fopen(path, "rb") else {
            throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        self.path = path
    }

    deinit { fclose(file) }

    public func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let start = buffer.count
        buffer.reserveCapacity(start + maxCount)
        var scratch = [UInt8](repeating: 0, count: maxCount)
        let count = scratch.withUnsafeMutableBytes { fread($0.baseAddress, 1, maxCount, file) }
        if count == 0 && ferror(file) != 0 {
            throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.append(contentsOf: scratch[0..<count])
        return count
    }
}

/// Inflates a gzip stream (including files of several concatenated gzip members).
///
/// Written against system zlib rather than CompressNIO because CompressNIO does not report the end
/// of the deflate stream, and a truncated download must fail loudly instead of importing a prefix.
public final class GzipByteSource: ByteSource {
    /// What wraps the deflate data: a gzip header (and possibly more members after it), or nothing,
    /// as inside a ZIP archive.
    public enum Framing: Sendable { case gzip, raw }
    private let framing: Framing
    private let input: ByteSource
    private let path: String
    /// Inflated bytes allowed, so that a small bomb cannot fill memory or disk.
    private let maximumBytes: Int
    private var inflatedBytes = 0
    private var stream = z_stream()
    private var inputBuffer: [UInt8] = []
    private var inputOffset = 0
    private var inputExhausted = false
    private var memberEnded = false
    private var producedAny = false

    public init(input: ByteSource, path: String, maximumBytes: Int = InputLimits.standard.maximumDecompressedBytes, framing: Framing = .gzip) throws {
        self.input = input
        self.path = path
        self.maximumBytes = maximumBytes
        self.framing = framing
        // 15 + 16: a gzip header is expected; -15: raw deflate, no header.
        let status = inflateInit2_(&stream, framing == .gzip ? 15 + 16 : -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw InputError.corruptGzip(path: path, reason: "zlib init failed (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    private func refill() throws {
        if inputOffset >= inputBuffer.count && !inputExhausted {
            inputBuffer.removeAll(keepingCapacity: true)
            inputOffset = 0
            if try input.read(into: &inputBuffer, maxCount: 1 << 18) == 0 { inputExhausted = true }
        }
    }

    public func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        var output = [UInt8](repeating: 0, count: maxCount)
        var produced = 0
        while produced == 0 {
            try refill()
            if memberEnded {
                if framing == .raw { return 0 }
                // Another gzip member may follow; anything else after the end is ignored, as gzip(1) does.
                if inputOffset >= inputBuffer.count && inputExhausted { return 0 }
                guard inputBuffer.count - inputOffset >= 2, inputBuffer[inputOffset] == 0x1f, inputBuffer[inputOffset + 1] == 0x8b else { return 0 }
                inflateReset(&stream)
                memberEnded = false
            }
            if inputOffset >= inputBuffer.count && inputExhausted {
                throw InputError.truncatedGzip(path: path)
            }
            let available = inputBuffer.count - inputOffset
            let (status, consumed, written): (Int32, Int, Int) = inputBuffer.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = inBuf.baseAddress! + inputOffset
                    stream.avail_in = UInt32(available)
                    stream.next_out = outBuf.baseAddress! + produced
                    stream.avail_out = UInt32(maxCount - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, available - Int(stream.avail_in), maxCount - produced - Int(stream.avail_out))
                }
            }
            inputOffset += consumed
            produced += written
            switch status {
            case Z_STREAM_END: memberEnded = true
            case Z_OK: break
            case Z_BUF_ERROR where consumed == 0 && written == 0:
                if inputExhausted { throw InputError.truncatedGzip(path: path) }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw InputError.corruptGzip(path: path, reason: message)
            }
        }
        producedAny = true
        inflatedBytes += produced
        if inflatedBytes > maximumBytes { throw InputError.decompressedTooLarge(path: path, limit: maximumBytes) }
        buffer.append(contentsOf: output[0..<produced])
        return produced
    }
}

/// Bytes already in memory.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let count = min(maxCount, bytes.count - offset)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[offset..<(offset + count)])
        offset += count
        return count
    }
}

/// The first file in a ZIP archive, inflated: what the ECB's `eurofxref-hist.zip` holds (one CSV).
/// Written here because the package's zlib already inflates gzip, and a ZIP entry is the same
/// deflate data behind a 30-byte local header; a general ZIP library would be a dependency for
/// one file of one layout.
public enum ZipArchive {
    /// - Throws: `InputError.notText` when the bytes are not a ZIP whose first entry is stored or deflated.
    public static func firstEntry(of archive: [UInt8], path: String, limits: InputLimits = .standard) throws -> (name: String, source: ByteSource) {
        func little(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(archive[offset + $1]) << (8 * $1) }
        }
        guard archive.count >= 30, little(0, 4) == 0x0403_4b50 else {
            throw InputError.notText(
                path: path,
                detail: "not a ZIP archive (no local file header at its start); give the ECB's eurofxref-hist.zip or the CSV inside it"
            )
        }
        let flags = little(6, 2)
        let method = little(8, 2)
        let storedSize = little(18, 4)
        let nameLength = little(26, 2)
        let extraLength = little(28, 2)
        let start = 30 + nameLength + extraLength
        guard flags & 1 == 0 else { throw InputError.notText(path: path, detail: "the ZIP entry is encrypted; unpack it yourself and give the CSV") }
        guard start <= archive.count else {
            throw InputError.notText(path: path, detail: "the ZIP archive ends inside its first header (truncated download?); download it again")
        }
        let name = String(decoding: archive[30..<(30 + nameLength)], as: UTF8.self)
        // Bit 3: sizes follow the data instead; deflate finds its own end, so the rest of the file is given.
        let end = flags & 8 == 0 && storedSize > 0 ? min(archive.count, start + storedSize) : archive.count
        let data = MemoryByteSource(Array(archive[start..<end]))
        switch method {
        case 0: return (name, data)
        case 8: return (name, try GzipByteSource(input: data, path: path, maximumBytes: limits.maximumDecompressedBytes, framing: .raw))
        default:
            throw InputError.notText(
                path: path,
                detail: "the ZIP entry '\(name)' uses compression method \(method); only stored and deflated entries are read"
            )
        }
    }
}

/// Opens a file, transparently inflating it when it starts with the gzip magic bytes.
public enum InputFile {
    public static func open(path: String, limits: InputLimits = .standard) throws -> ByteSource {
        let probe = try FileByteSource(path: path)
        var head: [UInt8] = []
        _ = try probe.read(into: &head, maxCount: 2)
        let file = try FileByteSource(path: path)
        if head == [0x1f, 0x8b] { return try GzipByteSource(input: file, path: path, maximumBytes: limits.maximumDecompressedBytes) }
        return file
    }
}
