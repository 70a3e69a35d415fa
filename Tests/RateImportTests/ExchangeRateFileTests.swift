import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// Reading the ECB's reference-rate history as the ECB publishes it, and refusing what is not it.
@Suite("ECB exchange-rate files")
struct ExchangeRateFileTests {
    static let sample = Fixtures.path("eurofxref_hist_sample.csv")

    /// Writes `text` to a temporary file and returns its path.
    static func file(_ text: String, name: String = "ecb.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: ["eurofxref_hist_sample.csv", "eurofxref_hist_sample.zip"])
    func theECBsOwnFileReadsAsCSVAndAsZIP(name: String) throws {
        let (table, csv) = try ExchangeRateFile.read(path: Fixtures.path(name))
        #expect(table.firstDate == CalendarDate(iso: "2026-09-21") && table.lastDate == CalendarDate(iso: "2026-10-30"))
        #expect(table.dayCount == 30)
        // 2026-10-30: 1 EUR = 1.1172 USD = 4.4038 PLN, as the file says.
        let quote = try table.quote(from: .eur, to: .usd, on: CalendarDate(iso: "2026-10-30")!)
        #expect(abs(quote.rate - 1.1172) < 1e-9)
        #expect(abs(try table.quote(from: .usd, to: CurrencyCode("PLN")!, on: CalendarDate(iso: "2026-10-30")!).rate - 4.4038 / 1.1172) < 1e-9)
        // The stored text is the CSV itself, unpacked from the ZIP.
        #expect(csv == (try Data(contentsOf: URL(fileURLWithPath: Self.sample))))
    }

    @Test func aGzippedCopyReadsToo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecb-\(UUID().uuidString).csv.gz").path
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(Self.sample)' > '\(path)'"]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(try ExchangeRateFile.read(path: path).table.dayCount == 30)
    }

    static func sampleText() throws -> String { try String(contentsOfFile: sample, encoding: .utf8) }

    /// Replaces line `number` (1-based) of the sample.
    static func sample(replacingLine number: Int, with transform: (String) -> String) throws -> String {
        var lines = try sampleText().components(separatedBy: "\n")
        lines[number - 1] = transform(lines[number - 1])
        return lines.joined(separator: "\n")
    }

    @Test func aCellThatIsNotARateIsNamedByLineAndColumn() throws {
        let text = try Self.sample(replacingLine: 6) { line in
            var fields = line.components(separatedBy: ",")
            fields[13] = "4;40"  // PLN, with a stray separator
            return fields.joined(separator: ",")
        }
        #expect {
            _ = try ExchangeRateFile.read(path: try Self.file(text))
        } throws: { error in
            "\(error)".contains("line 6, column PLN: '4;40' is not a rate")
        }
    }

    /// L3: a long bad cell is quoted as a short prefix, not whole.
    @Test func aLongBadCellIsQuotedShortly() throws {
        let text = try Self.sample(replacingLine: 6) { line in
            var fields = line.components(separatedBy: ",")
            fields[13] = String(repeating: "4;", count: 20_000)
            return fields.joined(separator: ",")
        }
        #expect {
            _ = try ExchangeRateFile.read(path: try Self.file(text))
        } throws: { error in
            "\(error)".contains("line 6, column PLN: '4;4;4;") && "\(error)".count < 400
        }
    }

    @Test(arguments: [
        ("Date,USD,\n2026-13-01,1.1,\n", "line 2, column Date: '2026-13-01' is not a date"),
        ("Date,USD,\n2026-10-30,1.1,\n2026-10-30,1.2,\n", "line 3, column Date: '2026-10-30' appears twice"),
        ("Date,USD,\n2026-10-30,-1.1,\n", "'-1.1' is not a rate"),
        ("Date,USD,\n2026-10-30,0x1p0,\n", "'0x1p0' is not a rate"),
        ("Date,JPY,\n2026-10-30,170,\n", "no USD column"),
        ("Date,USD,Dollar\n2026-10-30,1.1,1\n", "column 3: 'Dollar' is not an ISO 4217 currency code"),
        ("Date,USD,\n", "no day with rates"),
        ("", "the file is empty"),
        ("respondent,salary\n1,50000\n", "its first column is 'respondent', not Date"),
    ])
    func whatIsNotAnECBTableIsRefusedWithItsReason(text: String, reason: String) throws {
        #expect {
            _ = try ExchangeRateFile.read(path: try Self.file(text))
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func aTruncatedOrForeignZIPIsRefused() throws {
        let zip = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("eurofxref_hist_sample.zip")))
        let truncated = FileManager.default.temporaryDirectory.appendingPathComponent("ecb-\(UUID().uuidString).zip")
        try zip.prefix(40).write(to: truncated)
        #expect(throws: (any Error).self) { _ = try ExchangeRateFile.read(path: truncated.path) }
        // Gaps (N/A) are the ECB's own: they read as no rate that day, not as an error.
        let gap = try Self.sample(replacingLine: 2) { $0.replacingOccurrences(of: ",1.1172,", with: ",N/A,") }
        let table = try ExchangeRateFile.read(path: try Self.file(gap)).table
        #expect(try table.quote(from: .eur, to: .usd, on: CalendarDate(iso: "2026-10-30")!).date == CalendarDate(iso: "2026-10-29"))
    }
}
