import Hummingbird
import RateCore

/// Refuses every request whose path is not spelled canonically, before routing, authorisation or
/// body limits look at it.
///
/// Hummingbird's trie router skips empty segments, so `/v1/imports/`, `//v1/imports` and
/// `/v1//imports` reach the same handler as `/v1/imports`. Everything that decides by path
/// (the import body limit, the spec's limits, the estimate route) must see the one spelling
/// the router will resolve, so the other spellings are refused here, once: a 404 problem that names
/// the canonical path. That is the router's only normalisation: it matches every other segment
/// literally (`/v1/%69mports`, `/v1/./imports` and `/v1/x/../imports` resolve to no route and get
/// its 404), and percent-encoding stays allowed because path parameters may need it.
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
        if path.first == "/" && !segments.contains(where: \.isEmpty) { return nil }
        let suggestion = "/" + segments.filter { !$0.isEmpty }.joined(separator: "/")
        return ProblemDetails(
            status: 404,
            title: "Not found",
            detail:
                "'\(InputQuote.make(path))' is not a path of this server: paths have no empty segments and no trailing slash (did you mean '\(InputQuote.make(suggestion))'?)",
            type: "https://ratecard.invalid/problems/not-canonical"
        )
    }
}
