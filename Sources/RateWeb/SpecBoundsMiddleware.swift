import Hummingbird

/// Enforces the limits `openapi.yaml` declares — string lengths, item counts, numeric ranges — on
/// every operation's parameters and JSON body, once, before any handler (the estimate fast path
/// included): the generated layer decodes types but not these. A request outside them gets a 400
/// problem that names the field.
struct SpecBoundsMiddleware<Context: RequestContext>: RouterMiddleware {
    let contract: APIContract
    /// The body limit `ProblemMiddleware` has already applied (it collected the body).
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var body: [UInt8]?
        if request.method == .post || request.method == .put, request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true,
           contract.operationLimits.contains(where: { $0.body != .unbounded && $0.matches(method: request.method, path: request.uri.path[...]) }) {
            let buffer = try await request.collectBody(upTo: maximumBodyBytes)
            body = Array(buffer.readableBytesView)
        }
        if let problem = contract.boundsProblem(method: request.method, path: request.uri.path[...], query: request.uri.query, body: body) {
            return problem.response
        }
        return try await next(request, context)
    }
}
