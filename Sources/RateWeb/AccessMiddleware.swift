import Foundation
import HTTPTypes
import Hummingbird
import RateApp
import RateCore
import RateStore

/// Who is calling, for the handlers behind `AccessMiddleware`.
enum RequestClient {
    /// The keyed hash of the client's address (see `SelfReportService.clientKey`).
    @TaskLocal static var key: String?
}

/// Which routes need a token, and with which scope. Everything else is a public read.
///
/// Paths are compared as spelled: `CanonicalPathMiddleware` runs first and refuses every other
/// spelling that the router would resolve to the same handler (trailing or doubled slashes,
/// percent-encoding), so a write cannot reach its handler under a name this table does not know.
enum WriteRoutes {
    static func scope(method: HTTPRequest.Method, path: String) -> TokenScope? {
        if method == .delete && path.hasPrefix("/v1/sources/") { return .import }
        return switch (method, path) {
        case (.post, "/v1/imports"), (.post, "/v1/exchange-rates"): .import
        case (.get, "/v1/observations/pending"), (.head, "/v1/observations/pending"), (.post, "/v1/observations/decisions"): .moderate
        default: nil
        }
    }

    static func isSelfReport(method: HTTPRequest.Method, path: String) -> Bool {
        method == .post && (path == "/v1/observations" || path == "/submit")
    }
}

/// Enforces bearer tokens on writes (401 without a valid one, 403 with the wrong scope) and the
/// per-client limit on self-reports (429 with Retry-After).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = RateCardRequestContext
    let services: WebServices
    let limiter: SelfReportLimiter
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let scope = WriteRoutes.scope(method: request.method, path: path) {
            switch try await services.app.access.authorize(header: request.headers[.authorization], scope: scope) {
            case .allowed(let token):
                context.logger.info("authorised write", metadata: ["token": "#\(token.id)", "scope": "\(scope.rawValue)"])
            case .unauthenticated(let reason):
                var response = ProblemDetails(status: 401, title: "Authentication required", detail: reason,
                                              type: "https://ratecard.invalid/problems/unauthenticated").response
                response.headers[.wwwAuthenticate] = "Bearer realm=\"ratecard\""
                return response
            case .forbidden(let reason):
                return ProblemDetails(status: 403, title: "Token lacks the scope", detail: reason,
                                      type: "https://ratecard.invalid/problems/forbidden").response
            }
        }
        guard WriteRoutes.isSelfReport(method: request.method, path: path) else { return try await next(request, context) }
        let key = SelfReportService.clientKey(address: clientAddress(request, context), secret: services.clientKeySecret)
        if let retryAfter = limiter.retryAfter(key, now: services.app.now()) {
            if path == "/submit" {
                let countries = services.app.tables.countries.byName
                var response = Response(status: .tooManyRequests, headers: [.contentType: "text/html; charset=utf-8"],
                                        body: ResponseBody(byteBuffer: ByteBuffer(string: SubmitPage.render(SubmitPageModel(
                                            input: SelfReportInput(), outcome: .limited(retryAfterSeconds: retryAfter), countries: countries)))))
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
            var response = ProblemDetails(
                status: 429, title: "Too many self-reports",
                detail: "this client sent \(limiter.limit) reports in the last \(Int(limiter.window / 60)) minutes; try again in \(retryAfter) s",
                type: "https://ratecard.invalid/problems/rate-limited").response
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        let response = try await RequestClient.$key.withValue(key) { try await next(request, context) }
        // Only stored reports count: a client correcting a typo is not penalised.
        if response.status == .accepted { limiter.record(key, now: services.app.now()) }
        return response
    }

    /// The peer address, or the last X-Forwarded-For entry when the server sits behind a proxy the
    /// operator trusts (`--trust-proxy`): that entry is the address the proxy itself saw, while
    /// everything left of it came from the client and can be anything. Without the flag the header
    /// is ignored, as anyone can send it.
    func clientAddress(_ request: Request, _ context: Context) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
