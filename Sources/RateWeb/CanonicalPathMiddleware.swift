import Hummingbird
import RateCore

/// Refuses every request whose path is not spelled canonically, before routing, authorisation or
/// body limits look at it.
///
/// Hummingbird's trie router skips empty segments, so `/v1/imports/`, `//v1/imports` and
/// `/v1//imports` reach the same handler as `/v1/imports`. Everything that decides by path
/// (`AccessMiddleware`'s scopes, the import body limit, the estimate route) must see the one spelling
/// the router will resolve, so the other spellings are refused here, once: a 404 problem that names
/// the canonical path. Percent-encoded paths and dot segments are refused too: no RateCard route
/// needs them, and the router matches segments literally.
struct CanonicalPathMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let problem = Self.problem(path: path) else { return try await next(request, context) }
        return problem.response
    }

    /// `nil` when `path` is canonical; otherwise the problem to answer with.
    static func problem(path: String) -> ProblemDetails? {
        if path == "/" { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let canonical = path.first == "/" && !segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            && !path.utf8.contains(UInt8(ascii: "%"))
        if canonical { return nil }
        let suggestion = "/" + segments.filter { !$0.isEmpty && $0 != "." && $0 != ".." }.joined(separator: "/")
        return ProblemDetails(
            status: 404, title: "Not found",
            detail: "'\(InputQuote.make(path))' is not a path of this server: paths have no empty, '.' or '..' segments, no trailing slash and no percent-encoding (did you mean '\(InputQuote.make(suggestion))'?)",
            type: "https://ratecard.invalid/problems/not-canonical")
    }
}
