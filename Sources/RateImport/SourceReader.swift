import Crypto
import Foundation
import RateCore

/// Why a whole file cannot be imported (as opposed to single rows, which are rejected one by one).
public enum ImportFileError: Error, Sendable, CustomStringConvertible {
    case empty(path: String)
    case unrecognisedLayout(path: String, firstColumns: [String])
    case layoutMismatch(path: String, format: SourceFormat)
    case mappingRequired(path: String)
    case labelsMissing(path: String, expected: String)
    case unreadableLabels(path: String, reason: String)
    case companionFile(path: String, layout: CompanionLayout)
    case waveUnknown(path: String, format: SourceFormat, example: String)
    case noExchangeRule(path: String, wave: String)

    public var description: String {
        switch self {
        case let .empty(path): "\(path): the file is empty"
        case let .unrecognisedLayout(path, columns) where MarketLayout.detect(header: columns) != nil:
            "\(path): this is a market-rate file (\(MarketLayout.detect(header: columns)!.rawValue): published agency or marketplace rates, not pay); "
                + "observations come from pay surveys, so fit it with `ratecard market fit \(path) --output FILE` and use the result with RATECARD_MARKET_RATES=FILE"
        case let .unrecognisedLayout(path, columns):
            "\(path): the header (\(InputQuote.make(columns.prefix(6).joined(separator: ", "), limit: 200))…) matches no layout RateCard knows. "
                + "Import it with --format csv --mapping MAPPING.json (see docs/data.md, 'Your own files: a mapping')."
        case let .layoutMismatch(path, format):
            "\(path): --format \(format.rawValue) was given, but the header lacks that layout's columns; check the file or use --format auto"
        case let .mappingRequired(path): "\(path): --format csv needs --mapping MAPPING.json naming which column is what"
        case let .labelsMissing(path, expected):
            "\(path): its answers are integer codes, and the label table that decodes them was not found: expected \(expected) beside it; "
                + "put the crosswalk there or name it with --labels FILE"
        case let .unreadableLabels(path, reason): "\(path): not a label table (qname,level,label): \(reason)"
        case let .companionFile(path, layout):
            "\(path): this is the \(layout.rawValue) file, which completes a \(layout.completes.rawValue) source and is no source on its own; "
                + "import the \(layout.completes.rawValue) file (it finds this one beside it, or give both in one `ratecard import`)"
        case let .waveUnknown(path, format, example):
            "\(path): a \(format.rawValue) file does not say when it was collected, and its name holds no date such as \(format == .justjoinit ? "2021_08" : "2025.2"); "
                + "rename it as the survey publishes it (for example \(example)) and import it again"
        case let .noExchangeRule(path, wave):
            "\(path): wave \(wave) asks no respondent for a dollar rate and RateCard has no official rate for it, so its pesos cannot be converted; "
                + "add the wave's rate to SysarmyAdapter.officialRates or import a wave that asks"
        }
    }
}

/// A file's identity: SHA-256 of its bytes as stored (compressed or not) and its size.
public struct FileFingerprint: Sendable, Hashable, Codable {
    public var sha256: String
    public var byteCount: Int

    public static func of(path: String) throws -> FileFingerprint {
        let source = try FileByteSource(path: path)
        var hasher = SHA256()
        var buffer: [UInt8] = []
        var total = 0
        while true {
            buffer.removeAll(keepingCapacity: true)
            let count = try source.read(into: &buffer, maxCount: 1 << 20)
            if count == 0 { break }
            hasher.update(data: buffer)
            total += count
        }
        let digest = hasher.finalize().hexadecimal
        return FileFingerprint(sha256: digest, byteCount: total)
    }
}

/// Reads one source file row by row through the adapter for its layout.
///
/// `@unchecked Sendable` because an import hands the reader from the task that opened it to the
/// store's write transaction, which alone reads it from then on; it is never used concurrently.
public final class SourceReader: @unchecked Sendable {
    public let path: String
    public let format: SourceFormat
    public let encoding: TextEncoding
    public let header: [String]
    /// File-level observations worth telling the user (a spreadsheet re-save, for example).
    public private(set) var warnings: [String] = []
    public let title: String
    public let licence: String
    public let attribution: String
    /// The tag that prefixes record keys of this source.
    public let dataset: String
    private let reader: CSVReader
    private let adapter: RecordAdapter
    private let columns: [String: Int]
    private let missingTokens: Set<String>

    /// Bytes of text read so far, for progress.
    public var bytesRead: Int { reader.bytesRead }

    /// Opens `path`, detects or checks its layout from the header and prepares the adapter.
    /// - Parameters:
    ///   - labels: the label table of a coded layout (SO 2024); found beside the file when `nil`.
    ///   - companions: other files of the same import, where a layout's companion (SO 2025's
    ///     languages) is looked for before looking beside the file.
    public init(
        path: String,
        format requested: SourceFormat?,
        mapping: ImportMapping?,
        context: ImportContext,
        labels: String? = nil,
        companions: [String] = [],
        limits: InputLimits = .standard
    ) throws {
        self.path = path
        let delimiter = mapping?.delimiter?.utf8.first ?? UInt8(ascii: ",")
        reader = try CSVReader(
            source: InputFile.open(path: path, limits: limits),
            path: path,
            delimiter: delimiter,
            maximumRecordBytes: limits.maximumRecordBytes
        )
        encoding = reader.encoding
        guard let firstRecord = try reader.next() else { throw ImportFileError.empty(path: path) }
        // Some publishers put a banner (a title, a licence line, empty rows) above the header:
        // sysarmy's waves have up to nine such rows. They are not data, so they are skipped and counted.
        var headerRecord = firstRecord
        var bannerRecords = 0
        if mapping == nil, requested == nil || requested == .sysarmy, Self.isBanner(firstRecord) {
            while Self.isBanner(headerRecord), bannerRecords < Self.maximumBannerRecords, let next = try reader.next() {
                headerRecord = next
                bannerRecords += 1
            }
            if Self.isBanner(headerRecord) || SourceFormat.detect(header: headerRecord.fields) == nil {
                throw ImportFileError.unrecognisedLayout(path: path, firstColumns: firstRecord.fields)
            }
        }
        header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.columns = columns
        if requested == nil || requested == .csv, mapping == nil, let companion = CompanionLayout.detect(header: header) {
            throw ImportFileError.companionFile(path: path, layout: companion)
        }
        let detected = SourceFormat.detect(header: header)
        let format: SourceFormat
        switch requested {
        case .csv?:
            guard mapping != nil else { throw ImportFileError.mappingRequired(path: path) }
            format = .csv
        case let requested?:
            // `dou` names the provider: it accepts DOU's raw waves as well as the harmonised file.
            guard detected == requested || (requested == .dou && detected == .douRaw) else {
                throw ImportFileError.layoutMismatch(path: path, format: requested)
            }
            format = detected ?? requested
        case nil:
            if mapping != nil {
                format = .csv
            } else if let detected {
                format = detected
            } else {
                throw ImportFileError.unrecognisedLayout(path: path, firstColumns: header)
            }
        }
        self.format = format
        let resolvers = CachedResolvers(tables: context.tables)
        var joinedName: String?
        var layoutWarnings: [String] = []
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        switch format {
        case .so2016:
            adapter = StackOverflow2016Adapter(context: context, resolvers: resolvers)
            missingTokens = []
        case .so2019:
            adapter = StackOverflowModernAdapter(layout: .y2019, context: context, resolvers: resolvers)
            missingTokens = ["NA"]
        case .so2019Subset:
            adapter = StackOverflow2019SubsetAdapter(context: context, resolvers: resolvers)
            missingTokens = ["NA"]
        case .so2023:
            adapter = StackOverflowModernAdapter(layout: .y2023, context: context, resolvers: resolvers)
            missingTokens = ["NA"]
        case .so2024:
            guard let labelsPath = labels ?? Self.sibling(of: path, suffixes: ["_crosswalk.csv.gz", "_crosswalk.csv"]) else {
                throw ImportFileError.labelsMissing(path: path, expected: Self.siblingName(of: path, suffix: "_crosswalk.csv.gz"))
            }
            adapter = StackOverflow2024Adapter(context: context, resolvers: resolvers, labels: try SurveyLabels(path: labelsPath))
            missingTokens = ["NA"]
        case .so2025:
            let besideIt = [".csv.gz", ".csv"].map {
                Self.siblingName(of: path.replacingOccurrences(of: "salary_subset", with: "languages"), suffix: $0)
            }
            let languagesPath =
                try companions.first { try Self.header(of: $0).map { CompanionLayout.detect(header: $0) == .so2025Languages } ?? false }
                ?? besideIt.first { $0 != path && FileManager.default.isReadableFile(atPath: $0) }
            let languages = try languagesPath.map(StackOverflow2025Adapter.languages(path:)) ?? [:]
            adapter = StackOverflow2025Adapter(context: context, resolvers: resolvers, languages: languages)
            missingTokens = ["NA"]
            if let languagesPath {
                joinedName = URL(fileURLWithPath: languagesPath).lastPathComponent
            } else {
                layoutWarnings.append("no languages file beside it (so2025_languages.csv.gz): rows are stored without skills")
            }
        case .oews:
            adapter = OEWSAdapter(context: context)
            missingTokens = ["-", "*", "**", "#"]
        case .dou:
            adapter = DOUHarmonisedAdapter(context: context, resolvers: resolvers)
            missingTokens = ["NA", "-"]
        case .douRaw:
            guard let douColumns = DOURawAdapter.Columns(header: header) else { throw ImportFileError.layoutMismatch(path: path, format: .douRaw) }
            adapter = DOURawAdapter(context: context, resolvers: resolvers, columns: douColumns, fileName: fileName)
            missingTokens = ["NA", "-"]
        case .colombiaDev:
            guard let colombiaColumns = ColombiaDevAdapter.Columns(header: header) else {
                throw ImportFileError.layoutMismatch(path: path, format: .colombiaDev)
            }
            adapter = ColombiaDevAdapter(context: context, resolvers: resolvers, columns: colombiaColumns)
            missingTokens = []
        case .sysarmy:
            guard let sysarmyColumns = SysarmyAdapter.Columns(header: header) else {
                throw ImportFileError.layoutMismatch(path: path, format: .sysarmy)
            }
            guard let wave = SysarmyAdapter.Wave(fileName: fileName) else {
                throw ImportFileError.waveUnknown(path: path, format: .sysarmy, example: "sysarmy_2025.2_argentina.csv")
            }
            var reported: [Double] = []
            if let rateColumn = sysarmyColumns.dollarRate {
                // A first pass: the wave's median rate converts the pay of those who report none.
                let scan = try CSVReader(
                    source: InputFile.open(path: path, limits: limits),
                    path: path,
                    maximumRecordBytes: limits.maximumRecordBytes
                )
                for _ in 0...bannerRecords { _ = try scan.next() }
                reported = try SysarmyAdapter.reportedRates(reader: scan, rateColumn: rateColumn)
            }
            guard let waveRate = SysarmyAdapter.waveRate(wave: wave, reportedRates: reported) else {
                throw ImportFileError.noExchangeRule(path: path, wave: wave.description)
            }
            adapter = SysarmyAdapter(context: context, resolvers: resolvers, columns: sysarmyColumns, wave: wave, waveRate: waveRate)
            missingTokens = []
            layoutWarnings.append("wave \(wave); \(waveRate.rule)")
        case .levelsfyi:
            adapter = LevelsFyiAdapter(context: context, resolvers: resolvers)
            missingTokens = ["NA"]
        case .justjoinit:
            guard let month = JustJoinITAdapter.listingMonth(fileName: fileName) else {
                throw ImportFileError.waveUnknown(path: path, format: .justjoinit, example: "justjoinit_offers_2021_08.csv")
            }
            adapter = JustJoinITAdapter(context: context, resolvers: resolvers, listedOn: month)
            missingTokens = []
            layoutWarnings.append(
                "offers listed in \(month.year)-\(month.month < 10 ? "0" : "")\(month.month), stored as advertised ranges (not people)"
            )
        case .csv:
            let mapping = mapping!
            for (field, column) in mapping.columns.sorted(by: { $0.key < $1.key }) where columns[column] == nil {
                throw MappingError(
                    path: path,
                    message:
                        "columns.\(field) names '\(InputQuote.make(column, limit: 60))', which is not in the header (\(InputQuote.make(header.prefix(8).joined(separator: ", "), limit: 300)))"
                )
            }
            adapter = GenericCSVAdapter(dataset: "csv:\(mapping.title ?? fileName)", mapping: mapping, context: context, resolvers: resolvers)
            missingTokens = ["NA", "N/A", "-"]
        }
        dataset = adapter.dataset
        let provenance = format.provenance
        title = mapping?.title ?? provenance.title
        licence = mapping?.licence ?? provenance.licence
        attribution = mapping?.attribution ?? provenance.attribution
        joined = joinedName
        warnings += layoutWarnings
        if let joinedName { warnings.append("joined with \(joinedName)") }
        if header.contains(where: { $0.contains(";;;") }) {
            warnings.append(
                "the header ends in ';;;…': the file looks re-saved by a spreadsheet with ';' as delimiter, which merges and shifts columns. Export it again as comma-separated CSV."
            )
        }
        if encoding != .utf8 { warnings.append("read as \(encoding.rawValue) text (detected from its bytes)") }
        if bannerRecords > 0 {
            warnings.append(
                "skipped \(bannerRecords) banner row\(bannerRecords == 1 ? "" : "s") above the header (line \(headerRecord.line)): titles and notes, not data"
            )
        }
    }

    /// Records that can precede a header: at most two non-empty cells (a title, a licence line, an empty row).
    static func isBanner(_ record: CSVRecord) -> Bool {
        var filled = 0
        for index in 0..<record.count where !record.range(index).isEmpty {
            if !record.field(index).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { filled += 1 }
            if filled > 2 { return false }
        }
        return true
    }

    /// How many banner rows are looked through for a header.
    static let maximumBannerRecords = 20

    /// A companion file read with this one (SO 2025's languages), by name.
    public private(set) var joined: String?

    /// `path` with its data-file ending (".csv.gz", ".csv") replaced by `suffix`.
    static func siblingName(of path: String, suffix: String) -> String {
        var stem = path
        for ending in [".csv.gz", ".csv", ".gz"] where stem.hasSuffix(ending) {
            stem.removeLast(ending.count)
            break
        }
        return stem + suffix
    }

    /// The first of `path`'s siblings with these endings that exists.
    static func sibling(of path: String, suffixes: [String]) -> String? {
        suffixes.map { siblingName(of: path, suffix: $0) }.first { $0 != path && FileManager.default.isReadableFile(atPath: $0) }
    }

    /// A file's header, or `nil` when it has none.
    public static func header(of path: String) throws -> [String]? {
        try CSVReader(source: InputFile.open(path: path), path: path).next()?.fields
    }

    /// Calls `body` with the outcome of every data row, in file order.
    public func forEachItem(_ body: (ImportItem) throws -> Void) throws {
        while let record = try reader.next() {
            try body(item(for: record))
        }
    }

    private func item(for record: CSVRecord) -> ImportItem {
        if record.isUnterminated {
            return .rejected(
                RowIssue(
                    line: record.line,
                    field: "(record)",
                    value: record.count > 0 ? record.field(record.count - 1) : "",
                    reason: .truncatedRow,
                    message: "the file ends inside a quoted field, so this record is incomplete (was the file cut off?)"
                )
            )
        }
        if record.count != header.count {
            let lastField = record.count < header.count ? header[record.count] : "(extra)"
            return .rejected(
                RowIssue(
                    line: record.line,
                    field: lastField,
                    value: record.count > 0 ? record.field(0) : "",
                    reason: .malformedRow,
                    message: "\(record.count) fields where the header has \(header.count); the row's quoting or delimiters are broken"
                )
            )
        }
        if let invalid = record.invalidField {
            return .rejected(
                RowIssue(
                    line: record.line,
                    field: header[invalid],
                    value: record.field(invalid),
                    reason: .invalidEncoding,
                    message: "bytes that are not valid \(encoding.rawValue); re-save the file as UTF-8"
                )
            )
        }
        let item = adapter.convert(Row(record: record, columns: columns, missingTokens: missingTokens))
        if case .observation(let observation) = item, let issue = Self.oversizedText(in: observation) { return .rejected(issue) }
        return item
    }

    /// The text an observation stores is bounded, whatever the record limit lets through: a city
    /// of a megabyte, or ten thousand skills, is a broken file, not data to keep and show.
    public static let maximumCityCharacters = 120
    public static let maximumSkillCharacters = 100
    public static let maximumSkillCount = 100
    public static let maximumRecordKeyCharacters = 300

    static func oversizedText(in observation: Observation) -> RowIssue? {
        func issue(_ field: String, _ value: String, _ message: String) -> RowIssue {
            RowIssue(line: observation.line, field: field, value: InputQuote.make(value, limit: 60), reason: .invalidValue, message: message)
        }
        if let city = observation.location.city, city.count > maximumCityCharacters {
            return issue("city", city, "a city of \(city.count) characters; at most \(maximumCityCharacters) are stored. Is a column shifted?")
        }
        if observation.skills.count > maximumSkillCount {
            return issue(
                "skills",
                observation.skills.prefix(3).map(\.name).joined(separator: ";"),
                "\(observation.skills.count) skills; at most \(maximumSkillCount) are stored. Is the skill separator right?"
            )
        }
        if let long = observation.skills.first(where: { $0.name.count > maximumSkillCharacters }) {
            return issue(
                "skills",
                long.name,
                "a skill of \(long.name.count) characters; at most \(maximumSkillCharacters). Is the skill separator right?"
            )
        }
        if let key = observation.recordKey, key.count > maximumRecordKeyCharacters {
            return issue("id", key, "a record id of \(key.count) characters; at most \(maximumRecordKeyCharacters)")
        }
        return nil
    }
}
