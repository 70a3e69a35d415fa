import ArgumentParser
import Foundation
import RateApp
import RateStore

/// `ratecard migrate`
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the store's schema migrations, or copy one store into another.",
        discussion: """
            With no --from/--to, applies pending migrations to the store (--database or $RATECARD_DATABASE).
            Servers also apply them at start; an advisory lock makes concurrent starts safe on PostgreSQL.

            With --from and --to, copies every source (observations, published distributions and rejected rows)
            from one store into the other, checking counts, e.g.
              ratecard migrate --from sqlite:~/.local/share/ratecard/ratecard.sqlite --to postgres://ratecard@db:5432/ratecard
            Sources the target already holds (same content hash) are skipped, so an interrupted copy can be resumed.
            """
    )

    @Option(help: "Store to copy from (a SQLite path, sqlite:PATH or postgres://…).") var from: String?
    @Option(help: "Store to copy into.") var to: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to to copy a store, or neither to migrate one") }
        if from != nil && store.database != nil { throw ValidationError("--database is not used with --from/--to") }
        if let from, from == to { throw ValidationError("--from and --to name the same store") }
    }

    func run() async throws {
        if let from, let to {
            let origin = try RateCardApp.openStore(from)
            let target = try RateCardApp.openStore(to)
            try await origin.migrate()
            try await target.migrate()
            Console.note("Copying \(RateCardApp.displayLocation(from)) → \(RateCardApp.displayLocation(to))")
            let results = try await StoreCopier(from: origin, to: target).copy(progress: Console.note)
            let copied = results.filter(\.copied)
            print(
                "Copied \(copied.count) source(s) (\(copied.reduce(0) { $0 + $1.observations }) observations, "
                    + "\(copied.reduce(0) { $0 + $1.distributions }) distributions, \(copied.reduce(0) { $0 + $1.rejectedRows }) rejected rows); "
                    + "\(results.count - copied.count) already present. Counts checked on both sides."
            )
            return
        }
        let app = try await store.buildApp()
        print(
            "Store \(RateCardApp.displayLocation(app.configuration.databaseLocation)) is at the latest schema (data version \(try await app.models.dataVersion()))."
        )
    }
}
