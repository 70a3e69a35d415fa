import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RateApp
import RateCore
import RateTestSupport
import Testing

@testable import RateWeb

#if canImport(Glibc)
import Glibc
#endif

/// Reproductions from the adversarial probe: each of these once got past a check or crashed the
/// process.
@Suite("HTTP hardening")
struct HardeningTests {
    static let backends = WriteAPITests.backends

    /// Spellings that Hummingbird's router resolves to the same handler as the canonical path.
    static func spellings(of path: String) -> [String] {
        let inner = path.dropFirst()
        var spellings = [
            path + "/",
            "/" + path,
            path.replacingOccurrences(of: "/v1/", with: "/%76%31/").replacingOccurrences(of: "/submit", with: "/%73ubmit"),
            path + "%2F",
            path + "/.",
            "/v1/../" + inner,
        ]
        if let firstSlash = inner.firstIndex(of: "/") {
            spellings.append("/" + inner[..<firstSlash] + "//" + inner[inner.index(after: firstSlash)...])
        }
        return spellings
    }

    @Test func canonicalPathsPassAndOtherSpellingsNameTheCanonicalOne() throws {
        for path in ["/", "/v1/imports", "/v1/reports/regions", "/openapi.yaml", "/v1/reports/null%2Cnull"] {
            #expect(CanonicalPathMiddleware<RateCardRequestContext>.problem(path: path) == nil, "\(path)")
        }
        // Empty segments are what the router collapses; the other spellings reach no route at all.
        for path in Self.spellings(of: "/v1/imports").filter({ $0.hasSuffix("/") || $0.contains("//") }) {
            let problem = try #require(CanonicalPathMiddleware<RateCardRequestContext>.problem(path: path), "\(path)")
            #expect(problem.status == 404)
        }
        let problem = try #require(CanonicalPathMiddleware<RateCardRequestContext>.problem(path: "/v1//imports/"))
        #expect(problem.detail?.contains("did you mean '/v1/imports'") == true)
    }

    /// The guard on each route comes from `RouteAccess`; the spec says which operations need a token
    /// and, in the summary, which scope. The two must agree, or a write would go unguarded.
    @Test func everySecuredOperationOfTheSpecIsGuardedWithTheScopeItsSummaryNames() {
        let operations = APIContract.bundled.operations
        #expect(operations.filter(\.isSecured).count == 5)
        for operation in operations {
            switch RouteAccess(operationID: operation.id) {
            case .token(let scope):
                #expect(operation.isSecured, "\(operation.id)")
                #expect(operation.summary.contains("needs a token with scope \"\(scope.rawValue)\""), "\(operation.id): \(operation.summary)")
            case .open, .selfReport:
                #expect(!operation.isSecured, "\(operation.id) is secured in the spec but open on the router")
            }
        }
        #expect(RouteAccess(operationID: "postObservation") == .selfReport)
    }

    @Test(arguments: backends) func everyProtectedOperationRefusesOtherSpellingsWithoutAToken(backend: String) async throws {
        let harness = try await WriteAPITests.harness(backend)
        let file = try Data(contentsOf: WriteAPITests.fixtures.appendingPathComponent("so2019_sample.csv"))
        let sourcesBefore = try await harness.services.app.store.sources().count
        let decisions = #"{"decision":"approve","ids":[1]}"#
        let operations: [(HTTPRequest.Method, String, String, ByteBuffer)] = [
            (.post, "/v1/imports", "?filename=x.csv", ByteBuffer(bytes: file)),
            (.get, "/v1/observations/pending", "", ByteBuffer()),
            (.post, "/v1/observations/decisions", "", ByteBuffer(string: decisions)),
            (.delete, "/v1/sources/1", "", ByteBuffer()),
        ]
        try await WriteAPITests.application(harness).test(.router) { client in
            // The spec declares no HEAD, and the token's guard is on the GET route: a HEAD reaches no
            // route at all, and says which method would.
            try await client.execute(uri: "/v1/observations/pending", method: .head) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            for (method, path, query, body) in operations {
                try await client.execute(uri: path + query, method: method, headers: [.contentType: "application/json"], body: body) { response in
                    #expect(response.status == .unauthorized, "\(method) \(path)")
                }
                for spelling in Self.spellings(of: path) {
                    try await client.execute(uri: spelling + query, method: method, headers: [.contentType: "application/json"], body: body) {
                        response in
                        // Refused before any handler: no such path (404), or still a write that needs
                        // a token (401), or over the limit of a non-import body (413). Never a 2xx.
                        #expect([401, 404, 413].contains(response.status.code), "\(method) \(spelling): \(response.status)")
                        if method != .head {
                            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(method) \(spelling)")
                        }
                    }
                }
            }
        }
        #expect(try await harness.services.app.store.sources().count == sourcesBefore)
        #expect(try await harness.services.app.store.selfReports(status: .pending, ids: nil, limit: 10).isEmpty)
    }

    @Test(arguments: backends) func theSelfReportLimitCannotBeSkippedWithATrailingSlash(backend: String) async throws {
        let harness = try await WriteAPITests.harness(backend)
        let settings = ServerSettings(maximumBodyBytes: 64 * 1024, selfReportsPerHour: 1)
        try await WriteAPITests.application(harness, settings: settings).test(.router) { client in
            let headers: HTTPFields = [.contentType: "application/json"]
            try await client.execute(uri: "/v1/observations", method: .post, headers: headers, body: ByteBuffer(string: WriteAPITests.report)) {
                response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/v1/observations", method: .post, headers: headers, body: ByteBuffer(string: WriteAPITests.report)) {
                response in
                #expect(response.status == .tooManyRequests)
            }
            for spelling in Self.spellings(of: "/v1/observations") + Self.spellings(of: "/submit") {
                try await client.execute(uri: spelling, method: .post, headers: headers, body: ByteBuffer(string: WriteAPITests.report)) { response in
                    #expect(response.status == .notFound, "\(spelling)")
                }
            }
        }
        #expect(try await harness.services.app.store.selfReports(status: .pending, ids: nil, limit: 10).count == 1)
    }

    /// A bad import can be removed, with a token that may import, and the same file imported again.
    @Test(arguments: backends) func aSourceIsDeletedOnlyWithTheImportScope(backend: String) async throws {
        let harness = try await WriteAPITests.harness(backend)
        let store = harness.services.app.store
        let sources = try await store.sources()
        let victim = try #require(sources.last)
        let version = try await store.dataVersion()
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(uri: "/v1/sources/\(victim.id)", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/sources/\(victim.id)", method: .delete, headers: [.authorization: "Bearer \(harness.moderateToken)"]) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/sources/\(victim.id)", method: .delete, headers: [.authorization: "Bearer \(harness.importToken)"]) {
                response in
                #expect(response.status == .ok)
                let deletedID = try WriteAPITests.json(response)["id"] as? Int
                #expect(deletedID == Int(victim.id))
            }
            try await client.execute(uri: "/v1/sources/\(victim.id)", method: .delete, headers: [.authorization: "Bearer \(harness.importToken)"]) {
                response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
        let remaining = try await store.sources().map(\.id)
        #expect(remaining == sources.dropLast().map(\.id))
        #expect(try await store.dataVersion() == version + 1)
        await harness.services.waitForRefit()
    }

    /// Behind a trusted proxy the client is the address the proxy appended (the last entry); what
    /// the client wrote to the left of it is its own invention.
    @Test(arguments: backends) func aTrustedProxysLastForwardedEntryIsTheClient(backend: String) async throws {
        let harness = try await WriteAPITests.harness(backend)
        let settings = ServerSettings(maximumBodyBytes: 64 * 1024, selfReportsPerHour: 1, trustForwardedFor: true)
        try await WriteAPITests.application(harness, settings: settings).test(.router) { client in
            for (index, spoofed) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"].enumerated() {
                let headers: HTTPFields = [.contentType: "application/json", .xForwardedFor: "\(spoofed), 198.51.100.7"]
                try await client.execute(uri: "/v1/observations", method: .post, headers: headers, body: ByteBuffer(string: WriteAPITests.report)) {
                    response in
                    #expect(response.status == (index == 0 ? .accepted : .tooManyRequests), "\(spoofed)")
                }
            }
        }
    }

    @Test(arguments: ["1e18", "-1", "0", "4001", "99.5"])
    func costRefusesHoursOutsideTheSpecWithAProblemThatSays400(hours: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            let body = #"{"country":"DE","years_experience":"6","hours_per_year":\#(hours)}"#
            try await client.execute(uri: "/v1/cost", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .badRequest)
                let problem = try WriteAPITests.json(response)
                #expect(problem["status"] as? Int == 400)
                #expect(problem["field"] as? String == "hours_per_year")
            }
            // The server is still there, and a sane value is answered.
            let sane = #"{"country":"DE","years_experience":"6","hours_per_year":1600}"#
            try await client.execute(uri: "/v1/cost", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: sane)) {
                response in
                #expect(response.status == .ok)
            }
        }
    }

    /// M2: a client that asks for CSV or HTML and sends a bad filter reads the 400 problem, not a 406.
    @Test(arguments: ["text/csv", "text/html", "text/csv;q=0.9, text/html;q=0.5"])
    func errorsAreProblemsWhateverTheAcceptHeader(accept: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(uri: "/v1/reports/regions?region=Mordor", method: .get, headers: [.accept: accept]) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try WriteAPITests.json(response)
                #expect(problem["status"] as? Int == 400)
                #expect((problem["detail"] as? String)?.contains("Mordor") == true)
            }
            // The accepted type still wins for a good request.
            try await client.execute(uri: "/v1/reports/regions", method: .get, headers: [.accept: accept]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(accept.hasPrefix("text/csv") ? "text/csv" : "text/html") == true)
            }
        }
    }

    /// An answer of a type `Accept` rules out is a 406 problem that names the types the operation
    /// answers with and the header as sent, on the plain estimate route as on the generated ones.
    @Test(arguments: [
        ("/v1/estimate?country=PL&years=6", "application/xml", "application/json"),
        ("/v1/estimate?country=PL&years=6", "application/json;q=0, text/html", "application/json"),
        ("/v1/reports/regions", "application/xml", "application/json or text/csv; charset=utf-8 or text/html; charset=utf-8"),
    ])
    func answersOfATypeTheClientRefusesAre406Problems(uri: String, accept: String, offered: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: [.accept: accept]) { response in
                #expect(response.status == .notAcceptable)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try WriteAPITests.json(response)
                #expect(problem["status"] as? Int == 406)
                #expect(
                    problem["detail"] as? String
                        == "this operation answers \(offered); the request's Accept, \"\(accept)\", allows none of them: send Accept: \(offered.prefix { $0 != " " }) (or */*)"
                )
            }
        }
    }

    /// Every operation can refuse an `Accept` that rules out its types, so the spec says so.
    @Test func everyOperationDocumentsItsNotAcceptableProblem() {
        #expect(APIContract.bundled.operations.count >= 18)
        for operation in APIContract.bundled.operations { #expect(operation.statuses.contains("406"), "\(operation.id)") }
    }

    @Test(arguments: ["application/json", "application/*", "*/*", "text/html, application/json;q=0.1", "APPLICATION/JSON; charset=utf-8", ""])
    func theEstimateAnswersWhatAcceptAllows(accept: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(uri: "/v1/estimate?country=PL&years=6", method: .get, headers: [.accept: accept]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    /// M3: what the generated layer cannot decode is a problem naming the field, in words, not Swift's decoding text.
    @Test(arguments: [
        ("GET", "/v1/reports/foo", "", "kind", "'foo' is not one of regions, experience, skills, sources, cities, rates, trends"),
        ("GET", "/v1/reports/regions?country=DE&by_country=maybe", "", "by_country", "'maybe' is not true or false"),
        ("POST", "/v1/cost", #"{"country":"DE","#, "body", "not valid JSON"),
        ("POST", "/v1/cost", #"{"years_experience":"6"}"#, "country", "is required"),
        ("POST", "/v1/cost", #"{"country":"DE","years_experience":"6","hours_per_year":"lots"}"#, "hours_per_year", "should be a number"),
        ("POST", "/v1/estimates", #"[{"country":5}]"#, "[0].country", "should be text"),
    ])
    func undecodableRequestsNameTheirField(method: String, uri: String, body: String, field: String, message: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            let headers: HTTPFields = body.isEmpty ? [:] : [.contentType: "application/json"]
            try await client.execute(
                uri: uri,
                method: method == "GET" ? .get : .post,
                headers: headers,
                body: body.isEmpty ? nil : ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                let problem = try WriteAPITests.json(response)
                #expect(problem["field"] as? String == field)
                let detail = problem["detail"] as? String ?? ""
                #expect(detail == "\(field): \(message)", "\(detail)")
                #expect(!detail.contains("DecodingError") && !detail.contains("Payload") && !detail.contains("Swift"))
            }
        }
    }

    /// M6: a report is built once per loaded model and question; every format is served from it,
    /// and a reload (a refit elsewhere, an upload) starts afresh.
    @Test func reportsAreBuiltOncePerModelAndQuestion() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            var answers: [NSDictionary] = []
            for accept in ["application/json", "text/csv", "application/json"] {
                try await client.execute(uri: "/v1/reports/skills", method: .get, headers: [.accept: accept]) { response in
                    #expect(response.status == .ok)
                    if accept == "application/json" { answers.append(try WriteAPITests.json(response) as NSDictionary) }
                }
            }
            #expect(answers.count == 2 && answers[0] == answers[1])
            #expect(harness.services.reportCache.count == 1)
            try await client.execute(uri: "/v1/reports/regions?period=annual", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/reports/regions?region=Mordor", method: .get) { #expect($0.status == .badRequest) }
            #expect(harness.services.reportCache.count == 2, "a refused question is not cached")
            try await harness.services.reload()
            #expect(harness.services.reportCache.count == 0)
        }
    }

    /// M6: when every slot for expensive work is taken and the line is full, a report or a batch
    /// is refused at once with 503, Retry-After and a problem, and the estimate is still served.
    @Test func expensiveRequestsBeyondTheLimitAreRefusedNotQueuedForEver() async throws {
        let base = try await WriteAPITests.harness("sqlite")
        let services = WebServices(
            app: base.services.app,
            clientKeySecret: "test",
            reportCacheEntries: 0,
            expensiveRequestLimit: 1,
            expensiveRequestQueue: 0
        )
        try await services.reload()
        let (held, release) = AsyncStream<Void>.makeStream()
        let holder = Task { try await services.expensiveWork.run { for await _ in held {} } }
        while services.expensiveWork.load.running == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let application = Application(router: try buildRouter(services: services))
        try await application.test(.router) { client in
            try await client.execute(uri: "/v1/reports/skills", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try WriteAPITests.json(response)
                #expect(problem["status"] as? Int == 503)
            }
            try await client.execute(
                uri: "/v1/estimates",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"[{"country":"US","years_experience":"5"}]"#)
            ) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/v1/estimate?country=US&years=5", method: .get) { #expect($0.status == .ok) }
            release.finish()
            try await holder.value
            try await client.execute(uri: "/v1/reports/skills", method: .get) { #expect($0.status == .ok) }
        }
        #expect(services.expensiveWork.load == (0, 0))
    }

    /// L6: an over-long URL gets 414, over-large headers 431, a wrong method 405 with Allow; each a
    /// problem that says what to do. A path no route has is still 404.
    @Test func oversizedHeadsAndWrongMethodsGetTheirOwnStatus() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            let long = "/v1/estimate?country=US&skills=" + String(repeating: "Go,", count: 3000)
            try await client.execute(uri: long, method: .get) { response in
                #expect(response.status == .uriTooLong)
                let problem = try WriteAPITests.json(response)
                #expect(problem["status"] as? Int == 414)
                #expect((problem["detail"] as? String)?.contains("the limit is 8192") == true)
            }
            try await client.execute(uri: "/v1/regions", method: .get, headers: [HTTPField.Name("X-Padding")!: String(repeating: "a", count: 20_000)])
            { response in
                #expect(response.status == .requestHeaderFieldsTooLarge)
                let detail = try WriteAPITests.json(response)["detail"] as? String ?? ""
                #expect(detail.contains("X-Padding"), "\(detail)")
            }
            for (method, uri, allow) in [
                (HTTPRequest.Method.delete, "/v1/estimate", "GET"), (.put, "/submit", "GET, POST"),
                (.get, "/v1/sources/5", "DELETE"), (.post, "/v1/reports/skills", "GET"),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
            }
            try await client.execute(uri: "/v1/nothing", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/reports/skills/extra", method: .get) { #expect($0.status == .notFound) }
        }
    }

    /// A body that is not a form once trapped in Foundation's URLComponents and killed the server
    /// (found by the route test below). Now it is a 400 page that says what to send.
    @Test(arguments: ["{}", "%zz=1", "country=%E0%A4%A", "[]=&&==", String(repeating: "{", count: 200)])
    func aSubmitBodyThatIsNotAFormIsRefusedNotACrash(body: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(
                uri: "/submit",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest, "\(body.prefix(20))")
                // Not a form at all, or a form without the fields a report needs: either way the page says what is wrong.
                let page = String(buffer: response.body)
                #expect(page.contains("the body is not a URL-encoded form") || page.contains("country:"), "\(body.prefix(20))")
            }
            try await client.execute(
                uri: "/submit",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "country=Poland&years=6&amount=18000&currency=PLN&period=month")
            ) { response in
                #expect(response.status == .accepted)
            }
        }
    }

    /// L3: whatever an error is about, its answer quotes at most a short prefix of what was sent,
    /// for query parameters, JSON bodies and forms alike.
    @Test func errorsQuoteAShortPrefixOfTheInputAtMost() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        // Each under its limit (an 8 KiB request target, the harness's 64 KiB body), so that the
        // request reaches validation, and far longer than any quote.
        let junk = String(repeating: "Z\u{1}", count: 1_500)
        let bigJunk = String(repeating: "Zq", count: 25_000)
        let json: [(uri: String, body: String)] = [
            ("/v1/estimates", #"[{"country":"\#(bigJunk)"}]"#),
            ("/v1/estimates", #"[{"country":"PL","skills":"\#(bigJunk)"}]"#),
            ("/v1/cost", #"{"country":"\#(bigJunk)","years_experience":"6"}"#),
            ("/v1/cost", #"{"country":"DE","years_experience":"\#(bigJunk)"}"#),
            ("/v1/observations", #"{"country":"PL","amount":"\#(bigJunk)","currency":"PLN","period":"month"}"#),
        ]
        try await WriteAPITests.application(harness).test(.router) { client in
            for query in ["country=\(junk)", "country=PL&years=\(junk)", "country=PL&currency=\(junk)"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "=&"))) ?? query
                try await client.execute(uri: "/v1/estimate?" + encoded, method: .get) { response in
                    #expect(response.status == .badRequest, "\(query.prefix(20))")
                    #expect(response.body.readableBytes < 2_048, "\(query.prefix(20)): \(response.body.readableBytes) bytes")
                }
            }
            for request in json {
                try await client.execute(
                    uri: request.uri,
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: request.body)
                ) { response in
                    // A batch answers 200 with the bad row's error inside; everything else is a 400 problem.
                    #expect(
                        response.status == .badRequest || (request.uri == "/v1/estimates" && response.status == .ok),
                        "\(request.uri) → \(response.status)"
                    )
                    #expect(response.body.readableBytes < 4_096, "\(request.uri) \(request.body.prefix(30)): \(response.body.readableBytes) bytes")
                }
            }
            try await client.execute(
                uri: "/submit",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "country=PL&years=6&amount=\(bigJunk)&currency=PLN&period=month")
            ) { response in
                #expect(response.status == .badRequest)
                // The form's fields have the API's limits: the page names the field and quotes a
                // prefix, and does not render the 50 KB value back into the form.
                let page = String(buffer: response.body)
                #expect(page.contains("amount: 50,000 characters is too long; at most 20"))
                // What was typed within its limits stays in the form.
                #expect(page.contains(#"name="currency" type="text" value="PLN""#), "the currency typed is kept")
                #expect(response.body.readableBytes < 24 * 1024, "\(response.body.readableBytes) bytes")
            }
        }
    }

    /// The 405 table is built from the spec and `pageRoutes`: every route in it must answer its method.
    /// (`/hello` is there only with `--benchmark-route`; `theBenchmarkRouteIsOffUnlessAskedFor` covers it.)
    @Test func everyRouteOfTheMethodTableAnswers() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        let routes = APIContract.bundled.routes + pageRoutes(benchmarkRoute: false)
        #expect(routes.count > 20)
        try await WriteAPITests.application(harness).test(.router) { client in
            for (method, path) in routes {
                let uri = path.replacingOccurrences(of: "{kind}", with: "skills").replacingOccurrences(of: "{id}", with: "1")
                try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) {
                    response in
                    #expect(response.status != .notFound && response.status != .methodNotAllowed, "\(method) \(uri): \(response.status)")
                }
            }
        }
    }

    /// L3 at the edge: whatever error a problem came from, its detail and value are bounded.
    @Test func aProblemBoundsWhatItQuotes() throws {
        let huge = String(repeating: "\u{0}Zq", count: 100_000)
        let problem = ProblemDetails(
            status: 400,
            title: "Bad Request",
            detail: "field: '\(huge)' is not a country; use an ISO code",
            field: huge,
            value: huge
        )
        #expect((problem.detail ?? "").count < 200)
        #expect(problem.detail?.hasSuffix("is not a country; use an ISO code") == true)
        #expect((problem.value ?? "").count < 260 && (problem.field ?? "").count < 180)
        #expect(!(problem.detail ?? "").contains("\u{0}"))
        // Without a value to find, a long detail is still cut.
        #expect((ProblemDetails(status: 400, title: "Bad Request", detail: huge).detail ?? "").count < 1_100)
    }

    /// M1, for every operation of the spec: each kind of bad input the spec lets a client send
    /// (an unknown path value, a malformed or empty JSON body, a query value of the wrong type or
    /// over its length) is answered with a problem whose `status` is the response's own, and
    /// never with a 5xx. Operations behind a token are tried with one that has their scope.
    @Test func everyOperationsErrorsAreProblemsThatCarryTheirOwnStatus() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        var requests: [(method: HTTPRequest.Method, uri: String, body: String?)] = []
        for operation in APIContract.bundled.operations {
            let path = operation.path.replacingOccurrences(of: "{kind}", with: "zzz").replacingOccurrences(of: "{id}", with: "zzz")
            requests.append((operation.method, path, nil))
            if operation.body != .unbounded || [.post, .put].contains(operation.method) {
                for body in ["{", "", "[]", "{}", "null", #"{"country":"#] { requests.append((operation.method, path, body)) }
            }
            let plainPath = operation.path.replacingOccurrences(of: "{kind}", with: "skills").replacingOccurrences(of: "{id}", with: "1")
            for parameter in operation.parameters where parameter.location == .query {
                var values = ["%00", "%E0%A4%A"]
                if ["integer", "number", "boolean"].contains(parameter.type) { values.append("abc") }
                if case let .string(_, maxLength?) = parameter.bounds { values.append(String(repeating: "x", count: maxLength + 1)) }
                for value in values { requests.append((operation.method, "\(plainPath)?\(parameter.name)=\(value)", nil)) }
            }
        }
        #expect(requests.count > 100)
        let badRequests = requests
        try await WriteAPITests.application(harness).test(.router) { client in
            var refused = 0
            for request in badRequests {
                var answered: (status: HTTPResponse.Status, problem: [String: Any], type: String?)?
                for token in [harness.importToken, harness.moderateToken] {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                    if request.body != nil { headers[.contentType] = "application/json" }
                    try await client.execute(
                        uri: request.uri,
                        method: request.method,
                        headers: headers,
                        body: request.body.map { ByteBuffer(string: $0) }
                    ) { response in
                        answered = (response.status, (try? WriteAPITests.json(response)) ?? [:], response.headers[.contentType])
                    }
                    if let answered, answered.status != .forbidden { break }
                }
                guard let (status, problem, type) = answered else { continue }
                let label = "\(request.method) \(request.uri.prefix(60)) \(request.body ?? "")"
                #expect(status.code < 500, "\(label) → \(status)")
                if status.code >= 400 {
                    refused += 1
                    #expect(type?.hasPrefix("application/problem+json") == true, "\(label) → \(status) as \(type ?? "no type")")
                    #expect(problem["status"] as? Int == status.code, "\(label) → \(status), body says \(problem["status"] ?? "nothing")")
                }
            }
            // Nearly all of them are bad; a few (an empty optional value) are legitimately answered.
            #expect(refused > badRequests.count * 3 / 4, "\(refused) of \(badRequests.count) refused")
        }
    }

    /// `/hello`, the load benchmark's constant peer, is not part of a production server.
    @Test func theBenchmarkRouteIsOffUnlessAskedFor() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        for enabled in [false, true] {
            var settings = ServerSettings(maximumBodyBytes: 64 * 1024, maximumImportBytes: 256 * 1024)
            settings.benchmarkRoute = enabled
            try await WriteAPITests.application(harness, settings: settings).test(.router) { client in
                try await client.execute(uri: "/hello", method: .get) { response in
                    #expect(response.status == (enabled ? .ok : .notFound))
                }
            }
        }
    }

    /// The generator's filter names every operation of the spec but `getEstimate` (a plain route),
    /// so an operation added to the spec is generated unless it is left out on purpose.
    @Test func theGeneratorFilterLeavesOutOnlyTheEstimateRoute() throws {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RateWeb/openapi-generator-config.yaml")
        var filtered: Set<String> = []
        var inOperations = false
        for line in try String(contentsOf: config, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix(":") {
                inOperations = text == "operations:"
                continue
            }
            if inOperations, text.hasPrefix("- ") { filtered.insert(String(text.dropFirst(2))) }
        }
        let inSpec = Set(APIContract.bundled.operations.map(\.id))
        #expect(inSpec.count > 10)
        #expect(inSpec.subtracting(filtered) == ["getEstimate"])
        #expect(filtered.subtracting(inSpec).isEmpty, "the filter names operations the spec does not have")
    }

    /// L1: the spec's lengths, item counts and ranges are enforced on parameters and JSON bodies
    /// alike, before any handler (the plain estimate route included), naming the field.
    static let longSkills = String(repeating: "a", count: 401)
    static let manyProfiles = "[" + Array(repeating: #"{"country":"US"}"#, count: 10_001).joined(separator: ",") + "]"
    static let longBatchSkills = #"[{"country":"US"},{"country":"US","skills":""# + String(repeating: "Go,", count: 150) + #""}]"#
    static let manySkills =
        #"{"country":"PL","years":"6","amount":"1","currency":"PLN","period":"month","skills":["#
        + Array(repeating: #""Go""#, count: 31).joined(separator: ",") + "]}"
    static let limitCases: [(String, String, String, String, String)] = [
        ("GET", "/v1/estimate?country=US&skills=" + longSkills, "", "skills", "401 characters is too long; at most 400"),
        ("GET", "/v1/estimate?country=" + String(repeating: "x", count: 81), "", "country", "81 characters is too long; at most 80"),
        ("GET", "/v1/estimate?country=", "", "country", "must have at least 1 character"),
        ("GET", "/v1/reports/regions?currency=EURO", "", "currency", "4 characters is too long; at most 3"),
        ("GET", "/v1/observations/pending?limit=0", "", "limit", "0 is below the minimum 1"),
        ("GET", "/v1/observations/pending?limit=1001", "", "limit", "1001 is above the maximum 1000"),
        ("POST", "/v1/estimates", manyProfiles, "body", "10,001 items is too many; at most 10,000"),
        ("POST", "/v1/estimates", longBatchSkills, "[1].skills", "450 characters is too long; at most 400"),
        ("POST", "/v1/observations", manySkills, "skills", "31 items is too many; at most 30"),
        ("POST", "/v1/observations/decisions", #"{"ids":[],"decision":"approve"}"#, "ids", "needs at least 1 item"),
        ("POST", "/v1/cost", #"{"country":"DE","hours_per_year":5000}"#, "hours_per_year", "5000 is above the maximum 4000"),
    ]

    @Test(arguments: limitCases)
    func theSpecsLimitsAreEnforced(method: String, uri: String, body: String, field: String, message: String) async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        // The server's default body limit: 10,001 profiles fit in it, and the item limit refuses them.
        let settings = ServerSettings(maximumBodyBytes: 2 * 1024 * 1024, maximumImportBytes: 2 * 1024 * 1024)
        try await WriteAPITests.application(harness, settings: settings).test(.router) { client in
            // A token where one is needed: without it a protected route answers 401 before any limit.
            var headers: HTTPFields = [.authorization: "Bearer \(harness.moderateToken)"]
            if !body.isEmpty { headers[.contentType] = "application/json" }
            try await client.execute(
                uri: uri,
                method: method == "GET" ? .get : .post,
                headers: headers,
                body: body.isEmpty ? nil : ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest, "\(uri.prefix(60))")
                let problem = try WriteAPITests.json(response)
                #expect(problem["field"] as? String == field)
                #expect(problem["detail"] as? String == "\(field): \(message)")
            }
        }
    }

    /// Schemathesis found two: a limit the server enforces must be a 400 the spec documents.
    @Test func everyOperationWithLimitsDocumentsItsBadRequest() {
        let bounded = APIContract.bundled.operations.filter(\.isBounded)
        #expect(bounded.count >= 8)
        for operation in bounded { #expect(operation.statuses.contains("400"), "\(operation.id)") }
    }

    /// A protected route answers 401 without a token, whatever its parameters.
    @Test func tokensAreCheckedBeforeLimits() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        try await WriteAPITests.application(harness).test(.router) { client in
            try await client.execute(uri: "/v1/observations/pending?limit=1001", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/sources/0", method: .delete) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func schemaBoundsFollowReferencesAndLeaveTypesAlone() throws {
        let bounds = SchemaBounds(
            schema: ["$ref": "#/components/schemas/P"],
            components: [
                "P": [
                    "type": "object",
                    "properties": [
                        "name": ["type": "string", "maxLength": 3], "tags": ["type": "array", "maxItems": 1, "items": ["type": "string"]],
                    ],
                ]
            ]
        )
        #expect(bounds.violation(of: ["name": "abcd"], at: "")?.field == "name")
        #expect(bounds.violation(of: ["tags": ["a", "b"]], at: "")?.message == "2 items is too many; at most 1")
        #expect(bounds.violation(of: ["name": 12345], at: "") == nil, "a wrong type is the generated layer's to name")
        #expect(bounds.violation(of: ["name": "abc", "tags": ["a"]], at: "") == nil)
    }

    @Test func everyParameterOfTheSpecIsKnownToTheErrorMapping() throws {
        let spec = try String(
            contentsOf: WriteAPITests.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/RateWeb/openapi.yaml"),
            encoding: .utf8
        )
        let declared = spec.components(separatedBy: "\n").filter { $0.contains("in: query") || $0.contains("in: path") }.count
        #expect(declared > 20)
        #expect(APIContract.bundled.parameters.values.reduce(0) { $0 + $1.count } == declared)
        #expect(APIContract.bundled.parameters["getReport"]?.first { $0.name == "kind" }?.allowed.count == 7)
    }

    /// H3: a newer ECB table is uploaded with the import scope, checked, stored, and used at once.
    @Test(arguments: backends) func anUploadedECBTableIsUsedAtOnceAndAnOlderOneIsRefused(backend: String) async throws {
        let afterTheTable = Date(timeIntervalSince1970: 1_799_000_000)  // 2027-01-03
        let harness = try await WriteAPITests.harness(backend, now: { afterTheTable })
        let sample = try String(contentsOf: WriteAPITests.fixtures.appendingPathComponent("eurofxref_hist_sample.csv"), encoding: .utf8)
        // The newest day moved to 2027-01-02, with another dollar rate: a table that reaches further.
        let newer = sample.replacingOccurrences(of: "\n2026-10-30,1.1172,", with: "\n2027-01-02,1.2500,")
        @Sendable func estimateRateDate(_ client: some TestClientProtocol) async throws -> String? {
            try await client.execute(uri: "/v1/estimate?country=DE&years=6&currency=EUR", method: .get) { response in
                #expect(response.status == .ok)
                return try WriteAPITests.json(response)["exchange_rate_date"] as? String
            }
        }
        try await WriteAPITests.application(harness).test(.router) { client in
            let before = try await estimateRateDate(client)
            #expect(before == "2026-10-30")
            try await client.execute(
                uri: "/v1/exchange-rates",
                method: .post,
                headers: [.contentType: "application/octet-stream"],
                body: ByteBuffer(string: newer)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/exchange-rates",
                method: .post,
                headers: WriteAPITests.bearer(harness.moderateToken),
                body: ByteBuffer(string: newer)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/v1/exchange-rates",
                method: .post,
                headers: WriteAPITests.bearer(harness.importToken),
                body: ByteBuffer(string: newer)
            ) { response in
                #expect(response.status == .ok)
                let table = try WriteAPITests.json(response)
                #expect(table["origin"] as? String == "imported" && table["last_date"] as? String == "2027-01-02")
                #expect(table["days_past_end"] as? Int == 1)
            }
            let after = try await estimateRateDate(client)
            #expect(after == "2027-01-02")
            // The bundled-length table ends before the one now in use: refused, nothing changes.
            try await client.execute(
                uri: "/v1/exchange-rates",
                method: .post,
                headers: WriteAPITests.bearer(harness.importToken),
                body: ByteBuffer(string: sample)
            ) { response in
                #expect(response.status == .conflict)
                let detail = try WriteAPITests.json(response)["detail"] as? String ?? ""
                #expect(detail.contains("before those in use (to 2027-01-02)"), "\(detail)")
            }
            let broken = newer.replacingOccurrences(of: "\n2026-10-29,", with: "\n2026-10-29x,")
            try await client.execute(
                uri: "/v1/exchange-rates",
                method: .post,
                headers: WriteAPITests.bearer(harness.importToken),
                body: ByteBuffer(string: broken)
            ) { response in
                #expect(response.status == .badRequest)
                let detail = try WriteAPITests.json(response)["detail"] as? String ?? ""
                #expect(detail.contains("line 3, column Date: '2026-10-29x' is not a date"), "\(detail)")
                // The server's temporary path is not shown.
                #expect(!detail.contains("ratecard-upload"))
            }
            try await client.execute(uri: "/v1/exchange-rates", method: .get) { response in
                let table = try WriteAPITests.json(response)
                #expect(table["last_date"] as? String == "2027-01-02")
            }
        }
    }

    /// Servers sharing a database: an ECB table uploaded through one is put in use by the other at
    /// its next poll, without a restart.
    @Test func anotherServerOnTheSameDatabasePicksUpAnUploadedTable() async throws {
        let database = TemporaryFiles.path("rates")
        let configuration = AppConfiguration(databaseLocation: database)
        let first = WebServices(app: try await RateCardApp.build(configuration: configuration), clientKeySecret: "a")
        let second = WebServices(app: try await RateCardApp.build(configuration: configuration), clientKeySecret: "b")
        #expect(try await second.useNewerStoredExchangeRates() == false)
        let sample = try String(contentsOf: WriteAPITests.fixtures.appendingPathComponent("eurofxref_hist_sample.csv"), encoding: .utf8)
        let newer = URL(fileURLWithPath: TemporaryFiles.path("ecb", suffix: ".csv"))
        try sample.replacingOccurrences(of: "\n2026-10-30,", with: "\n2027-01-02,").write(to: newer, atomically: true, encoding: .utf8)
        let table = try await first.app.rates.importTable(path: newer.path).table
        try await first.use(exchangeRates: table)
        #expect(second.app.tables.exchangeRates.lastDate == CalendarDate(iso: "2026-10-30"))
        #expect(try await second.useNewerStoredExchangeRates())
        #expect(second.app.tables.exchangeRates.lastDate == CalendarDate(iso: "2027-01-02"))
        // Nothing changed since: the next poll does not read the table again.
        #expect(try await second.useNewerStoredExchangeRates() == false)
        #expect(try await first.useNewerStoredExchangeRates() == false)
    }

    /// The bundled ECB table ends on 2026-10-30. After it, self-reports in other currencies and
    /// estimates in them are answered with its newest rate, which the estimate names.
    @Test func afterTheExchangeRateTableEndsNonUSDRequestsStillWork() async throws {
        let afterTheTable = Date(timeIntervalSince1970: 1_799_000_000)  // 2027-01-03
        let harness = try await WriteAPITests.harness("sqlite", now: { afterTheTable })
        try await WriteAPITests.application(harness).test(.router) { client in
            let report = #"{"country":"PL","years":"6","skills":["Go"],"amount":"18000","currency":"PLN","period":"month"}"#
            try await client.execute(
                uri: "/v1/observations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: report)
            ) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/v1/estimate?country=PL&years=6&currency=PLN", method: .get) { response in
                #expect(response.status == .ok)
                let body = try WriteAPITests.json(response)
                #expect(body["exchange_rate_date"] as? String == "2026-10-30")
                let notes = body["notes"] as? [String] ?? []
                #expect(notes.contains { $0.contains("newest in RateCard's ECB table") })
            }
        }
    }
}

/// Over a real socket: a client that starts a request and never finishes its headers is closed
/// after the idle timeout instead of holding the connection for ever.
@Suite("HTTP connection timeouts")
struct ConnectionTimeoutTests {
    /// M8: a body framed wrongly or cut short is the client's error (400), not the server's (500).
    @Test func malformedAndShortBodiesAreBadRequests() async throws {
        let harness = try await WriteAPITests.harness("sqlite")
        let settings = ServerSettings(maximumBodyBytes: 64 * 1024, maximumImportBytes: 256 * 1024)
        let app = Application(
            router: try buildRouter(services: harness.services, settings: settings),
            server: httpServer(settings: settings),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let head = "Host: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
            let upload =
                "Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nConnection: close\r\nAuthorization: Bearer \(harness.importToken)\r\n"
            let requests = [
                "POST /v1/cost HTTP/1.1\r\n\(head)Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /v1/cost HTTP/1.1\r\n\(head)Content-Length: 100\r\n\r\n{\"country\":\"DE\"",
                "POST /v1/imports?filename=x.csv HTTP/1.1\r\n\(upload)Transfer-Encoding: chunked\r\n\r\n5\r\na,b\nc\r\nzz\r\n",
                "POST /v1/exchange-rates HTTP/1.1\r\n\(upload)Content-Length: 5000\r\n\r\nDate,USD,\n",
            ]
            for request in requests {
                let answer = try PartialRequest.request(port: port, bytes: request, waitAtMost: 10, halfClose: true)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(request.prefix(60)) → \(answer.prefix(200))")
                #expect(answer.contains("Malformed request body"))
            }
        }
        #expect(try await harness.services.app.store.sources().count == 2)
    }

    @Test func aClientThatNeverFinishesItsHeadersIsClosed() async throws {
        let settings = ServerSettings(idleTimeout: .seconds(1))
        let router = Router(context: RateCardRequestContext.self)
        router.get("/ping") { _, _ in "pong" }
        let app = Application(router: router, server: httpServer(settings: settings), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let started = ContinuousClock.now
            let closed = try PartialRequest.sendAndWaitForClose(port: port, bytes: "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:", waitAtMost: 10)
            #expect(closed, "the server kept the half-sent request open for 10 s")
            #expect(ContinuousClock.now - started < .seconds(8))
            // A complete request on a fresh connection is still answered. (The test client's own
            // connection sat idle meanwhile, and was closed by the same rule.)
            let answer = try PartialRequest.request(
                port: port,
                bytes: "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                waitAtMost: 10
            )
            #expect(answer.hasPrefix("HTTP/1.1 200") && answer.hasSuffix("pong"))
        }
    }
}

/// A blocking POSIX socket for sending bytes a test HTTP client would never send.
enum PartialRequest {
    /// Connects to 127.0.0.1:`port`, sends `bytes`, and waits until the server closes (true) or
    /// `waitAtMost` seconds pass (false).
    static func sendAndWaitForClose(port: Int, bytes: String, waitAtMost seconds: Int) throws -> Bool {
        try exchange(port: port, bytes: bytes, waitAtMost: seconds).closed
    }

    /// Sends `bytes` and returns everything received until the server closes.
    /// - Parameter halfClose: stop sending after `bytes`, as a client that dies mid-body does.
    static func request(port: Int, bytes: String, waitAtMost seconds: Int, halfClose: Bool = false) throws -> String {
        String(decoding: try exchange(port: port, bytes: bytes, waitAtMost: seconds, halfClose: halfClose).received, as: UTF8.self)
    }

    static func exchange(port: Int, bytes: String, waitAtMost seconds: Int, halfClose: Bool = false) throws -> (closed: Bool, received: [UInt8]) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXFailure(call: "socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXFailure(call: "connect") }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withCString { Glibc.send(socket, $0, strlen($0), 0) }
        if halfClose { shutdown(socket, Int32(SHUT_WR)) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        var all: [UInt8] = []
        while true {
            let received = recv(socket, &buffer, buffer.count, 0)
            if received == 0 { return (true, all) }  // orderly close by the server
            if received < 0 { return (errno != EAGAIN && errno != EWOULDBLOCK, all) }  // reset counts as closed; a timeout does not
            all += buffer[0..<received]
        }
    }

    struct POSIXFailure: Error { var call: String }
}
