import Foundation
import Hummingbird
import HummingbirdTesting
import RateApp
import RateCore
import RateImport
import RateStore
import RateStoreTestSupport
import RateTestSupport
import Synchronization
import Testing

@testable import RateWeb

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// The API's writes through the router: tokens and scopes, uploads, self-reports, moderation and
/// the per-client limit. Each test gets its own in-memory store.
@Suite("HTTP API writes")
struct WriteAPITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RateTestSupport/Fixtures")

    struct Harness {
        var services: WebServices
        var importToken: String
        var moderateToken: String
        var revokedToken: String
    }

    /// Every backend here: SQLite in memory, and PostgreSQL when `RATECARD_TEST_POSTGRES` is set.
    static let backends = ["sqlite"] + (PostgresTestServer.isAvailable ? ["postgres"] : [])

    /// Shows in the test report when the PostgreSQL cases above were left out (skipped, with why),
    /// rather than leaving them silently absent.
    @Test(
        "write tests on PostgreSQL",
        .tags(.postgres),
        .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: the HTTP write tests ran on SQLite only")
    )
    func postgresCasesRun() {
        #expect(Self.backends == ["sqlite", "postgres"])
    }

    static func harness(
        _ backend: String,
        now: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_782_777_600) }
    ) async throws -> Harness {
        let location = backend == "postgres" ? try await PostgresTestServer.freshDatabaseURL() : ":memory:"
        let app = try await RateCardApp.build(configuration: AppConfiguration(databaseLocation: location), now: now)
        for name in ["so2016_extract_sample.csv", "dou_harmonised_sample.csv"] {
            _ = try await app.importer.importFile(path: fixtures.appendingPathComponent(name).path, options: ImportOptions())
        }
        let services = WebServices(app: app, clientKeySecret: "test")
        try await services.reload()
        let importToken = try await app.access.create(scope: .import, name: "ci").token
        let moderateToken = try await app.access.create(scope: .moderate, name: "mods").token
        let revoked = try await app.access.create(scope: .import, name: "old")
        _ = try await app.store.revokeAPIToken(id: revoked.record.id, at: .at("2026-01-01T00:00:00Z"))
        return Harness(services: services, importToken: importToken, moderateToken: moderateToken, revokedToken: revoked.token)
    }

    static func application(
        _ harness: Harness,
        settings: ServerSettings = ServerSettings(maximumBodyBytes: 64 * 1024, maximumImportBytes: 256 * 1024)
    )
        throws -> some ApplicationProtocol
    {
        Application(router: try buildRouter(services: harness.services, settings: settings))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"] }

    @Test func theUploadsFormatsAreEveryLayoutRateCardReads() {
        let inSpec = Operations.PostImport.Input.Query.FormatPayload.allCases.map(\.rawValue)
        #expect(inSpec == SourceFormat.allCases.map(\.rawValue))
    }

    @Test(arguments: backends) func importNeedsATokenWithTheImportScope(backend: String) async throws {
        let harness = try await Self.harness(backend)
        let file = try Data(contentsOf: Self.fixtures.appendingPathComponent("so2019_sample.csv"))
        try await Self.application(harness).test(.router) { client in
            try await client.execute(
                uri: "/v1/imports?filename=so2019.csv",
                method: .post,
                headers: [.contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            for token in [harness.revokedToken, "rc_not-a-real-token", "garbage"] {
                try await client.execute(
                    uri: "/v1/imports?filename=so2019.csv",
                    method: .post,
                    headers: Self.bearer(token),
                    body: ByteBuffer(bytes: file)
                ) { response in
                    #expect(response.status == .unauthorized, "\(token)")
                    // An unauthenticated caller learns nothing about whose token it holds.
                    let detail = try Self.json(response)["detail"] as? String ?? ""
                    #expect(!detail.contains("'old'"), "\(detail)")
                    if token == harness.revokedToken { #expect(detail.contains("revoked on 2026-01-01"), "\(detail)") }
                }
            }
            try await client.execute(
                uri: "/v1/imports?filename=so2019.csv",
                method: .post,
                headers: Self.bearer(harness.moderateToken),
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .forbidden)
                let detailValue = try Self.json(response)["detail"] as? String
                #expect(detailValue == "the token 'mods' has scope 'moderate'; this request needs 'import'")
            }
        }
        #expect(try await harness.services.app.store.sources().count == 2)
    }

    @Test(arguments: backends) func importReturnsTheSummaryAndRefusesTheSameContentTwice(backend: String) async throws {
        let harness = try await Self.harness(backend)
        let file = try Data(contentsOf: Self.fixtures.appendingPathComponent("so2019_sample.csv"))
        let before = try await harness.services.app.store.dataVersion()
        let estimateURI = "/v1/estimate?country=US&years=5&skills=Python"
        try await Self.application(harness).test(.router) { client in
            // Asked twice before the import: the second answer comes from the estimate cache.
            var cached = ByteBuffer()
            for _ in 0..<2 {
                try await client.execute(uri: estimateURI, method: .get) { response in
                    #expect(response.status == .ok)
                    let version = try Self.json(response)["data_version"] as? Int
                    #expect(version == before)
                    if cached.readableBytes > 0 { #expect(response.body == cached) }
                    cached = response.body
                }
            }
            #expect(harness.services.estimateCache.count == 1)
            try await client.execute(
                uri: "/v1/imports?filename=../../so2019.csv",
                method: .post,
                headers: Self.bearer(harness.importToken),
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["file"] as? String == "so2019.csv")
                #expect(body["format"] as? String == "so2019")
                let read = try #require(body["read"] as? Int)
                let accepted = try #require(body["accepted"] as? Int)
                let rejected = try #require(body["rejected"] as? Int)
                #expect(read > 0 && accepted + rejected == read)
                #expect(body["already_imported"] as? Bool == false)
            }
            try await client.execute(
                uri: "/v1/imports?filename=again.csv",
                method: .post,
                headers: Self.bearer(harness.importToken),
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .ok)
                let already_importedValue = try Self.json(response)["already_imported"] as? Bool
                #expect(already_importedValue == true)
            }
            await harness.services.waitForRefit()
            // The same question after the refit is answered from the new model, not the cache.
            try await client.execute(uri: estimateURI, method: .get) { response in
                let version = try Self.json(response)["data_version"] as? Int
                #expect(version == before + 1)
            }
        }
        // The refit after the import loaded a model on the new data version.
        #expect(try await harness.services.estimator().model.dataVersion == before + 1)
    }

    /// Cached answers belong to one day: the default as-of date (and with it wage growth and the
    /// exchange-rate date) moves at midnight UTC.
    @Test func cachedEstimatesExpireAtMidnight() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_782_777_600))
        let harness = try await Self.harness("sqlite", now: { clock.now })
        // A year after the fit (so the answer carries a wage-growth factor to today), one second to midnight.
        clock.now = Date(timeIntervalSince1970: 1_782_777_600 + 365 * 86_400 + 86_399)
        try await Self.application(harness).test(.router) { client in
            func wageGrowthFactor() async throws -> String? {
                try await client.execute(uri: "/v1/estimate?country=DE&years=4", method: .get) { response in
                    let factors = try Self.json(response)["factors"] as? [[String: Any]] ?? []
                    return factors.compactMap { $0["name"] as? String }.first { $0.hasPrefix("wage growth to") }
                }
            }
            let first = try await wageGrowthFactor()
            let again = try await wageGrowthFactor()
            #expect(first == "wage growth to 2027-06-30" && again == first)
            #expect(harness.services.estimateCache.count == 1)
            clock.now = clock.now.addingTimeInterval(1)
            let nextDay = try await wageGrowthFactor()
            #expect(nextDay == "wage growth to 2027-07-01")
        }
    }

    @Test func theEstimateCacheKeepsAtMostItsCapacity() {
        let cache = EstimateCache(capacity: 2)
        func key(_ query: String) -> EstimateCache.Key { .init(generation: 1, day: 1, query: query) }
        for query in ["a", "b", "b", "c"] { cache.store(ByteBuffer(string: query), for: key(query)) }
        // The oldest goes first; storing "b" again did not count twice.
        #expect(cache.count == 2)
        #expect(cache.answer(for: key("a")) == nil)
        #expect(cache.answer(for: key("b")) == ByteBuffer(string: "b"))
        #expect(cache.answer(for: key("c")) == ByteBuffer(string: "c"))
        for query in (0..<1000).map(String.init) { cache.store(ByteBuffer(string: query), for: key(query)) }
        #expect(cache.count == 2)
        #expect(cache.answer(for: key("999")) == ByteBuffer(string: "999") && cache.answer(for: key("998")) != nil)
        #expect(cache.answer(for: .init(generation: 2, day: 1, query: "999")) == nil)
        #expect(cache.answer(for: .init(generation: 1, day: 2, query: "999")) == nil)
        cache.removeAll()
        #expect(cache.count == 0)
        let off = EstimateCache(capacity: 0)
        off.store(ByteBuffer(string: "x"), for: .init(generation: 1, day: 1, query: "x"))
        #expect(off.answer(for: .init(generation: 1, day: 1, query: "x")) == nil)
    }

    @Test(arguments: backends) func unreadableUploadsAreBadRequestsAndLargeOnes413(backend: String) async throws {
        let harness = try await Self.harness(backend)
        try await Self.application(harness).test(.router) { client in
            try await client.execute(
                uri: "/v1/imports?filename=notes.csv",
                method: .post,
                headers: Self.bearer(harness.importToken),
                body: ByteBuffer(string: "colour,shape\nred,round\n")
            ) { response in
                #expect(response.status == .badRequest)
                let detail = try Self.json(response)["detail"] as? String ?? ""
                // The file is named as the client named it; the server's spool directory stays private (L5).
                #expect(detail.hasPrefix("notes.csv"), "\(detail)")
                #expect(!detail.contains("ratecard-upload") && !detail.contains(FileManager.default.temporaryDirectory.path), "\(detail)")
            }
            try await client.execute(
                uri: "/v1/imports?filename=big.csv",
                method: .post,
                headers: Self.bearer(harness.importToken),
                body: ByteBuffer(repeating: UInt8(ascii: "x"), count: 300 * 1024)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(try await harness.services.app.store.sources().count == 2)
    }

    static let report = #"{"country":"IS","years":"7","skills":["Go"],"employment":"freelancer","amount":"9000","currency":"EUR","period":"month"}"#

    @Test(arguments: backends) func selfReportsWaitForModerationAndAreLimitedPerClient(backend: String) async throws {
        let harness = try await Self.harness(backend)
        let store = harness.services.app.store
        let observationsBefore = try await store.observationCount()
        let settings = ServerSettings(maximumBodyBytes: 64 * 1024, selfReportsPerHour: 2)
        try await Self.application(harness, settings: settings).test(.router) { client in
            var submitted: [Int] = []
            for _ in 0..<2 {
                submitted.append(
                    try await client.execute(
                        uri: "/v1/observations",
                        method: .post,
                        headers: [.contentType: "application/json"],
                        body: ByteBuffer(string: Self.report)
                    ) { response in
                        #expect(response.status == .accepted)
                        let body = try Self.json(response)
                        #expect(body["status"] as? String == "pending")
                        return try #require(body["id"] as? Int)
                    }
                )
            }
            let ids = submitted
            try await client.execute(
                uri: "/v1/observations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: Self.report)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
            // Pending reports are not data: they are not counted and not estimated from.
            #expect(try await store.observationCount() == observationsBefore)
            try await client.execute(uri: "/v1/observations/pending", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/observations/pending", method: .get, headers: [.authorization: "Bearer \(harness.importToken)"]) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/observations/pending", method: .get, headers: [.authorization: "Bearer \(harness.moderateToken)"]) {
                response in
                #expect(response.status == .ok)
                let pending = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] ?? []
                #expect(pending.map { $0["id"] as? Int } == ids)
                #expect(pending.first?["country"] as? String == "IS")
            }
            let decide = { (decision: String, ids: [Int]) in #"{"decision":"\#(decision)","ids":[\#(ids.map(String.init).joined(separator: ","))]}"# }
            try await client.execute(
                uri: "/v1/observations/decisions",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: decide("approve", ids))
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/observations/decisions",
                method: .post,
                headers: [.authorization: "Bearer \(harness.moderateToken)", .contentType: "application/json"],
                body: ByteBuffer(string: decide("reject", [ids[1]]))
            ) { response in
                let changedValue = try Self.json(response)["changed"] as? Int
                #expect(changedValue == 1)
            }
            try await client.execute(
                uri: "/v1/observations/decisions",
                method: .post,
                headers: [.authorization: "Bearer \(harness.moderateToken)", .contentType: "application/json"],
                body: ByteBuffer(string: decide("approve", ids))
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["changed"] as? Int == 1)
                #expect(body["source_id"] as? Int != nil)
            }
        }
        #expect(try await store.observationCount() == observationsBefore + 1)
        await harness.services.waitForRefit()
        // One approved report in Iceland: no endpoint may show it on its own.
        try await Self.application(harness).test(.router) { client in
            try await client.execute(uri: "/v1/estimate?country=IS&years=7&skills=Go&employment=freelancer", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["fallback_level"] as? String != "country")
                #expect(body["fallback_level"] as? String != "city")
                #expect((body["sample_size"] as? Int ?? 0) >= 5)
            }
            try await client.execute(uri: "/v1/reports/regions?by_country=true", method: .get, headers: [.accept: "text/csv"]) { response in
                let csv = String(buffer: response.body)
                #expect(!csv.contains("Iceland"), "a one-observation country must not have its own row")
            }
        }
    }

    @Test(arguments: backends) func invalidSelfReportsNameTheField(backend: String) async throws {
        let harness = try await Self.harness(backend)
        let cases = [
            (#"{"country":"Atlantis","years":"5","amount":"10","currency":"EUR","period":"hour"}"#, "country"),
            (#"{"country":"PL","years":"5","amount":"-3","currency":"EUR","period":"hour"}"#, "amount"),
            (#"{"country":"PL","years":"5","amount":"30","currency":"EUR","period":"fortnight"}"#, "period"),
            (#"{"country":"PL","years":"5","amount":"30","currency":"QQQ","period":"hour"}"#, "currency"),
            (#"{"country":"PL","years":"90","amount":"30","currency":"EUR","period":"hour"}"#, "years"),
            (#"{"country":"PL","years":"5","amount":"9000000","currency":"EUR","period":"hour"}"#, "amount"),
        ]
        try await Self.application(harness).test(.router) { client in
            for (body, field) in cases {
                try await client.execute(
                    uri: "/v1/observations",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(field)")
                    let fieldValue = try Self.json(response)["field"] as? String
                    #expect(fieldValue == field, "\(body)")
                }
            }
        }
        #expect(try await harness.services.app.store.selfReports(status: nil, ids: nil, limit: 10).isEmpty)
    }
}

extension WriteAPITests {
    @Test(arguments: backends) func theSubmitFormStoresAPendingReportWithoutJavaScript(backend: String) async throws {
        let harness = try await Self.harness(backend)
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        let good = "country=Poland&years=6&skills=Go%2C+PostgreSQL&employment=freelancer&amount=18000&currency=PLN&period=month"
        try await Self.application(harness, settings: ServerSettings(selfReportsPerHour: 1)).test(.router) { client in
            try await client.execute(
                uri: "/submit",
                method: .post,
                headers: form,
                body: ByteBuffer(string: "country=Poland&years=6&amount=abc&currency=PLN&period=month")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("amount: &#39;abc&#39;") || String(buffer: response.body).contains("amount: 'abc'"))
            }
            try await client.execute(uri: "/submit", method: .post, headers: form, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .accepted)
                #expect(String(buffer: response.body).contains("is waiting for moderation"))
            }
            try await client.execute(uri: "/submit", method: .post, headers: form, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
        let pending = try await harness.services.app.store.selfReports(status: .pending, ids: nil, limit: 10)
        #expect(pending.count == 1)
        #expect(pending.first?.observation.location.country.alpha2 == "PL")
        #expect(pending.first?.observation.skills.map(\.name).contains("Go") == true)
        #expect(pending.first?.observation.employment == .freelancer)
    }
}
