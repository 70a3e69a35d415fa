import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard rates [show|import]`
struct RatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates",
        abstract: "Show the ECB exchange rates in use, or import a newer table.",
        subcommands: [RatesShowCommand.self, RatesImportCommand.self],
        defaultSubcommand: RatesShowCommand.self
    )
}

/// `ratecard rates import FILE`
struct RatesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the ECB's euro reference-rate history (eurofxref-hist.csv or .zip) into the store.",
        discussion: """
            Download https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip and give it as it is. The store keeps \
            one table, the newest: a file that ends before the table in use is refused. Every later command and server \
            start on this store uses it, and running servers on it put it in use at their next poll for a newer model \
            (--model-poll-seconds).
            """
    )

    @Argument(help: "The ECB file: eurofxref-hist.csv, or the .zip (or .gz) that holds it.") var file: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let app = try await store.buildApp()
        let (summary, _) = try await app.rates.importTable(path: file)
        print(
            "stored the ECB table \(file): \(ReportFormat.number(summary.days)) days from \(summary.firstDate) to \(summary.lastDate), \(summary.currencies) currencies"
        )
        if let previous = summary.previousLastDate {
            print(
                previous == summary.lastDate ? "it ends on the same day as the table in use before" : "the table in use before ended on \(previous)"
            )
        }
    }
}

/// `ratecard rates show` (the default)
struct RatesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Which ECB table is in use, and how far it reaches.")

    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    struct Shown: Encodable {
        var origin: String
        var firstDate: String?
        var lastDate: String?
        var days: Int
        var currencies: [String]
        var daysPastEnd: Int
    }

    func run() async throws {
        let app = try await store.buildApp()
        let inUse = try await app.rates.inUse()
        let today = app.models.today
        let past = inUse.daysPastEnd
        let shown = Shown(
            origin: inUse.importedAt.map { "imported \($0)" } ?? "bundled with RateCard",
            firstDate: inUse.firstDate?.description,
            lastDate: inUse.lastDate?.description,
            days: inUse.days,
            currencies: inUse.currencies,
            daysPastEnd: past
        )
        if json {
            print(try Console.json(shown))
            return
        }
        print("ECB euro reference rates: \(shown.origin)")
        print(
            "  \(ReportFormat.number(shown.days)) days, \(shown.firstDate ?? "–") to \(shown.lastDate ?? "–"); \(shown.currencies.count) currencies"
        )
        if past > 0 {
            print(
                "  today (\(today)) is \(past) day\(past == 1 ? "" : "s") past its end: conversions use its newest rates, and every answer says so."
            )
        }
        if past > 7 {
            print(
                "  To bring it up to date: download https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip and run `ratecard rates import eurofxref-hist.zip`."
            )
        }
    }
}
