import Hummingbird

/// Enforces the limits `openapi.yaml` declares — string lengths, item counts, numeric ranges — on
/// every operation's parameters and JSON body, once, before any handler (the plain estimate route
/// included): the generated layer decodes types but not these. A request outside them gets a 400
/// problem that names the field.
struct SpecBoundsMiddleware<Context: RequestContext>: RouterMiddleware {
    let contract: APIContract
    /// The body limit `ProblemMiddleware` has already applied (it collected the body).
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parts = request.uri.path.split(separator: "/")
        guard let operation = contract.operation(method: request.method, parts: parts), operation.isBounded else {
            return try await next(request, context)
        }
        var request = request
        var body: [UInt8]?
        if operation.body != .unbounded, request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true {
            body = Array(try await request.collectBody(upTo: maximumBodyBytes).readableBytesView)
        }
        // Hummingbird's query parser (percent-decoded values), as the estimate route uses.
        let query = request.uri.queryParameters
        if let problem = contract.boundsProblem(operation, parts: parts, queryValues: { query[values: $0[...]].map(String.init) }, body: body) {
            return problem.response
        }
        return try await next(request, context)
    }
}
