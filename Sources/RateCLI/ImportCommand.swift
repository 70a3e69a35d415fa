import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateImport

extension SourceFormat: ExpressibleByArgument {}

/// `ratecard import FILE...`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import compensation data files (plain or .gz) into the store.",
        discussion: """
            Layouts: Stack Overflow surveys (2016, 2019, 2023, 2024 with its crosswalk, 2025 with its languages file), \
            BLS OEWS area files, DOU.ua (harmonised and raw waves), \
            and any CSV with a JSON mapping file. Each file is imported in one transaction: all of it or nothing. \
            Every row is either stored or recorded as rejected with its line, field and reason (see `ratecard rejects`). \
            Importing the same content twice adds nothing.
            """
    )

    @Argument(help: "Files to import.") var files: [String]
    @Option(help: "Layout: auto, \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: String = "auto"
    @Option(help: "JSON file mapping a CSV's columns to RateCard fields (for --format csv).") var mapping: String?
    @Option(help: "Label table (qname,level,label) of a coded survey file (Stack Overflow 2024); default: the crosswalk beside it.") var labels:
        String?
    @Flag(help: "Read and validate, but store nothing.") var dryRun = false
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "Print rows read to standard error even when it is not a terminal (a log, a pipe).") var progress = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if format != "auto" && SourceFormat(rawValue: format) == nil {
            throw ValidationError("--format '\(format)' is not one of auto, \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read '\(file)': no such file, or no permission")
        }
    }

    func run() async throws {
        let app = try await store.buildApp()
        let mapping = try mapping.map(ImportMapping.load(path:))
        let options = ImportOptions(format: SourceFormat(rawValue: format), mapping: mapping, dryRun: dryRun, labels: labels, companions: files)
        var summaries: [ImportSummary] = []
        var failures = 0
        // A companion (SO 2025's languages) given beside the file it completes is read with that file.
        let companions = try Dictionary(
            files.compactMap { file in
                try SourceReader.header(of: file).flatMap(CompanionLayout.detect(header:)).map { (file, $0) }
            },
            uniquingKeysWith: { a, _ in a }
        )
        let layouts = Set(try files.compactMap { try SourceReader.header(of: $0).flatMap(SourceFormat.detect(header:)) })
        for file in files {
            if let companion = companions[file], layouts.contains(companion.completes) {
                if !json { print("\(file): \(companion.rawValue), read with the \(companion.completes.rawValue) file") }
                continue
            }
            let showProgress = (Console.stderrIsTerminal || progress) && !json
            do {
                let reportProgress = showProgress ? Self.progressReporter(file: file) : nil
                let summary = try await app.importer.importFile(path: file, options: options, progress: reportProgress)
                if showProgress { Console.noteInline("") }
                summaries.append(summary)
                if !json { print(Self.render(summary, path: file)) }
            } catch {
                failures += 1
                Console.note("error: \(error)")
                Console.note("  \(file) was not imported; the store is unchanged.")
            }
        }
        if json {
            print(try Console.json(summaries.count == 1 ? AnyEncodable(summaries[0]) : AnyEncodable(summaries)))
        }
        if failures > 0 { throw ExitCode.failure }
    }

    static func progressReporter(file: String) -> @Sendable (ImportProgress) -> Void {
        { progress in
            Console.noteInline("  \(file): \(ReportFormat.number(progress.rows)) rows read…")
        }
    }

    static func render(_ summary: ImportSummary, path: String) -> String {
        var lines: [String] = []
        let target = summary.dryRun ? "dry run, nothing stored" : summary.sourceID.map { "source #\($0)" } ?? "not stored"
        lines.append("\(path) (\(summary.format), \(summary.encoding)) → \(target)")
        if summary.alreadyImported {
            lines.append("  already imported: nothing added")
        } else {
            func breakdown(_ counts: [String: Int]) -> String {
                counts.isEmpty
                    ? ""
                    : "  (" + counts.sorted { $0.value > $1.value }.map { "\($0.key) \(ReportFormat.number($0.value))" }.joined(separator: ", ") + ")"
            }
            let width = ReportFormat.number(summary.read).count
            func number(_ value: Int) -> String {
                let text = ReportFormat.number(value)
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            lines.append("  read        \(number(summary.read))")
            lines.append("  accepted    \(number(summary.accepted))")
            lines.append("  flagged     \(number(summary.flagged))\(breakdown(summary.flaggedByQuality))")
            lines.append("  rejected    \(number(summary.rejected))\(breakdown(summary.rejectedByReason))")
            lines.append("  duplicates  \(number(summary.duplicates))")
        }
        lines.append("  elapsed     \(ReportFormat.number(summary.elapsedSeconds, decimals: 2)) s")
        for warning in summary.warnings { lines.append("  note: \(warning)") }
        if !summary.unstoredRejections.isEmpty {
            lines.append("  rejected rows (nothing was stored, so `ratecard rejects` cannot list them):")
            for issue in summary.unstoredRejections.prefix(10) { lines.append("    \(issue.description) [\(issue.reason.rawValue)]") }
            if summary.unstoredRejections.count > 10 { lines.append("    … \(summary.unstoredRejections.count - 10) more with --json") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Lets one JSON printer handle a single summary or a list.
struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}

extension Console {
    /// Rewrites the current terminal line (progress).
    static func noteInline(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }
}
