import Foundation
import HTTPTypes
import Hummingbird
import RateApp
import RateCore
import RateStore

/// Who is calling, for the handlers behind `SelfReportLimitMiddleware`.
enum RequestClient {
    /// The keyed hash of the client's address (see `SelfReportService.clientKey`).
    @TaskLocal static var key: String?
}

/// The per-client limit on self-reports (429 with Retry-After), on the routes that take them: the
/// API's `POST /v1/observations` and the Submit page's form, which share one limiter.
struct SelfReportLimitMiddleware: RouterMiddleware {
    typealias Context = RateCardRequestContext
    let services: WebServices
    let limiter: SelfReportLimiter
    let trustForwardedFor: Bool
    /// The Submit page answers a refusal with its own page; the API with a problem.
    let answersWithPage: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = SelfReportService.clientKey(address: clientAddress(request, context), secret: services.clientKeySecret)
        if let retryAfter = limiter.retryAfter(key, now: services.app.now()) {
            if answersWithPage {
                let countries = services.app.tables.countries.byName
                var response = Response(
                    status: .tooManyRequests,
                    headers: [.contentType: "text/html; charset=utf-8"],
                    body: ResponseBody(
                        byteBuffer: ByteBuffer(
                            string: SubmitPage.render(
                                SubmitPageModel(
                                    input: SelfReportInput(),
                                    outcome: .limited(retryAfterSeconds: retryAfter),
                                    countries: countries
                                )
                            )
                        )
                    )
                )
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
            var response = ProblemDetails(
                status: 429,
                title: "Too many self-reports",
                detail: "this client sent \(limiter.limit) reports in the last \(Int(limiter.window / 60)) minutes; try again in \(retryAfter) s",
                type: "https://ratecard.invalid/problems/rate-limited"
            ).response
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
