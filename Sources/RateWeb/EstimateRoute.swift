import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import RateApp
import RateCore

/// The hot read, `GET /v1/estimate`, as a plain Hummingbird route rather than a generated handler.
///
/// Why: under load (bench/load.sh) a profile of the generated path spent 22 % of the CPU in
/// OpenAPIRuntime's query decoding (it re-parses the whole query string for each of the ten
/// parameters) and 20 % in Foundation's JSONEncoder, against 12 % for the estimate itself. This
/// route reads the same parameters with Hummingbird's parser, resolves the profile with the same
/// `ProfileInput`, and writes the same JSON document (`EstimateJSON`), which a test checks field by
/// field against the generated encoder for many profiles; Schemathesis checks it against the spec.
/// The operation is left out of generation (`filter` in openapi-generator-config.yaml); its
/// contract stays in `openapi.yaml`. As a route it runs behind every middleware, access and the
/// spec's limits included, like every other operation.
struct EstimateRoute: Sendable {
    let services: WebServices
    /// Made once: making a timer per request looks it up in the Prometheus registry under a lock.
    let latency = Timer(label: "ratecard_estimate_duration_seconds", preferredDisplayUnit: .seconds)

    func register(on router: RouterGroup<RateCardRequestContext>) {
        router.get("/v1/estimate") { request, _ in try await respond(to: request) }
    }

    func respond(to request: Request) async throws -> Response {
        // The generated operations refuse what `Accept` does not allow; so does this one.
        if let accept = request.headers[.accept], !AcceptHeader.allows("application/json", header: accept) {
            return ProblemDetails.notAcceptable(offered: ["application/json"], accept: accept).response
        }
        let (estimator, generation) = try await services.loaded()
        let today = services.today
        let cacheKey = EstimateCache.Key(generation: generation, day: today.dayNumber, query: request.uri.query ?? "")
        if let body = services.estimateCache.answer(for: cacheKey) { return Self.response(body) }
        var values: [Substring: Substring] = [:]
        for (key, value) in request.uri.queryParameters where values[key] == nil { values[key] = value }
        func text(_ name: Substring) -> String? { values[name].map(String.init) }
        let input = ProfileInput(
            country: text("country"),
            city: text("city"),
            businessCountry: text("business_country"),
            years: text("years"),
            level: text("level"),
            skills: ProfileInput.skillList(values["skills"]),
            role: text("role"),
            employment: text("employment"),
            currency: text("currency"),
            asOf: text("as_of")
        )
        do {
            let started = ContinuousClock.now
            let estimate = try estimator.estimate(input.resolve(tables: estimator.tables, today: today))
            latency.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            let body = ByteBuffer(bytes: EstimateJSON.encode(estimate))
            services.estimateCache.store(body, for: cacheKey)
            return Self.response(body)
        } catch {
            return ProblemDetails.from(error).response
        }
    }

    static func response(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }
}
