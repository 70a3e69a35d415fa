import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateStore

/// `ratecard sources [list|delete]`
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List imported sources, or delete one.",
        subcommands: [SourcesListCommand.self, SourcesDeleteCommand.self],
        defaultSubcommand: SourcesListCommand.self
    )
}

/// `ratecard sources delete ID`
struct SourcesDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one source with all its rows, in one transaction (a bad import); it can then be imported again."
    )

    @Argument(help: "The source id (see `ratecard sources`).") var id: Int64
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard id > 0 else { throw ValidationError("the source id is a positive number; `ratecard sources` lists them") }
    }

    func run() async throws {
        let app = try await store.buildApp()
        guard let deleted = try await app.importer.deleteSource(id: id) else {
            Console.note("error: there is no source #\(id); `ratecard sources` lists them")
            throw ExitCode.failure
        }
        print(
            "deleted source #\(deleted.id) (\(deleted.descriptor.fileName)): \(ReportFormat.number(deleted.counts.accepted)) rows and \(ReportFormat.number(deleted.counts.rejected)) rejections"
        )
        print("run `ratecard model fit` to refit without it")
    }
}

/// `ratecard sources list` (the default)
struct SourcesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List imported sources with their row counts and licences."
    )

    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        let sources = try await app.importer.sources()
        if json {
            print(try Console.json(sources))
            return
        }
        let rows = sources.map { source in
            [
                "#\(source.id)", source.descriptor.fileName, source.descriptor.format, ReportFormat.number(source.counts.read),
                ReportFormat.number(source.counts.accepted), ReportFormat.number(source.counts.rejected), ReportFormat.number(source.counts.flagged),
                source.importedAt.day.description, source.descriptor.isDefault ? "default" : "user",
            ]
        }
        print(Console.table(["id", "file", "format", "read", "accepted", "rejected", "flagged", "imported", "origin"], rows))
        print("")
        print("Licences and attribution:")
        var seen = Set<String>()
        for source in sources where seen.insert(source.descriptor.title + source.descriptor.licence).inserted {
            print("  \(source.descriptor.title): \(source.descriptor.licence). \(source.descriptor.attribution)")
        }
    }
}

/// `ratecard rejects`
struct RejectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "Show rejected rows: where they are, which field, and why."
    )

    @Option(help: "Only rows of this source id (see `ratecard sources`).") var source: Int64?
    @Option(help: "Only rows rejected for this reason.") var reason: RejectReason?
    @Option(help: "How many rows to show.") var limit = 50
    @Option(help: "Rows to skip first.") var offset = 0
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
    }

    func run() async throws {
        let app = try await store.buildApp()
        if let source, try await app.importer.sources().contains(where: { $0.id == source }) == false {
            throw UserError("there is no source #\(source); `ratecard sources` lists them")
        }
        let rows = try await app.importer.rejectedRows(sourceID: source, reason: reason, limit: limit, offset: offset)
        if json {
            print(try Console.json(rows))
            return
        }
        if rows.isEmpty {
            print("No rejected rows\(source.map { " in source #\($0)" } ?? "").")
            return
        }
        print(
            Console.table(
                ["source", "line", "field", "reason", "message", "value"],
                rows.map { row in
                    [
                        "#\(row.sourceID)", String(row.issue.line), String(row.issue.field.prefix(30)), row.issue.reason.rawValue,
                        row.issue.message, String(row.issue.value.prefix(40)).replacingOccurrences(of: "\n", with: " "),
                    ]
                }
            )
        )
    }
}
