import Hummingbird
import RateCore

/// Refuses a request whose target or headers are longer than any client of RateCard needs, with a
/// problem that says which and by how much: 414 for the URL, 431 for the headers (RFC 9110 §15.5.15,
/// RFC 6585 §5). Runs first, before anything reads the path or query.
///
/// NIO's HTTP parser has its own, larger ceiling (80 KiB of head), past which it closes the
/// connection with a bare 400; these limits sit well below it, so a client that sends too much
/// reads why.
struct RequestHeadLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The longest request target (path and query) accepted: the longest estimate query with every
    /// field at its spec's maximum is under 1 KiB.
    static var maximumTargetBytes: Int { 8 * 1024 }
    /// The most header bytes accepted (names, values and separators).
    static var maximumHeaderBytes: Int { 16 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let problem = Self.problem(target: request.uri.description, headers: request.headers) { return problem.response }
        return try await next(request, context)
    }

    static func problem(target: String, headers: HTTPFields) -> ProblemDetails? {
        if target.utf8.count > maximumTargetBytes {
            return ProblemDetails(
                status: 414,
                title: "URI too long",
                detail:
                    "the request target is \(target.utf8.count) bytes; the limit is \(maximumTargetBytes). Send many profiles as a POST /v1/estimates body instead",
                type: "https://ratecard.invalid/problems/uri-too-long"
            )
        }
        let headerBytes = headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        if headerBytes > maximumHeaderBytes {
            let largest = headers.max { $0.value.utf8.count < $1.value.utf8.count }
            return ProblemDetails(
                status: 431,
                title: "Request header fields too large",
                detail: "the headers are \(headerBytes) bytes; the limit is \(maximumHeaderBytes)"
                    + (largest.map { " (the largest is \($0.name.rawName), \($0.value.utf8.count) bytes)" } ?? ""),
                type: "https://ratecard.invalid/problems/headers-too-large"
            )
        }
        return nil
    }
}
