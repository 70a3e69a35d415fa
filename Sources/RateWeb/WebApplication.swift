import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import Logging
import Metrics
import OpenAPIHummingbird
import Prometheus
import RateApp
import RateCore
import RateData
import RateStore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// HTTP settings of `ratecard serve`.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// Largest request body accepted; larger ones get 413.
    public var maximumBodyBytes: Int
    /// Largest file accepted by `POST /v1/imports`.
    public var maximumImportBytes: Int
    /// Self-reports accepted per client per hour.
    public var selfReportsPerHour: Int
    /// Take the client address from X-Forwarded-For (only behind a reverse proxy you run).
    public var trustForwardedFor: Bool
    /// How often to look for a model snapshot fitted elsewhere.
    public var modelPollInterval: Duration
    /// The key of client-address hashes; random per process when nil.
    public var clientKeySecret: String?
    /// Finished `GET /v1/estimate` answers kept in memory (about 2.5 KB each); 0 turns the cache off.
    public var estimateCacheEntries: Int
    /// A connection that sends nothing for this long is closed, whether it is between requests or
    /// stuck halfway through its headers (a slow client holding a connection for ever).
    public var idleTimeout: Duration
    /// Built reports kept in memory for repeated queries; 0 turns the cache off.
    public var reportCacheEntries: Int
    /// Uncached reports and estimate batches computed at once; `expensiveRequestQueueFactor` times
    /// as many more wait their turn, and the rest get 503 with Retry-After.
    public var expensiveRequestLimit: Int
    /// Also serve `GET /hello`, the constant route the load benchmark compares the API with (off in
    /// production: it is no part of the product).
    public var benchmarkRoute = false

    /// One per core: an expensive request is one core's work for up to a few hundred milliseconds.
    public static var defaultExpensiveRequestLimit: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
    public static let expensiveRequestQueueFactor = 8

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maximumBodyBytes: Int = 2 * 1024 * 1024,
        maximumImportBytes: Int = 512 * 1024 * 1024,
        selfReportsPerHour: Int = 5,
        trustForwardedFor: Bool = false,
        modelPollInterval: Duration = .seconds(5),
        clientKeySecret: String? = nil,
        estimateCacheEntries: Int = 4096,
        idleTimeout: Duration = .seconds(30),
        reportCacheEntries: Int = 256,
        expensiveRequestLimit: Int = ServerSettings.defaultExpensiveRequestLimit
    ) {
        self.idleTimeout = idleTimeout
        self.reportCacheEntries = reportCacheEntries
        self.expensiveRequestLimit = expensiveRequestLimit
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumImportBytes = maximumImportBytes
        self.selfReportsPerHour = selfReportsPerHour
        self.trustForwardedFor = trustForwardedFor
        self.modelPollInterval = modelPollInterval
        self.clientKeySecret = clientKeySecret
        self.estimateCacheEntries = estimateCacheEntries
    }
}

/// Metrics go to one Prometheus registry per process, bootstrapped once.
public enum WebMetrics {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    public static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }
}

/// Builds the HTTP application on top of the composition root's services. The CLI's `serve`
/// and the tests both call this.
public func buildWebApplication(app: RateCardApp, settings: ServerSettings = ServerSettings()) async throws -> some ApplicationProtocol {
    let services = WebServices(
        app: app,
        clientKeySecret: settings.clientKeySecret,
        estimateCacheEntries: settings.estimateCacheEntries,
        reportCacheEntries: settings.reportCacheEntries,
        expensiveRequestLimit: settings.expensiveRequestLimit
    )
    try await app.ensureData(progress: { app.logger.notice("\($0)") })
    try await services.reload()
    let router = try buildRouter(services: services, settings: settings)
    return Application(
        router: router,
        server: httpServer(settings: settings),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "RateCard"),
        services: app.storeServices + [ModelRefreshService(services: services, interval: settings.modelPollInterval)],
        logger: app.logger
    )
}

/// `ratecard serve`'s service group: the store's pool first, then the server, which opens RateCard
/// on the store (migrations, the first load, the model) once the pool runs, and serves until
/// graceful shutdown. The group stops the server first (requests in flight finish) and the pool
/// last; a server that fails to start stops the group with its error.
/// - Parameter store: opened with `poolRunsInServiceGroup`, so that this group runs its pool.
public func webServiceGroup(
    store: any RateStore,
    configuration: AppConfiguration,
    settings: ServerSettings,
    logger: Logger,
    gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]
) -> ServiceGroup {
    var services = RateCardApp.poolServices(of: store).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
    services.append(
        .init(
            service: WebServer(store: store, configuration: configuration, settings: settings, logger: logger),
            successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup
        )
    )
    return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
}

/// Opens RateCard on a store whose pool the group already runs, then runs the HTTP application.
private struct WebServer: Service {
    let store: any RateStore
    let configuration: AppConfiguration
    let settings: ServerSettings
    let logger: Logger

    func run() async throws {
        // The start (migrations, a first load, a refit) is not interrupted: a store write stops
        // whole or not at all, and a fit takes seconds. A shutdown asked for meanwhile is honoured
        // as soon as the server would listen, and says so.
        let web = try await withGracefulShutdownHandler {
            let app = try await RateCardApp.build(store: store, configuration: configuration, logger: logger)
            return try await buildWebApplication(app: app, settings: settings)
        } onGracefulShutdown: { [logger] in
            logger.notice("ratecard serve: shutdown requested while starting; stopping once the start has finished")
        }
        try await web.run()
        logger.notice("ratecard serve stopped gracefully: requests in flight were finished")
    }
}

/// HTTP/1.1 with the settings' idle timeout (Hummingbird closes a channel that reads nothing for
/// that long, including one whose request head never completes).
public func httpServer(settings: ServerSettings) -> HTTPServerBuilder {
    let timeout = settings.idleTimeout.components
    return .http1(configuration: .init(idleTimeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)))
}

/// The routes `buildRouter` registers beside the spec's operations (for 405 answers; a test checks
/// that each one answers).
func pageRoutes(benchmarkRoute: Bool) -> [(method: HTTPRequest.Method, path: String)] {
    let pages: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/openapi.yaml"), (.get, "/metrics"),
        (.get, "/"), (.get, "/compare"), (.get, "/cost"), (.get, "/team"), (.get, "/data"), (.get, "/submit"), (.post, "/submit"),
    ]
    return benchmarkRoute ? pages + [(.get, "/hello")] : pages
}

/// The router alone (for tests through the router, without a socket).
public func buildRouter(services: WebServices, settings: ServerSettings = ServerSettings()) throws -> Router<RateCardRequestContext> {
    let router = Router(context: RateCardRequestContext.self)
    router.add(middleware: RequestHeadLimitsMiddleware())
    // Next: everything after it decides by path, and must see the one spelling the router resolves.
    router.add(middleware: CanonicalPathMiddleware())
    // Outside the problem middleware: Hummingbird's MetricsMiddleware times only responses, and
    // counts a thrown error without its duration, so inside it every 404, 405 and 400 was missing
    // from the request duration histogram.
    router.add(middleware: MetricsMiddleware())
    router.add(
        middleware: ProblemMiddleware(
            maximumBodyBytes: settings.maximumBodyBytes,
            maximumImportBytes: settings.maximumImportBytes,
            routes: RouteTable(APIContract.bundled.routes + pageRoutes(benchmarkRoute: settings.benchmarkRoute))
        )
    )
    // Debug, not info: at info a busy server wrote hundreds of megabytes of request lines a day
    // (RATECARD_LOG_LEVEL=debug shows them).
    router.add(middleware: LogRequestsMiddleware(.debug))
    // Access is attached to the routes (one group per kind, see RouteAccess): a write's token is
    // checked before its spec limits, so a request without one learns nothing, not even a limit;
    // the spec's limits come before any handler.
    let specBounds = SpecBoundsMiddleware<RateCardRequestContext>(contract: APIContract.bundled, maximumBodyBytes: settings.maximumBodyBytes)
    let limiter = SelfReportLimiter(limit: settings.selfReportsPerHour)
    func selfReportLimit(page: Bool) -> SelfReportLimitMiddleware {
        SelfReportLimitMiddleware(services: services, limiter: limiter, trustForwardedFor: settings.trustForwardedFor, answersWithPage: page)
    }
    var groups: [RouteAccess: RouterGroup<RateCardRequestContext>] = [:]
    for access in RouteAccess.allCases {
        let group = router.group()
        switch access {
        case .open: break
        case .selfReport: group.add(middleware: selfReportLimit(page: false))
        case .token(let scope):
            group.add(middleware: BearerTokenAuthenticator(access: services.app.access, scope: scope))
            group.add(middleware: AuthorizationPolicyMiddleware(TokenScopePolicy(scope: scope), context: RateCardRequestContext.self))
        }
        groups[access] = group.add(middleware: specBounds)
    }
    // Compact JSON: pretty-printing and sorting keys cost a third of the estimate endpoint's time.
    try APIHandler(services: services, maximumImportBytes: settings.maximumImportBytes).registerHandlers(
        on: AccessScopedTransport(contract: APIContract.bundled, groups: groups),
        configuration: .init(jsonEncodingOptions: [.withoutEscapingSlashes])
    )
    // The one operation not generated (see EstimateRoute for why).
    EstimateRoute(services: services).register(on: groups[.open]!)

    let spec = (try? Data(contentsOf: Bundle.module.url(forResource: "openapi", withExtension: "yaml")!)) ?? Data()
    router.get("/openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: spec)))
    }
    router.get("/metrics") { _, _ in
        var bytes: [UInt8] = []
        WebMetrics.registry.emit(into: &bytes)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    if settings.benchmarkRoute {
        // A constant route, the ceiling the load benchmark compares the API with.
        router.get("/hello") { _, _ in "Hello" }
    }

    @Sendable func page(_ html: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
    // The pages' forms are GET forms, so a browser writes a space as "+" (form encoding), which
    // `uri.queryParameters` leaves as "+"; the form decoder reads it as HTML forms mean it.
    @Sendable func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        if let raw = request.uri.query, let decoded = try? URLEncodedFormDecoder().decode([String: String].self, from: raw) {
            values = decoded
        } else {
            for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        }
        return values.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
    }
    router.get("/") { request, _ in
        page(EstimatePageView.render(EstimatePageModel.make(query: query(request), estimator: try await services.estimator(), today: services.today)))
    }
    router.get("/compare") { request, _ in
        page(
            ComparePage.render(
                estimator: try await services.estimator(),
                query: query(request),
                today: services.today,
                trends: try await services.payTrends(),
                app: services.app
            )
        )
    }
    router.get("/cost") { request, _ in
        page(CostPage.render(estimator: try await services.estimator(), services: services, query: query(request)))
    }
    // Pricing a team is up to 50 lines × 6 scenarios of three estimates each: expensive work.
    router.get("/team") { request, _ in
        let estimator = try await services.estimator()
        let query = query(request)
        return page(try await services.expensiveWork.run { TeamPage.render(estimator: estimator, services: services, query: query) })
    }
    // The article is constant: read from the bundle and rendered once, not on every /data request.
    let methodology = DataPage.methodologyHTML(BundledData.methodology)
    router.get("/data") { _, _ in
        page(
            DataPage.render(
                sources: try await services.app.importer.sources(),
                model: try await services.estimator().model,
                methodologyHTML: methodology
            )
        )
    }
    let countries = services.app.tables.countries.byName
    router.get("/submit") { _, _ in
        page(SubmitPage.render(SubmitPageModel(input: SelfReportInput(), outcome: .form, countries: countries)))
    }
    // The form posts here (no JavaScript needed), within the same per-client limit as the API.
    router.group().add(middleware: selfReportLimit(page: true)).post("/submit") { request, context in
        let body = try await request.body.collect(upTo: settings.maximumBodyBytes)
        var model = SubmitPageModel(input: SelfReportInput(), outcome: .form, countries: countries)
        var status = HTTPResponse.Status.accepted
        do {
            model.input = try SubmitPage.input(formBody: String(buffer: body))
            if let (error, kept) = SubmitPage.limitViolation(model.input) {
                model.input = kept
                throw error
            }
            model.outcome = .stored(id: try await services.app.selfReports.submit(model.input, clientKey: RequestClient.key ?? "unknown"))
        } catch let error as ProfileError {
            model.outcome = .invalid(error)
            status = .badRequest
        }
        var response = page(SubmitPage.render(model))
        response.status = status
        return response
    }
    return router
}
