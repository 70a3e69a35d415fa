import HTTPTypes
import Hummingbird
import HummingbirdAuth
import OpenAPIHummingbird
import OpenAPIRuntime
import RateApp
import RateStore

/// Who may call an operation. The guard is attached to the route itself (a router group per kind
/// of access, as hummingbird-auth intends), so a request reaches a write's handler only through
/// its middleware, whatever spelling of the path the router resolved.
enum RouteAccess: Hashable, CaseIterable {
    /// A public read.
    case open
    /// A write that needs a bearer token with this scope.
    case token(TokenScope)
    /// Anyone may send it, within the per-client limit on self-reports.
    case selfReport

    static var allCases: [RouteAccess] { [.open, .selfReport] + TokenScope.allCases.map(RouteAccess.token) }

    /// The access of a generated operation, by the generator's own operation ids. A test keeps this
    /// equal to the spec: every operation with `security` needs a token, with the scope its summary names.
    init(operationID: String) {
        switch operationID {
        case Operations.DeleteSource.id, Operations.PostImport.id, Operations.PostExchangeRates.id: self = .token(.import)
        case Operations.ListPendingObservations.id, Operations.DecideObservations.id: self = .token(.moderate)
        case Operations.PostObservation.id: self = .selfReport
        default: self = .open
        }
    }
}

/// Reads the bearer token with hummingbird-auth's parser and looks it up. It guards only routes that
/// need a token, so a missing, unknown or revoked one ends the request here with a 401 that says how
/// to get one, rather than passing on an anonymous caller that a later middleware would refuse
/// without the reason.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = RateCardRequestContext
    let access: AccessService
    let scope: TokenScope

    func authenticate(request: Request, context: Context) async throws -> APITokenRecord? {
        guard let bearer = request.headers.bearer else {
            throw ProblemDetails.unauthenticated(
                "this request changes data: send 'Authorization: Bearer <token>' with a token from `ratecard token create --scope \(scope.rawValue)`"
            )
        }
        switch try await access.authenticate(bearerToken: bearer.token) {
        case .authenticated(let record):
            context.logger.info("authenticated", metadata: ["token": "#\(record.id)", "needs scope": "\(scope.rawValue)"])
            return record
        case .refused(let reason):
            throw ProblemDetails.unauthenticated(reason)
        }
    }
}

/// A route's scope as a hummingbird-auth policy. It throws its own 403 instead of returning false:
/// the library's denied error is fixed when the route is built, and the caller is better served by
/// learning which scope its token has.
struct TokenScopePolicy: AuthorizationPolicy {
    let scope: TokenScope

    func isAuthorized(identity: APITokenRecord, request: Request) async throws -> Bool {
        guard identity.scope == scope else {
            throw ProblemDetails(
                status: 403,
                title: "Token lacks the scope",
                detail: "the token '\(identity.name)' has scope '\(identity.scope.rawValue)'; this request needs '\(scope.rawValue)'",
                type: "https://ratecard.invalid/problems/forbidden"
            )
        }
        return true
    }
}

extension ProblemDetails {
    static func unauthenticated(_ reason: String) -> ProblemDetails {
        ProblemDetails(status: 401, title: "Authentication required", detail: reason, type: "https://ratecard.invalid/problems/unauthenticated")
    }
}

/// The generated handlers' transport: registers each operation on the router group of its access,
/// so the generated code needs no knowledge of tokens and every write carries its guard.
struct AccessScopedTransport: ServerTransport {
    let contract: APIContract
    let groups: [RouteAccess: RouterGroup<RateCardRequestContext>]

    struct UnknownOperation: Error, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        var description: String { "the generated handlers register \(method) \(path), which the bundled openapi.yaml does not declare" }
    }

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        guard let operation = contract.operation(method: method, parts: path.split(separator: "/")),
            let group = groups[RouteAccess(operationID: operation.id)]
        else {
            throw UnknownOperation(method: method, path: path)
        }
        group.register(handler, method: method, path: path)
    }
}
