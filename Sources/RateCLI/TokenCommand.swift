import ArgumentParser
import Foundation
import RateApp
import RateStore

/// `ratecard token create|list|revoke`
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens for the HTTP API's writes.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once and stored only as a hash.",
            discussion: "Scopes: import (POST /v1/imports), moderate (list, approve and reject self-reported rates)."
        )
        @Option(help: "What the token may do.") var scope: TokenScope
        @Option(help: "A name to recognise it by in `ratecard token list`.") var name: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            let (token, record) = try await app.access.create(scope: scope, name: name ?? "\(scope.rawValue) token")
            Console.note("Token #\(record.id) '\(record.name)' with scope '\(scope.rawValue)'. It is shown only now; store it safely:")
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            let rows = try await app.access.list().map { token in
                [
                    "#\(token.id)", token.name, token.scope.rawValue, String(token.createdAt.description.prefix(19)),
                    token.revokedAt.map { "revoked \($0.day)" } ?? "active",
                ]
            }
            print(Console.table(["id", "name", "scope", "created", "state"], rows))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id; requests with it then get 401.")
        @Argument(help: "The token's id (see `ratecard token list`).") var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            guard try await app.access.revoke(id: id) else {
                throw UserError("there is no active token #\(id); see `ratecard token list`")
            }
            print("Token #\(id) revoked.")
        }
    }
}
