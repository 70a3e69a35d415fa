import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RateApp
import RateCore
import RateStore
import RateStorePostgres
import RateStoreSQLite
import RateStoreTestSupport
import RateTestSupport
import Testing

@testable import RateWeb

/// The HTTP API and pages through the router, without a socket, on a small store of real fixture rows.
@Suite("HTTP API and pages", .serialized)
struct RouterTests {
    /// Every backend here: SQLite in memory, and PostgreSQL when `RATECARD_TEST_POSTGRES` is set.
    static let backends = ["sqlite"] + (PostgresTestServer.isAvailable ? ["postgres"] : [])

    /// Shows in the test report when the PostgreSQL cases above were left out (skipped, with why),
    /// rather than leaving them silently absent.
    @Test(
        "API and page tests on PostgreSQL",
        .tags(.postgres),
        .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: the HTTP API and page tests ran on SQLite only")
    )
    func postgresCasesRun() {
        #expect(Self.backends == ["sqlite", "postgres"])
    }

    static let services = Task { try await makeServices(app: try await makeApp(backend: "sqlite")) }
    static let postgresServices = Task { try await makeServices(app: try await makeApp(backend: "postgres")) }

    static func services(_ backend: String) async throws -> WebServices {
        backend == "postgres" ? try await postgresServices.value : try await services.value
    }

    /// The composition root on a store opened here and injected, with the fixture rows imported.
    static func makeApp(backend: String) async throws -> RateCardApp {
        let store: any RateStore = backend == "postgres" ? try await PostgresTestServer.freshStore() : try SQLiteStore(path: ":memory:")
        let app = try await RateCardApp.build(
            store: store,
            configuration: AppConfiguration(databaseLocation: backend),
            now: { Date(timeIntervalSince1970: 1_782_777_600) }
        )
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RateTestSupport/Fixtures")
        for name in ["oews_sample.csv", "so2016_extract_sample.csv", "dou_harmonised_sample.csv", "so2019_sample.csv"] {
            _ = try await app.importer.importFile(path: fixtures.appendingPathComponent(name).path, options: ImportOptions())
        }
        return app
    }

    static func makeServices(app: RateCardApp) async throws -> WebServices {
        let services = WebServices(app: app)
        try await services.reload()
        return services
    }

    static func application(_ backend: String, maximumBody: Int = 64 * 1024) async throws -> some ApplicationProtocol {
        Application(router: try buildRouter(services: try await services(backend), settings: ServerSettings(maximumBodyBytes: maximumBody)))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    /// Through the application `serve` runs (`buildWebApplication`, with its service group), on an
    /// injected store. When the group shuts down, the PostgreSQL pool closes after the requests.
    @Test(arguments: backends) func servesThroughTheApplicationThatServeRuns(backend: String) async throws {
        let app = try await Self.makeApp(backend: backend)
        #expect(app.storeServices.count == (backend == "postgres" ? 1 : 0))
        let web = try await buildWebApplication(app: app, settings: ServerSettings(port: 0))
        try await web.test(.router) { client in
            try await client.execute(uri: "/v1/estimate?country=US&years=5&skills=Java", method: .get) { response in
                #expect(response.status == .ok)
                let sampleSize = try Self.json(response)["sample_size"] as? Int
                #expect((sampleSize ?? 0) > 0)
            }
            try await client.execute(uri: "/data", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<table>"))
            }
        }
        if backend == "postgres" {
            await #expect(throws: (any Error).self, "the pool is closed once the service group has shut down") {
                _ = try await app.store.isEmpty()
            }
        } else {
            #expect(try await app.store.isEmpty() == false)
        }
    }

    /// `ratecard serve`'s own group (`webServiceGroup`) on PostgreSQL: the group runs the pool,
    /// which serves migrations and the first load before the server listens, and stops it after
    /// the server at graceful shutdown.
    @Test(
        .tags(.postgres),
        .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: serve's service group was not run on PostgreSQL")
    )
    func serveRunsThePostgreSQLPoolInItsServiceGroup() async throws {
        let url = try await PostgresTestServer.freshDatabaseURL()
        let seeding = try PostgresStore(url: url)
        let seeded = try await RateCardApp.build(store: seeding, configuration: AppConfiguration(databaseLocation: url))
        _ = try await seeded.importer.importFile(path: Fixtures.path("so2016_extract_sample.csv"), options: ImportOptions())
        await seeding.closeAndWait()

        let store = try RateCardApp.openStore(url, poolRunsInServiceGroup: true)
        #expect(RateCardApp.poolServices(of: store).count == 1)
        let port = try LocalHTTP.freePort()
        let group = webServiceGroup(
            store: store,
            configuration: AppConfiguration(databaseLocation: url),
            settings: ServerSettings(port: port),
            logger: Logger(label: "serve-group-test"),
            gracefulShutdownSignals: []
        )
        let running = Task { try await group.run() }
        let ready = await LocalHTTP.eventually(120) { (try? await LocalHTTP.request("http://127.0.0.1:\(port)/ready"))?.status == 200 }
        #expect(ready, "the server opened RateCard on the group's pool and listens")
        let estimate = try await LocalHTTP.request("http://127.0.0.1:\(port)/v1/estimate?country=US&years=5")
        #expect(estimate.status == 200 && (estimate.json["sample_size"] as? Int ?? 0) > 0)
        await group.triggerGracefulShutdown()
        try await running.value
        await #expect(throws: (any Error).self, "the group stopped the pool after the server") {
            _ = try await store.isEmpty()
        }
    }

    @Test(arguments: backends) func estimateAnswersWithEvidence(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/estimate?country=US&years=5&skills=Java&currency=EUR", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                let hourly = try #require(body["hourly"] as? [String: Double])
                #expect(hourly["p10"]! <= hourly["p50"]! && hourly["p50"]! <= hourly["p90"]!)
                #expect(body["currency"] as? String == "EUR")
                #expect((body["factors"] as? [[String: Any]])?.isEmpty == false)
                #expect(body["fallback_level"] != nil && body["sample_size"] != nil)
            }
        }
    }

    @Test(
        arguments: backends,
        [
            ("/v1/estimate?country=Atlantis&years=5", "country"),
            ("/v1/estimate?country=PL&years=-1", "years"),
            ("/v1/estimate?country=PL&years=5&currency=XYZ", "currency"),
            ("/v1/estimate?country=PL", "years"),
        ]
    )
    func badProfilesGetAProblemNamingTheField(backend: String, example: (uri: String, field: String)) async throws {
        let (uri, field) = example
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let fieldValue = try Self.json(response)["field"] as? String
                #expect(fieldValue == field)
            }
        }
    }

    @Test(arguments: backends) func missingRequiredParameterIsABadRequest(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/estimate?years=5", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            try await client.execute(uri: "/v1/reports/planets", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(arguments: backends) func batchRunsEveryItem(backend: String) async throws {
        let body = #"[{"id":"a","country":"US","years_experience":"5"},{"id":"b","country":"Narnia","years_experience":"5"}]"#
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/estimates", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            { response in
                #expect(response.status == .ok)
                let items = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(items?.count == 2)
                #expect(items?[0]["hourly"] != nil)
                #expect((items?[1]["error"] as? String)?.contains("field country") == true)
            }
        }
    }

    @Test(arguments: backends) func oversizedBodiesGet413(backend: String) async throws {
        let big = ByteBuffer(string: "[" + String(repeating: #"{"country":"US","years_experience":"5"},"#, count: 3000) + "{}]")
        try await Self.application(backend, maximumBody: 16 * 1024).test(.router) { client in
            try await client.execute(uri: "/v1/estimates", method: .post, headers: [.contentType: "application/json"], body: big) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test(arguments: backends) func reportsInJSONCSVAndHTML(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/reports/regions", method: .get) { response in
                #expect(response.status == .ok)
                let kindValue = try Self.json(response)["kind"] as? String
                #expect(kindValue == "regions")
            }
            try await client.execute(uri: "/v1/reports/regions", method: .get, headers: [.accept: "text/csv"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).hasPrefix("region,p25_p75,"))
            }
            try await client.execute(uri: "/v1/reports/regions", method: .get, headers: [.accept: "text/html"]) { response in
                // A fragment has no <meta charset>: without it in the header, browsers read UTF-8 as Windows-1252.
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("<svg"))
            }
            try await client.execute(uri: "/v1/reports/experience?region=atlantis", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(arguments: backends) func costComparesTheThreeWaysToHire(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            // `years` is the field's name across the API; `years_experience`, its former name, is still read.
            var answers: [NSDictionary] = []
            for body in [#"{"country":"DE","years":"6"}"#, #"{"country":"DE","years_experience":"6"}"#] {
                try await client.execute(uri: "/v1/cost", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                {
                    response in
                    #expect(response.status == .ok, "\(body)")
                    // Compared as JSON: the encoder's key order is not fixed from one answer to the next.
                    answers.append(NSDictionary(dictionary: try Self.json(response)))
                }
            }
            #expect(answers.count == 2 && answers[0] == answers[1] && answers[0]["kind"] as? String == "cost")
            let disagreeing: [(String, String, String)] = [
                ("/v1/cost", #"{"country":"DE","years":"6","years_experience":"9"}"#, "years"),
                ("/v1/estimates", #"[{"country":"DE","years":"6","years_experience":"9"}]"#, ""),
                (
                    "/v1/cost/team",
                    #"{"members":[{"count":1,"role":"backend","years":"6","years_experience":"9"}],"scenarios":[{"country":"DE","employment":"employee"}]}"#,
                    "members[0].years"
                ),
            ]
            for (uri, body, field) in disagreeing {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) {
                    response in
                    if field.isEmpty {
                        // A batch answers every row: the bad one carries its error.
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("field years: years '6' and years_experience '9'"))
                    } else {
                        #expect(response.status == .badRequest, "\(uri)")
                        let problemField = try Self.json(response)["field"] as? String
                        #expect(problemField == field, "\(uri)")
                    }
                }
            }
            try await client.execute(
                uri: "/v1/cost",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"country":"DE","years_experience":"6"}"#)
            ) { response in
                #expect(response.status == .ok)
                let kindValue = try Self.json(response)["kind"] as? String
                #expect(kindValue == "cost")
            }
            try await client.execute(
                uri: "/v1/cost",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"country":"Narnia"}"#)
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(arguments: backends) func theRatesReportAnswersForAgenciesAndFreelancers(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/reports/rates?employment=agency&by_country=true", method: .get) { response in
                #expect(response.status == .ok)
                let title = try Self.json(response)["title"] as? String
                #expect(title == "Agency rates from listings")
            }
            try await client.execute(uri: "/v1/reports/rates?employment=freelancer", method: .get, headers: [.accept: "text/csv"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("group,p25_p75,p25_hourly,p50_hourly"))
            }
            try await client.execute(uri: "/v1/reports/rates", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(arguments: backends) func theTrendsReportGivesMediansByWaveInEveryFormat(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            // The fixtures hold two Stack Overflow waves (2016 and 2019) and DOU waves.
            try await client.execute(uri: "/v1/reports/trends", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["kind"] as? String == "trends")
                #expect(body["title"] as? String == "Median pay over time: the world")
                let sections = try #require(body["sections"] as? [[String: Any]])
                let table = try #require(sections.first?["table"] as? [String: Any])
                let rows = try #require(table["rows"] as? [[[String: Any]]])
                #expect(rows.contains { ($0.first?["text"] as? String) == "stackoverflow" })
            }
            try await client.execute(uri: "/v1/reports/trends?region=eastern-europe", method: .get, headers: [.accept: "text/csv"]) { response in
                #expect(response.status == .ok)
                // A region is in USD only: no local column.
                #expect(
                    String(buffer: response.body).hasPrefix("source,wave,n,median_annual_usd\n")
                        || String(buffer: response.body).hasPrefix("source,wave,n,median_annual_usd\r\n")
                )
            }
            try await client.execute(uri: "/v1/reports/trends", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(String(buffer: response.body).contains("<svg"))
            }
            try await client.execute(uri: "/v1/reports/trends?role=chef", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("role"))
            }
            try await client.execute(uri: "/compare?country=Ukraine", method: .get) { response in
                #expect(String(buffer: response.body).contains("Median pay over time"))
            }
        }
    }

    @Test(arguments: backends) func aTeamIsPricedInEachScenario(backend: String) async throws {
        let team =
            #"{"members":[{"count":1,"role":"backend","level":"senior","skills":"Go,PostgreSQL"},{"count":3,"role":"backend","years_experience":"4"}],"#
        try await Self.application(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/cost/team",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(
                    string: team + #""scenarios":[{"country":"DE","employment":"employee"},{"country":"PL","employment":"agency"}],"currency":"EUR"}"#
                )
            ) { response in
                #expect(response.status == .ok)
                let json = try Self.json(response)
                let kind = json["kind"] as? String
                let title = json["title"] as? String
                #expect(kind == "team-cost" && title == "Team cost: 4 people in 2 scenarios")
                let columns = ((json["sections"] as? [[String: Any]])?.first?["table"] as? [String: Any])?["columns"] as? [[String: Any]]
                #expect(columns?.compactMap { $0["name"] as? String } == ["Item", "In-house, Germany", "Agency, Poland", "Note"])
            }
            for (body, field) in [
                (team + #""scenarios":[{"country":"Mordor","employment":"employee"}]}"#, "scenarios[0].country"),
                (
                    #"{"members":[{"count":1,"role":"wizard","level":"mid"}],"scenarios":[{"country":"DE","employment":"employee"}]}"#,
                    "members[0].role"
                ),
                (#"{"members":[{"count":0,"role":"qa","level":"mid"}],"scenarios":[{"country":"DE","employment":"employee"}]}"#, "members[0].count"),
                (team + #""scenarios":[]}"#, "scenarios"),
            ] {
                try await client.execute(
                    uri: "/v1/cost/team",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    let named = try Self.json(response)["field"] as? String
                    #expect(named == field, "\(body)")
                }
            }
        }
    }

    @Test(arguments: backends) func theTeamPagePricesAFormWithoutJavaScript(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            // As a browser sends the GET form: spaces as "+", new lines as %0D%0A.
            let asked =
                "/team?members=1+senior+backend+Go%2CPostgreSQL%0D%0A3+mid+backend&country_1=DE&employment_1=employee&country_2=PL&employment_2=agency&country_3=&employment_3=freelancer&currency=EUR"
            try await client.execute(uri: asked, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Team cost: 4 people in 2 scenarios") && html.contains("<svg") && !html.contains("<script"))
                #expect(html.contains("1 × senior backend (Go, PostgreSQL)") && html.contains("Agency, Poland"))
            }
            try await client.execute(uri: "/team?members=1+senior+backend%0D%0A3+mid+wizard&country_1=DE&employment_1=employee", method: .get) {
                response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("role=\"alert\"") && html.contains("team line 2, field role: &#39;wizard&#39; is not a role")
                        || html.contains("team line 2, field role: 'wizard' is not a role")
                )
            }
        }
    }

    @Test(arguments: backends, ["/v1/regions", "/v1/countries", "/v1/skills", "/v1/sources", "/health", "/ready"])
    func catalogues(backend: String, uri: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test(arguments: backends) func specAndMetricsAreServed(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("openapi: \"3.1.0\""))
            }
            WebMetrics.bootstrap()
            _ = try await client.execute(uri: "/v1/regions", method: .get)
            _ = try await client.execute(uri: "/v1/estimate?country=PL&years=6", method: .get)
            _ = try await (try await Self.services(backend)).app.store.sources()
            // L9: errors are timed too, not only counted.
            _ = try await client.execute(uri: "/no-such-page", method: .get)
            _ = try await client.execute(uri: "/v1/reports/regions?region=Mordor", method: .get)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                // A timer is registered (with a zero count) even for a request it never times, so
                // the test reads the histogram's count, not just the presence of its line.
                let counts = text.split(separator: "\n").filter { $0.contains("request_duration") && $0.contains("_count{") }
                for status in ["200", "404", "400"] {
                    let timed = counts.contains { $0.contains("status_code=\"\(status)\"") && (Double($0.split(separator: " ").last ?? "") ?? 0) > 0 }
                    #expect(timed, "a \(status) timed in the request duration metric: \(counts)")
                }
                #expect(text.contains("ratecard_estimate_duration_seconds"), "estimate latency")
                #expect(text.contains("ratecard_store_duration_seconds"), "store latency")
                #expect(text.contains("hb_requests") || text.contains("http_requests"), "request counts by route")
            }
        }
    }

    @Test(
        arguments: backends,
        [
            "/", "/?country=Poland&years=6&skills=Go", "/?country=Atlantis&years=3", "/compare?country=US", "/cost?country=DE&years=5",
            "/cost?country=CZ&years=5&business_country=US", "/team", "/data", "/submit",
        ]
    )
    func pagesRender(backend: String, uri: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.hasPrefix("<!DOCTYPE html>"))
                #expect(html.contains("<html lang=\"en\">") && html.contains("<nav aria-label=\"Main\">"))
                if uri.contains("Atlantis") { #expect(html.contains("role=\"alert\"")) }
                if uri.contains("Poland") { #expect(html.contains("Why") && html.contains("<svg")) }
            }
        }
    }

    @Test(arguments: backends) func theEstimatePageAsksForTheEmployersCountryAndKeepsIt(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/?country=Poland&years=6&business_country=DE", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("name=\"business_country\"") && html.contains("value=\"DE\""))
                // The fixtures record no employer abroad: the answer is local pay, and says so.
                #expect(html.contains("no remote-hire effect"))
                // The link to the cost of hire keeps the employer's country.
                #expect(html.contains("/cost?country=Poland&amp;business_country=DE&amp;years=6"))
            }
            try await client.execute(uri: "/?country=Poland&years=6&business_country=Narnia", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("role=\"alert\"") && html.contains("Narnia"))
            }
        }
    }

    @Test(arguments: backends) func smallGroupsAreNotExposed(backend: String) async throws {
        try await Self.application(backend).test(.router) { client in
            try await client.execute(uri: "/v1/reports/regions?by_country=true", method: .get, headers: [.accept: "text/csv"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let csv = String(buffer: response.body)
                let rows = csv.split(separator: "\n").dropFirst()
                #expect(rows.count >= 5, "an empty table would pass the check below")
                // Countries appear only from 30 observations; every listed n is at least 5.
                var checked = 0
                for line in rows {
                    let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                    if cells.count > 6, let n = Int(cells[6]) {
                        #expect(n >= 5)
                        checked += 1
                    }
                }
                #expect(checked >= 5)
            }
        }
    }
}

extension RouterTests {
    /// The hand-written `GET /v1/estimate` JSON must be the generated encoder's document, field for field.
    @Test(arguments: backends) func fastEstimateJSONMatchesTheGeneratedEncoder(backend: String) async throws {
        let estimator = try await Self.services(backend).estimator()
        let today = CalendarDate(iso: "2026-06-30")!
        let profiles = [
            ProfileInput(country: "US", years: "5", skills: ["Java"], currency: "EUR"),
            ProfileInput(
                country: "PL",
                city: "Warszawa",
                years: "6",
                skills: ["Go", "PostgreSQL", "Zig \"quoted\"\\"],
                employment: "freelancer",
                currency: "PLN"
            ),
            ProfileInput(country: "UA", businessCountry: "DE", level: "senior", role: "devops", employment: "agency"),
            ProfileInput(country: "MT", years: "0", skills: ["Haskell"], currency: "GBP", asOf: "2025-01-15"),
            ProfileInput(country: "IN", years: "40", skills: [], currency: "INR"),
            ProfileInput(country: "UA", city: "Київ", years: "3.5", skills: ["Tab\there", "bell\u{7}", "Ünïcödé"], employment: "freelancer"),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for input in profiles {
            let estimate = try estimator.estimate(input.resolve(tables: estimator.tables, today: today))
            let fast = try JSONSerialization.jsonObject(with: Data(EstimateJSON.encode(estimate))) as? NSDictionary
            let generated = try JSONSerialization.jsonObject(with: encoder.encode(APIHandler.wire(estimate))) as? NSDictionary
            #expect(fast != nil && fast == generated, "\(input.country ?? "")")
        }
    }
}
