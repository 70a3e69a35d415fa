import Foundation
import RateStore

/// A parsed `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tlsMode: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a URL; the error says which part is wrong.
    public init(url text: String) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw StoreError.unsupportedLocation(text)
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("'\(Self.redacted(text))' has no host; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.unavailable("'\(Self.redacted(text))' has no user name; write postgres://USER@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.unavailable("'\(Self.redacted(text))' names no database; write postgres://USER@HOST:PORT/DATABASE")
        }
        var mode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw StoreError.unavailable("sslmode '\(item.value ?? "")' is not supported; use disable, prefer or require")
                }
                mode = value
            default:
                throw StoreError.unavailable("the parameter '\(item.name)' in the database URL is not supported (only sslmode is)")
            }
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding,
            database: database.removingPercentEncoding ?? database,
            tlsMode: mode
        )
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }

    /// Whether the host is this machine (loopback or a Unix socket), for test helpers that must
    /// never touch a shared server.
    public var isLocal: Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("/")
    }
}
