import Foundation
import RateCore

/// Why an exchange-rate file was refused. Every case names the file, and the line and column where
/// there is one.
public enum ExchangeRateFileError: Error, Sendable, CustomStringConvertible {
    case tooLarge(path: String, bytes: Int, limit: Int)
    case notECB(path: String, detail: String)
    case invalidCell(path: String, line: Int, field: String, value: String, reason: String)
    case noRates(path: String)
    case olderThanInUse(path: String, lastDate: CalendarDate, inUse: CalendarDate)

    public var description: String {
        switch self {
        case let .tooLarge(path, bytes, limit):
            "\(path): \(bytes) bytes, more than an ECB history can be (\(limit) bytes); give eurofxref-hist.csv or eurofxref-hist.zip"
        case let .notECB(path, detail):
            "\(path): \(detail); download https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip and give it (or the CSV inside) as it is"
        case let .invalidCell(path, line, field, value, reason):
            "\(path) line \(line), column \(field): '\(InputQuote.make(value, limit: 60))' \(reason); nothing was imported"
        case let .noRates(path):
            "\(path): the file has a header but no day with rates; nothing was imported"
        case let .olderThanInUse(path, last, inUse):
            "\(path): its rates end on \(last), before those in use (to \(inUse)); nothing was imported. Download the newest file from the ECB"
        }
    }
}

/// Reads the ECB's euro reference-rate history as the ECB publishes it: `eurofxref-hist.csv`
/// (`Date,USD,JPY,…`, newest day first, `N/A` for gaps, a trailing empty column) or the
/// `eurofxref-hist.zip` that holds it. Every cell is checked; nothing is guessed.
public enum ExchangeRateFile {
    /// The whole ECB history since 1999 is about 1.5 MB unpacked; anything far beyond is not it.
    public static let largestFile = 64 << 20

    /// - Parameter name: how messages name the file (an upload's temporary path is the server's business).
    /// - Returns: the table, and the CSV bytes to store (unpacked when the file was a ZIP or gzip).
    public static func read(path: String, name: String? = nil, limits: InputLimits = .standard) throws -> (table: ExchangeRateTable, csv: Data) {
        let shown = name ?? path
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw InputError.cannotOpen(path: shown, reason: (error as NSError).localizedFailureReason ?? "no such file")
        }
        guard size <= largestFile else { throw ExchangeRateFileError.tooLarge(path: shown, bytes: size, limit: largestFile) }
        var raw: [UInt8] = []
        let file = try FileByteSource(path: path)
        while try file.read(into: &raw, maxCount: 1 << 20) > 0 {}
        let source: ByteSource
        if raw.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            source = try ZipArchive.firstEntry(of: raw, path: shown, limits: limits).source
        } else if raw.starts(with: [0x1F, 0x8B]) {
            source = try GzipByteSource(input: MemoryByteSource(raw), path: shown, maximumBytes: limits.maximumDecompressedBytes)
        } else {
            source = MemoryByteSource(raw)
        }
        var csv: [UInt8] = []
        while try source.read(into: &csv, maxCount: 1 << 20) > 0 {
            if csv.count > largestFile { throw ExchangeRateFileError.tooLarge(path: shown, bytes: csv.count, limit: largestFile) }
        }
        return (try parse(csv, path: shown, limits: limits), Data(csv))
    }

    /// Checks and reads the CSV text of an ECB history.
    public static func parse(_ csv: [UInt8], path: String, limits: InputLimits = .standard) throws -> ExchangeRateTable {
        let reader = try CSVReader(source: MemoryByteSource(csv), path: path, maximumRecordBytes: limits.maximumRecordBytes)
        guard let headerRecord = try reader.next() else { throw ExchangeRateFileError.notECB(path: path, detail: "the file is empty") }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.first?.lowercased() == "date" else {
            throw ExchangeRateFileError.notECB(
                path: path,
                detail: "its first column is '\(InputQuote.make(header.first ?? ""))', not Date: this is not the ECB's reference-rate history"
            )
        }
        var currencies: [String] = []
        for (index, name) in header.enumerated().dropFirst() {
            // The ECB ends every line with a comma: an empty last column is its layout, not an error.
            if name.isEmpty && index == header.count - 1 { continue }
            guard CurrencyCode(name) != nil else {
                throw ExchangeRateFileError.invalidCell(
                    path: path,
                    line: headerRecord.line,
                    field: "\(index + 1)",
                    value: InputQuote.make(name),
                    reason: "is not an ISO 4217 currency code"
                )
            }
            currencies.append(name)
        }
        guard currencies.contains("USD") else {
            throw ExchangeRateFileError.notECB(path: path, detail: "it has no USD column, which every conversion in RateCard goes through")
        }
        var rows: [[String]] = []
        var seen = Set<CalendarDate>()
        while let record = try reader.next() {
            let fields = record.fields
            let dateText = fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let date = CalendarDate(iso: dateText) else {
                throw ExchangeRateFileError.invalidCell(
                    path: path,
                    line: record.line,
                    field: "Date",
                    value: InputQuote.make(dateText),
                    reason: "is not a date (YYYY-MM-DD)"
                )
            }
            guard seen.insert(date).inserted else {
                throw ExchangeRateFileError.invalidCell(path: path, line: record.line, field: "Date", value: dateText, reason: "appears twice")
            }
            for (index, name) in currencies.enumerated() where index + 1 < fields.count {
                let text = fields[index + 1].trimmingCharacters(in: .whitespaces)
                if text.isEmpty || text == "N/A" { continue }
                guard let value = DecimalText.parse(text), value > 0, value.isFinite else {
                    throw ExchangeRateFileError.invalidCell(
                        path: path,
                        line: record.line,
                        field: name,
                        value: InputQuote.make(text),
                        reason: "is not a rate (a positive decimal, or N/A)"
                    )
                }
            }
            rows.append(fields)
        }
        guard !rows.isEmpty else { throw ExchangeRateFileError.noRates(path: path) }
        return try ExchangeRateTable(header: header, rows: rows)
    }
}
