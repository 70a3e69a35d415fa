import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateWeb

/// `ratecard serve`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app and the HTTP API (stops gracefully on SIGTERM or SIGINT)."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Largest request body in bytes; larger ones get 413.") var maximumBody = 2 * 1024 * 1024
    @Option(help: "Largest file in bytes for POST /v1/imports.") var maximumImport = 512 * 1024 * 1024
    @Option(help: "Self-reported rates accepted per client per hour (POST /v1/observations).") var selfReportsPerHour = 5
    @Flag(help: "Take the client address from X-Forwarded-For: only behind a reverse proxy you run.") var trustProxy = false
    @Option(help: "Seconds between checks for a model refitted by another server on the same database.") var modelPollSeconds = 5.0
    @Option(help: "Estimate answers kept in memory for repeated queries (about 2.5 KB each; 0 turns the cache off).") var estimateCache = 4096
    @Option(help: "Reports kept in memory for repeated queries, per loaded model (0 turns the cache off).") var reportCache = 256
    @Option(
        help: ArgumentHelp(
            "Uncached reports and estimate batches computed at once (default: one per core).",
            discussion: "Eight times as many more wait their turn; the rest get 503 with Retry-After."
        )
    )
    var expensiveRequestLimit: Int?
    @Option(help: "Seconds a connection may send nothing (between requests, or halfway through its headers) before it is closed.")
    var idleTimeoutSeconds = 30.0
    @Flag(help: ArgumentHelp("Also serve GET /hello, the constant route bench/load.sh compares the API with.", visibility: .hidden))
    var benchmarkRoute = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard selfReportsPerHour >= 1 else { throw ValidationError("--self-reports-per-hour must be at least 1") }
        guard modelPollSeconds.isFinite, (0.1...86_400).contains(modelPollSeconds) else {
            throw ValidationError("--model-poll-seconds must be between 0.1 and 86,400 (a day)")
        }
        guard idleTimeoutSeconds.isFinite, (1...3600).contains(idleTimeoutSeconds) else {
            throw ValidationError("--idle-timeout-seconds must be between 1 and 3,600")
        }
        guard estimateCache >= 0 else { throw ValidationError("--estimate-cache must be 0 (off) or more") }
        guard reportCache >= 0 else { throw ValidationError("--report-cache must be 0 (off) or more") }
        if let expensiveRequestLimit, !(1...1024).contains(expensiveRequestLimit) {
            throw ValidationError("--expensive-request-limit must be between 1 and 1,024")
        }
    }

    func run() async throws {
        let configuration = AppConfiguration.resolve(databaseFlag: store.database)
        let logger = Console.logger
        // The service group runs the PostgreSQL pool: it starts before migrations and the first
        // load, and stops after the HTTP server has finished its requests.
        let opened = try RateCardApp.openStore(
            configuration.databaseLocation,
            createDirectory: configuration.isDefaultDatabaseLocation,
            logger: logger,
            poolRunsInServiceGroup: true
        )
        // RATECARD_CLIENT_KEY_SECRET keeps client-address hashes comparable across servers and restarts.
        let secret = ProcessInfo.processInfo.environment["RATECARD_CLIENT_KEY_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        var settings = ServerSettings(
            host: host,
            port: port,
            maximumBodyBytes: maximumBody,
            maximumImportBytes: maximumImport,
            selfReportsPerHour: selfReportsPerHour,
            trustForwardedFor: trustProxy,
            modelPollInterval: .milliseconds(Int(saturating: modelPollSeconds * 1000)),
            clientKeySecret: secret,
            estimateCacheEntries: estimateCache,
            idleTimeout: .milliseconds(Int(saturating: idleTimeoutSeconds * 1000)),
            reportCacheEntries: reportCache,
            expensiveRequestLimit: expensiveRequestLimit ?? ServerSettings.defaultExpensiveRequestLimit
        )
        settings.benchmarkRoute = benchmarkRoute
        try await webServiceGroup(store: opened, configuration: configuration, settings: settings, logger: logger).run()
    }
}
