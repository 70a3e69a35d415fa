/// Text encodings RateCard reads. DOU's 2025 wave is published in Windows-1251.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case windows1251 = "Windows-1251"
}

/// One CSV record: the unescaped bytes of its fields and the line it starts on (1-based, counting
/// physical lines). Fields are decoded to `String` only when asked for, since most importers use a
/// fraction of a survey's columns.
public struct CSVRecord: Sendable {
    /// Field contents, back to back, quotes removed.
    var bytes: [UInt8]
    /// End offset in `bytes` of each field.
    var ends: [Int]
    public var encoding: TextEncoding
    public var line: Int
    /// The file ended inside a quoted field: the record is incomplete.
    public var isUnterminated: Bool
    /// Index of the first field whose bytes were not valid in the file's encoding.
    public var invalidField: Int?

    public var count: Int { ends.count }

    /// The byte range of field `index`.
    @inline(__always) func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` decoded as text.
    public func field(_ index: Int) -> String {
        decode(range(index))
    }

    func decode(_ range: Range<Int>) -> String {
        switch encoding {
        case .utf8:
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        case .windows1251:
            var scalars = String.UnicodeScalarView()
            for byte in bytes[range] { scalars.append(Windows1251.scalar(byte)) }
            return String(scalars)
        }
    }

    /// All fields decoded.
    public var fields: [String] { (0..<ends.count).map(field) }
}

/// A streaming RFC 4180 CSV reader over bytes.
///
/// Written here rather than taken from SwiftCSV or CSV.swift because RateCard needs, all at once:
/// constant memory on multi-gigabyte files, the physical line number of each record for error
/// messages, Windows-1251 as well as UTF-8, a report of a file cut off inside a quoted field, and
/// throughput near the speed of the disk. Those libraries load whole files or work per `Character`.
public final class CSVReader {
    public let delimiter: UInt8
    public let encoding: TextEncoding
    public let path: String
    private var state: ParserState

    /// Bytes consumed so far (of the decompressed text), for progress reports.
    public var bytesRead: Int { state.bytesRead }

    public init(
        source: ByteSource,
        path: String,
        delimiter: UInt8 = UInt8(ascii: ","),
        maximumRecordBytes: Int = InputLimits.standard.maximumRecordBytes
    ) throws {
        self.path = path
        self.delimiter = delimiter
        var state = ParserState(source: source, delimiter: delimiter, path: path, maximumRecordBytes: maximumRecordBytes)
        try state.fill()
        // Skip a UTF-8 byte-order mark.
        if state.buffer.count >= 3 && state.buffer[0] == 0xEF && state.buffer[1] == 0xBB && state.buffer[2] == 0xBF { state.position = 3 }
        encoding = try Self.sniffEncoding(Array(state.buffer[state.position...]), path: path, atEnd: state.atEnd)
        state.encoding = encoding
        self.state = state
    }

    /// Decides between UTF-8 and Windows-1251 from the first chunk; fails for anything else.
    static func sniffEncoding(_ sample: [UInt8], path: String, atEnd: Bool) throws -> TextEncoding {
        // UTF-16 (Excel's "Unicode text") must be named as such: its byte-order mark and the high
        // bytes of its letters would otherwise pass the Windows-1251 test below.
        if sample.count >= 2, (sample[0] == 0xFF && sample[1] == 0xFE) || (sample[0] == 0xFE && sample[1] == 0xFF) {
            let order = sample[0] == 0xFF ? "little-endian" : "big-endian"
            throw InputError.notText(path: path, detail: "UTF-16 (\(order)) text, which RateCard does not read. Re-save the file as UTF-8 CSV.")
        }
        let nulCount = sample.lazy.filter { $0 == 0 }.count
        if nulCount * 10 >= sample.count, nulCount > 0 {
            throw InputError.notText(
                path: path,
                detail:
                    "\(nulCount) of the first \(sample.count) bytes are NUL: UTF-16 or binary data, not UTF-8 text. Re-save the file as UTF-8 CSV."
            )
        }
        var index = 0
        var firstInvalid: Int?
        while index < sample.count {
            let byte = sample[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length == 0 {
                firstInvalid = index
                break
            }
            if index + length > sample.count {
                if atEnd { firstInvalid = index }
                break  // a sequence cut by the chunk boundary
            }
            if !(1..<length).allSatisfy({ sample[index + $0] & 0xC0 == 0x80 }) {
                firstInvalid = index
                break
            }
            index += length
        }
        guard let firstInvalid else { return .utf8 }
        let high = sample.filter { $0 >= 0x80 }
        let cyrillicLetters = high.filter { $0 >= 0xC0 || [0xA8, 0xB8, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3, 0xA5, 0xB4].contains($0) }
        if Double(cyrillicLetters.count) >= 0.9 * Double(high.count) && sample.contains(0x0A) == true {
            return .windows1251
        }
        let hex = String(sample[firstInvalid], radix: 16, uppercase: true)
        throw InputError.notText(
            path: path,
            detail: "not UTF-8 or Windows-1251 text: byte 0x\(hex) at offset \(firstInvalid) is invalid. Re-save the file as UTF-8 CSV."
        )
    }

    /// A strict UTF-8 check with an ASCII fast path (the standard library's validating initialiser
    /// takes a slow generic path for arrays).
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        let count = bytes.endIndex
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            if byte >= 0xC2 && byte <= 0xDF {
                length = 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                length = 3
            } else if byte >= 0xF0 && byte <= 0xF4 {
                length = 4
            } else {
                return false
            }
            guard index + length <= count else { return false }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            if length == 3 {
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { return false }
            } else if length == 4 {
                let second = bytes[index + 1]
                if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { return false }
            }
            index += length
        }
        return true
    }

    /// The next record, or `nil` at the end of the input. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        try state.next()
    }
}

/// The parser's moving parts, kept in a struct so the per-byte loop mutates an `inout` value
/// instead of class properties, which Swift checks for exclusive access on every touch.
struct ParserState {
    let source: ByteSource
    let delimiter: UInt8
    var encoding: TextEncoding = .utf8
    var buffer: [UInt8] = []
    var position = 0
    var atEnd = false
    var line = 1
    var recordBytes: [UInt8] = []
    var fieldEnds: [Int] = []
    var fieldStart = 0
    var bytesRead = 0

    let path: String
    let maximumRecordBytes: Int
    /// The line the record being read started on, for the too-long error.
    var recordLine = 1

    init(source: ByteSource, delimiter: UInt8, path: String, maximumRecordBytes: Int) {
        self.source = source
        self.delimiter = delimiter
        self.path = path
        self.maximumRecordBytes = maximumRecordBytes
        recordBytes.reserveCapacity(4096)
    }

    mutating func fill() throws {
        if atEnd { return }
        // Checked once a chunk, not once a byte: a record may pass the limit by one chunk at most.
        if recordBytes.count > maximumRecordBytes {
            throw InputError.recordTooLong(path: path, line: recordLine, limit: maximumRecordBytes)
        }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        if try source.read(into: &buffer, maxCount: 1 << 18) == 0 { atEnd = true }
    }

    @inline(__always) mutating func nextByte() throws -> UInt8? {
        if position >= buffer.count {
            try fill()
            if position >= buffer.count { return nil }
        }
        let byte = buffer[position]
        position += 1
        bytesRead += 1
        return byte
    }

    @inline(__always) mutating func peekByte() throws -> UInt8? {
        if position >= buffer.count {
            try fill()
            if position >= buffer.count { return nil }
        }
        return buffer[position]
    }

    @inline(__always) mutating func endField(_ invalidField: inout Int?) {
        if encoding == .utf8 && invalidField == nil && !CSVReader.isValidUTF8(recordBytes[fieldStart...]) {
            invalidField = fieldEnds.count
        }
        fieldEnds.append(recordBytes.count)
        fieldStart = recordBytes.count
    }

    mutating func finishRecord(line: Int, unterminated: Bool, invalidField: Int?) -> CSVRecord {
        let record = CSVRecord(
            bytes: recordBytes,
            ends: fieldEnds,
            encoding: encoding,
            line: line,
            isUnterminated: unterminated,
            invalidField: invalidField
        )
        recordBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldStart = 0
        return record
    }

    mutating func next() throws -> CSVRecord? {
        while true {
            var invalidField: Int?
            var inQuotes = false
            var fieldStarted = false
            let startLine = line
            recordLine = line
            let quote = UInt8(ascii: "\"")
            let newline = UInt8(ascii: "\n")
            let carriageReturn = UInt8(ascii: "\r")
            var blankLine = false
            scan: while true {
                guard let byte = try nextByte() else {
                    if !fieldStarted && fieldEnds.isEmpty && recordBytes.isEmpty && !inQuotes { return nil }
                    endField(&invalidField)
                    return finishRecord(line: startLine, unterminated: inQuotes, invalidField: invalidField)
                }
                if inQuotes {
                    if byte == quote {
                        if try peekByte() == quote {
                            position += 1
                            bytesRead += 1
                            recordBytes.append(quote)
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == newline { line += 1 }
                        recordBytes.append(byte)
                    }
                    continue
                }
                switch byte {
                case delimiter:
                    endField(&invalidField)
                    fieldStarted = true
                case newline, carriageReturn:
                    if byte == carriageReturn, try peekByte() == newline {
                        position += 1
                        bytesRead += 1
                    }
                    line += 1
                    if !fieldStarted && fieldEnds.isEmpty && recordBytes.isEmpty {
                        blankLine = true
                        break scan
                    }
                    endField(&invalidField)
                    return finishRecord(line: startLine, unterminated: false, invalidField: invalidField)
                case quote where recordBytes.count == fieldStart:
                    inQuotes = true
                    fieldStarted = true
                default:
                    recordBytes.append(byte)
                    fieldStarted = true
                }
            }
            // Only a blank line leaves the scan without returning: read the next record.
            precondition(blankLine)
        }
    }
}

/// Windows-1251 to Unicode. The upper half is fixed by the code page; a table is simpler and
/// more portable than relying on the platform's iconv names.
enum Windows1251 {
    private static let upperHalf: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]

    @inline(__always) static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte < 0x80 { return Unicode.Scalar(byte) }
        if byte >= 0xC0 { return Unicode.Scalar(0x0410 + UInt32(byte - 0xC0))! }
        return Unicode.Scalar(upperHalf[Int(byte - 0x80)])!
    }
}
