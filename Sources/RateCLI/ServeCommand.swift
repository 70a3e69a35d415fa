import ArgumentParser
import Foundation
import Hummingbird
import RateApp
import RateWeb

/// `ratecard serve`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web app and the HTTP API (stops gracefully on SIGTERM or SIGINT).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Largest request body in bytes; larger ones get 413.") var maximumBody = 2 * 1024 * 1024
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        let app = try await store.buildApp()
        let web = try await buildWebApplication(app: app, settings: ServerSettings(host: host, port: port, maximumBodyBytes: maximumBody))
        try await web.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
