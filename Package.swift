// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "RateCard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ratecard", targets: ["ratecard"]),
        .library(name: "RateCore", targets: ["RateCore"]),
        .library(name: "RateStats", targets: ["RateStats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already in the graph through Hummingbird and PostgresNIO; named because RateWeb and the
        // PostgreSQL store import their modules (ByteBuffer, HTTPRequest) directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph through swift-openapi-generator (which needs 6.x); read here to name
        // the parameter a request got wrong, which the generated layer's decoding errors do not.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Renders the methodology article on the Data page (tables included).
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // Pure statistics: no domain words, no I/O.
        .target(name: "RateStats"),
        // The domain core: values, normalisation, estimation. Imports Foundation and RateStats only.
        .target(name: "RateCore", dependencies: ["RateStats"]),
        // Bundled public data (reference tables and the embedded default data set) as resources.
        .target(name: "RateData", resources: [.copy("Resources")]),
        // System zlib, for streaming gzip input (see GzipByteSource for why not a package).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "RateImport",
            dependencies: [
                "RateCore", "RateStats", "RateData", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "RateStore", dependencies: ["RateCore", "RateStats"]),
        .target(
            name: "RateStoreSQLite",
            dependencies: [
                "RateStore", "RateCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RateStorePostgres",
            dependencies: [
                "RateStore", "RateCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "RateApp",
            dependencies: [
                "RateCore", "RateImport", "RateStore", "RateStoreSQLite", "RateStorePostgres", "RateData",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // HTTP: the OpenAPI-generated API, HTML pages, middleware; built on the RateApp services.
        .target(
            name: "RateWeb",
            dependencies: [
                "RateCore", "RateStore", "RateApp", "RateImport", "RateData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "RateCLI",
            dependencies: [
                "RateApp", "RateWeb", "RateCore", "RateStore", "RateImport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "ratecard", dependencies: ["RateCLI"]),
        // The benchmarks' tool (bench/*.sh), kept out of the product CLI.
        .executableTarget(
            name: "ratecard-bench",
            dependencies: ["RateCLI", "RateApp", "RateCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/RateBenchmarks"
        ),

        // Fixtures and snapshots, with no store or driver behind them: what every test target reads.
        .target(name: "RateTestSupport", path: "Tests/RateTestSupport", resources: [.copy("Fixtures")]),
        // The store contract suite and the PostgreSQL test server, for the targets that test stores.
        .target(
            name: "RateStoreTestSupport",
            dependencies: [
                "RateTestSupport", "RateStore", "RateCore", "RateStorePostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/RateStoreTestSupport"
        ),
        .testTarget(name: "RateStatsTests", dependencies: ["RateStats"]),
        // The estimator's, reports' and cost tests run on the bundled reference tables, which
        // RateImport loads; RateCore itself reads no files.
        .testTarget(name: "RateCoreTests", dependencies: ["RateCore", "RateImport", "RateStats", "RateTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "RateImportTests", dependencies: ["RateImport", "RateCore", "RateTestSupport"]),
        .testTarget(
            name: "RateStoreTests",
            dependencies: ["RateTestSupport", "RateStoreTestSupport", "RateStoreSQLite", "RateStorePostgres", "RateStore"]
        ),
        .testTarget(
            name: "RateAppTests",
            dependencies: [
                "RateApp", "RateCLI", "RateTestSupport", "RateStoreTestSupport", "RateImport", "RateStore", "RateStoreSQLite", "RateStorePostgres",
                "RateStats", "RateCore",
            ]
        ),
        .testTarget(
            name: "RateWebTests",
            dependencies: [
                "RateWeb", "RateApp", "RateCore", "RateData", "RateImport", "RateStore", "RateStoreSQLite", "RateStorePostgres", "RateTestSupport",
                "RateStoreTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets, one per parser (scripts/fuzz.sh). They exist only when RATECARD_FUZZ=1, because
// libFuzzer (-sanitize=fuzzer) drives them; a normal build or test never sees them. The parsing
// modules are instrumented here rather than with -Xswiftc, which would also instrument the
// OpenAPI generator's build tool and break its link.
if Context.environment["RATECARD_FUZZ"] == "1" {
    let instrumented: Set<String> = ["RateStats", "RateCore", "RateImport", "FuzzDriver"]
    let sanitizers = SwiftSetting.unsafeFlags(["-sanitize=fuzzer,address", "-O"])
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("CSVReaderFuzz", ["RateImport"]),
        ("ImportAdapterFuzz", ["RateImport", "RateCore"]),
        ("MappingFuzz", ["RateImport"]),
        ("ProfileFuzz", ["RateImport", "RateCore"]),
        ("ExchangeRateFileFuzz", ["RateImport"]),
        ("BatchFuzz", ["RateImport", "RateCore"]),
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    for target in package.targets where instrumented.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [sanitizers]
    }
    for target in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: target.name,
                dependencies: target.dependencies + ["FuzzDriver"],
                path: "Fuzz/\(target.name)",
                swiftSettings: [sanitizers, .unsafeFlags(["-parse-as-library"])],
                linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
            )
        )
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
