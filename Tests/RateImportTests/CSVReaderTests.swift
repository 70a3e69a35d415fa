import Foundation
import RateTestSupport
import Testing

@testable import RateImport

/// A byte source over bytes in memory, optionally in tiny chunks to exercise every boundary.
final class MemorySource: ByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0
    init(_ bytes: [UInt8], chunk: Int = 1 << 16) {
        self.bytes = bytes
        self.chunk = chunk
    }
    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let count = min(maxCount, chunk, bytes.count - offset)
        buffer.append(contentsOf: bytes[offset..<offset + count])
        offset += count
        return count
    }
}

@Suite("CSV reading")
struct CSVReaderTests {
    func records(_ text: String, chunk: Int = 1 << 16) throws -> [CSVRecord] {
        let reader = try CSVReader(source: MemorySource(Array(text.utf8), chunk: chunk), path: "memory")
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    @Test(arguments: [1, 2, 3, 7, 65536])
    func quotedFieldsEmbeddedNewlinesAndEscapedQuotes(chunk: Int) throws {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z\n\n3,,\n"
        let rows = try records(text, chunk: chunk)
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"], ["3", "", ""]])
        #expect(rows.map(\.line) == [1, 2, 3, 6])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let rows = try records("\u{FEFF}Submitted at,x\n1,2\n")
        #expect(rows[0].fields == ["Submitted at", "x"])
    }

    @Test func unterminatedQuoteAtEndIsReported() throws {
        let rows = try records("a,b\n1,\"cut off here")
        #expect(rows.last?.isUnterminated == true)
        #expect(rows.last?.line == 2)
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try records("a,b\n1,2").last?.fields == ["1", "2"])
    }

    @Test func windows1251IsDetectedAndDecoded() throws {
        // "Київ,Львів" in Windows-1251.
        let bytes: [UInt8] = [0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xCA, 0xE8, 0xBF, 0xE2, 0x2C, 0xCB, 0xFC, 0xE2, 0xB3, 0xE2, 0x0A]
        let reader = try CSVReader(source: MemorySource(bytes), path: "memory")
        #expect(reader.encoding == .windows1251)
        _ = try reader.next()
        #expect(try reader.next()?.fields == ["Київ", "Львів"])
    }

    @Test func binaryIsRefusedWithTheOffendingByte() {
        let bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00, 0x81, 0x92, 0x0A]
        #expect(throws: InputError.self) { try CSVReader(source: MemorySource(bytes), path: "x.xlsx") }
    }

    /// UTF-16 (with or without its byte-order mark) is named as such, not decoded as Windows-1251.
    @Test(arguments: [[0xFF, 0xFE] as [UInt8], [0xFE, 0xFF], []])
    func utf16IsRefusedByName(mark: [UInt8]) {
        let text = Array("country,amount\nPL,1000\n".utf16)
        let bytes = mark + text.flatMap { mark == [0xFE, 0xFF] ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        do {
            _ = try CSVReader(source: MemorySource(bytes), path: "unicode.txt")
            Issue.record("UTF-16 must be refused")
        } catch {
            let message = "\(error)"
            #expect(message.contains(mark.isEmpty ? "NUL" : "UTF-16"), "\(message)")
            #expect(message.contains("Re-save the file as UTF-8"))
            #expect(!message.contains("1251"))
        }
    }

    @Test func gzipIsReadTransparently() throws {
        let reader = try CSVReader(source: InputFile.open(path: Fixtures.path("so2016_full_sample.csv.gz")), path: "gz")
        let header = try reader.next()
        #expect(header?.fields.first == "respondent_id")
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == 200)
    }

    @Test func truncatedGzipFailsLoudly() throws {
        let full = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("so2016_full_sample.csv.gz")))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID()).csv.gz")
        try full.prefix(full.count / 2).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        #expect(throws: InputError.self) {
            let reader = try CSVReader(source: InputFile.open(path: cut.path), path: cut.path)
            while try reader.next() != nil {}
        }
    }
}
