import Crypto
import Foundation
import RateCore
import RateStore

/// API tokens: created here (the raw token is returned once and never stored), checked here.
public struct AccessService: Sendable {
    let app: RateCardApp

    /// Who a bearer token belongs to, or why it is refused (401).
    public enum Authentication: Sendable, Equatable {
        case authenticated(APITokenRecord)
        /// A token RateCard did not issue, or one that was revoked; the reason is safe to show the
        /// caller (it never names the token's owner).
        case refused(String)
    }

    /// Tokens look like `rc_` + 43 characters of base64url (256 random bits).
    static let prefix = "rc_"

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexadecimal
    }

    /// A token name that `ratecard token list` could not show: empty, too long or with control characters.
    public struct InvalidTokenName: Error, CustomStringConvertible {
        public let description: String
    }

    /// The longest token name, in characters: enough for "ci deploy, team payments".
    public static let maximumNameLength = 100

    /// Creates a token with `scope`; returns the raw token (show it once) and its stored record.
    /// The name is trimmed; an empty, over-long or control-character name is refused.
    public func create(scope: TokenScope, name: String) async throws -> (token: String, record: APITokenRecord) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw InvalidTokenName(description: "--name: give the token a name to recognise it by in `ratecard token list`, or leave the option out")
        }
        guard name.count <= Self.maximumNameLength else {
            throw InvalidTokenName(description: "--name: \(name.count) characters is too long; use at most \(Self.maximumNameLength)")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidTokenName(description: "--name: control characters (tabs, line breaks, NUL) cannot be shown in a token list; remove them")
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token =
            Self.prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let record = try await app.store.createAPIToken(
            name: name,
            scope: scope,
            tokenSHA256: Self.hash(token),
            createdAt: app.timestamp
        )
        return (token, record)
    }

    /// Every token's record (never the token itself), revoked ones included.
    public func list() async throws -> [APITokenRecord] { try await app.store.apiTokens() }

    /// Revokes a token now; `false` when there is no active token with that id.
    public func revoke(id: Int64) async throws -> Bool {
        try await app.store.revokeAPIToken(id: id, at: app.timestamp)
    }

    /// Looks up a bearer token (the text after "Bearer "). Scopes are the route's business: the
    /// web layer checks them with the record this returns.
    public func authenticate(bearerToken: String) async throws -> Authentication {
        let token = bearerToken.trimmingCharacters(in: .whitespaces)
        guard token.hasPrefix(Self.prefix), let record = try await app.store.apiToken(sha256: Self.hash(token)) else {
            return .refused("the bearer token is not one RateCard issued")
        }
        // Not the token's name: the caller is not authenticated, and a leaked token's name can tell
        // an attacker whose it was.
        if let revoked = record.revokedAt {
            return .refused("this bearer token was revoked on \(revoked.day); ask the operator for a new one (`ratecard token create`)")
        }
        return .authenticated(record)
    }
}

extension RateCardApp {
    public var access: AccessService { AccessService(app: self) }
}
