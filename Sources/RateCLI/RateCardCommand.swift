import ArgumentParser
import Foundation
import Logging
import RateApp
import RateCore

/// `ratecard`: the command-line face of RateCard.
public struct RateCardCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ratecard",
        abstract: "What does a backend developer cost? Rate ranges from real, inspectable compensation data.",
        subcommands: [
            EstimateCommand.self, ImportCommand.self, SourcesCommand.self, RejectsCommand.self, ModelCommand.self, MarketCommand.self,
            EvaluateCommand.self, ReportCommand.self, CostCommand.self, ServeCommand.self, MigrateCommand.self, TokenCommand.self, RatesCommand.self,
        ]
    )

    public init() {}
}

/// Options every command that touches the store shares (`package`: the benchmark tool uses them too).
package struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file path (or sqlite:PATH, or :memory:), or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require].",
            discussion: "Defaults to $RATECARD_DATABASE, then $XDG_DATA_HOME/ratecard/ratecard.sqlite."
        )
    )
    package var database: String?

    package init() {}

    package func buildApp() async throws -> RateCardApp {
        try await RateCardApp.build(configuration: AppConfiguration.resolve(databaseFlag: database), logger: Console.logger)
    }
}

/// Writes to standard error, for notes and progress that must not mix with data on standard output.
package enum Console {
    /// The process's logger; `RATECARD_LOG_LEVEL` (trace, debug, info, notice, warning, error) sets its level.
    package static var logger: Logger {
        var logger = Logger(label: "ratecard")
        if let text = ProcessInfo.processInfo.environment["RATECARD_LOG_LEVEL"], let level = Logger.Level(rawValue: text.lowercased()) {
            logger.logLevel = level
        }
        return logger
    }

    package static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    package static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Pads columns to their widest cell; numbers are right-aligned.
    package static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        func render(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                let numeric = !cell.isEmpty && cell.allSatisfy { $0.isNumber || $0 == "," || $0 == "." || $0 == "#" }
                return numeric ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([render(header), render(widths.map { String(repeating: "-", count: $0) })] + rows.map(render)).joined(separator: "\n")
    }
}

/// A mistake in what the user asked for, printed as "Error: …" without usage text or a stack trace.
package struct UserError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

extension UserError {
    /// A profile error named by the command-line flag the user typed.
    init(_ error: ProfileError) {
        let flag = ["business_country": "business-country", "as_of": "as-of"][error.field] ?? error.field
        self.init("--\(flag): \(error.message)")
    }
}
