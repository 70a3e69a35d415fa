import Foundation
import RateApp
import RateCore
import RateImport
import RateStats
import RateStore
import RateStoreTestSupport
import RateTestSupport
import Testing

/// Imports through the composition root, as the CLI and server do, into a fresh in-memory store.
@Suite("Importing files")
struct ImportServiceTests {
    static func app() async throws -> RateCardApp {
        try await RateCardApp.build(
            configuration: AppConfiguration(databaseLocation: ":memory:"),
            now: { Date(timeIntervalSince1970: 1_790_000_000) }
        )
    }

    static let fixtures = [
        "so2016_extract_sample.csv", "so2016_full_sample.csv.gz", "so2019_sample.csv", "so2023_sample.csv", "so2019_excel_mangled_sample.csv",
        "so2023_truncated_sample.csv", "oews_sample.csv", "oews_by_industry_sample.csv.gz", "dou_harmonised_sample.csv",
        "dou_2024_dec_raw_sample.csv", "dou_2025_june_raw_sample.csv.gz",
    ]

    @Test(arguments: fixtures)
    func everyRowIsStoredOrRejectedAndASecondImportAddsNothing(fixture: String) async throws {
        let app = try await Self.app()
        let summary = try await app.importer.importFile(path: Fixtures.path(fixture), options: ImportOptions())
        #expect(summary.read > 0)
        #expect(summary.accepted + summary.rejected == summary.read)
        #expect(summary.rejectedByReason.values.reduce(0, +) == summary.rejected)
        #expect(summary.flagged <= summary.accepted)
        let sources = try await app.store.sources()
        let stored = try await app.store.observationCount() + app.store.distributionCount()
        #expect(stored == summary.accepted)
        guard summary.accepted > 0 else {
            // Nothing usable: no source, and the rejections travel in the summary instead.
            #expect(sources.isEmpty)
            #expect(summary.unstoredRejections.count == summary.rejected)
            return
        }
        let source = try #require(sources.first)
        #expect(sources.count == 1)
        #expect(source.counts.read == summary.read)
        let rejects = try await app.store.rejectedRows(sourceID: source.id, limit: 1_000_000, offset: 0)
        #expect(rejects.count == summary.rejected)

        let again = try await app.importer.importFile(path: Fixtures.path(fixture), options: ImportOptions())
        #expect(again.alreadyImported)
        // It says how to import it again (M5: a file once imported with a wrong mapping).
        #expect(again.warnings.contains { $0.contains("`ratecard sources delete \(source.id)`") })
        #expect(try await app.store.sources().count == 1)
        #expect(try await app.store.observationCount() + app.store.distributionCount() == stored)
    }

    @Test func sameRespondentsInAnotherFileAreDuplicates() async throws {
        let app = try await Self.app()
        let original = Fixtures.path("so2019_sample.csv")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID()).csv")
        try (String(contentsOfFile: original, encoding: .utf8) + "\n").write(to: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy) }
        let first = try await app.importer.importFile(path: original, options: ImportOptions())
        let second = try await app.importer.importFile(path: copy.path, options: ImportOptions())
        #expect(!second.alreadyImported)
        #expect(second.accepted == 0)
        #expect(second.duplicates == first.accepted)
        #expect(second.rejectedByReason["duplicate"] == first.accepted)
    }

    @Test func dryRunStoresNothing() async throws {
        let app = try await Self.app()
        let summary = try await app.importer.importFile(path: Fixtures.path("so2016_extract_sample.csv"), options: ImportOptions(dryRun: true))
        #expect(summary.dryRun)
        #expect(summary.accepted > 0)
        #expect(summary.accepted + summary.rejected == summary.read)
        #expect(try await app.store.isEmpty())
    }

    @Test func mangledSpreadsheetExportStoresNoGarbage() async throws {
        let app = try await Self.app()
        let summary = try await app.importer.importFile(path: Fixtures.path("so2019_excel_mangled_sample.csv"), options: ImportOptions())
        #expect(summary.accepted == 0)
        #expect(summary.rejected == 30)
        #expect(summary.warnings.contains { $0.contains("spreadsheet") })
        #expect(try await app.store.observationCount() == 0)
        // Nothing usable: no source is created, and the summary carries each row's rejection.
        #expect(summary.sourceID == nil)
        #expect(try await app.store.sources().isEmpty)
        #expect(summary.unstoredRejections.map(\.line) == Array(2...31))
    }

    @Test func aBrokenFileLeavesTheStoreAsItWas() async throws {
        let app = try await Self.app()
        _ = try await app.importer.importFile(path: Fixtures.path("oews_sample.csv"), options: ImportOptions())
        let before = (try await app.store.sources(), try await app.store.distributionCount())
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("so2016_full_sample.csv.gz")))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID()).csv.gz")
        try data.prefix(data.count * 2 / 3).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        await #expect(throws: InputError.self) {
            _ = try await app.importer.importFile(path: cut.path, options: ImportOptions())
        }
        #expect(try await app.store.sources() == before.0)
        #expect(try await app.store.distributionCount() == before.1)
        #expect(try await app.store.observationCount() == 0)
    }

    @Test func userCSVWithMappingFile() async throws {
        let app = try await Self.app()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "id,country,rate,currency,period,years,skills\n1,Poland,150,PLN,hour,6,Go;PostgreSQL\n2,Germany,-5,EUR,hour,3,\n"
            .write(to: directory.appendingPathComponent("rates.csv"), atomically: true, encoding: .utf8)
        try
            #"{"title": "Agency rate card", "columns": {"id": "id", "country": "country", "amount": "rate", "currency": "currency", "period": "period", "years": "years", "skills": "skills"}, "defaults": {"date": "2026-10-30", "employment": "freelancer"}}"#
            .write(to: directory.appendingPathComponent("mapping.json"), atomically: true, encoding: .utf8)
        let mapping = try ImportMapping.load(path: directory.appendingPathComponent("mapping.json").path)
        let summary = try await app.importer.importFile(
            path: directory.appendingPathComponent("rates.csv").path,
            options: ImportOptions(mapping: mapping)
        )
        #expect(summary.format == "csv")
        #expect(summary.accepted == 1 && summary.rejected == 1)
        let stored = try #require(try await app.store.observations(ObservationQuery()).first)
        #expect(stored.employment == .freelancer)
        #expect(stored.reported.period == .hour)
        #expect(abs(stored.normalised.hourlyUSD.amount - 150 * 1.1172 / 4.4038) < 0.01)
        #expect(stored.normalised.fxDate?.description == "2026-10-30")
    }

    /// L8: stored text is bounded: a row with a huge city, too many skills or a huge skill is
    /// rejected with its line and field, and the rest of the file is stored.
    @Test func oversizedTextFieldsAreRejectedRows() async throws {
        let app = try await Self.app()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oversized-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = [
            "1,Poland,\(String(repeating: "K", count: 121)),150,PLN,Go",
            "2,Poland,Kraków,150,PLN,\((1...101).map { "s\($0)" }.joined(separator: ";"))",
            "3,Poland,Kraków,150,PLN,\(String(repeating: "x", count: 101))",
            "4,Poland,Kraków,150,PLN,Go;PostgreSQL",
        ]
        try ("id,country,city,rate,currency,skills\n" + rows.joined(separator: "\n") + "\n")
            .write(to: directory.appendingPathComponent("rates.csv"), atomically: true, encoding: .utf8)
        let mapping = ImportMapping(
            columns: ["id": "id", "country": "country", "city": "city", "amount": "rate", "currency": "currency", "skills": "skills"],
            defaults: ["date": "2026-10-30", "period": "hour", "employment": "freelancer", "years": "5"]
        )
        let summary = try await app.importer.importFile(
            path: directory.appendingPathComponent("rates.csv").path,
            options: ImportOptions(mapping: mapping)
        )
        #expect(summary.accepted == 1 && summary.rejected == 3)
        let rejected = try await app.store.rejectedRows(sourceID: nil, limit: 10, offset: 0)
        #expect(rejected.map(\.issue.line).sorted() == [2, 3, 4])
        #expect(Set(rejected.map(\.issue.field)) == ["city", "skills"])
        #expect(rejected.allSatisfy { $0.issue.value.count <= 60 + " (61 more characters)".count + 1 }, "values are quoted as a short prefix")
    }

    /// A positive amount under the currency's smallest unit used to pass validation and dry-run,
    /// then abort the real import on the schema's `amount_minor > 0`.
    @Test func subCentAmountsAreRejectedRowsAndDryRunAgrees() async throws {
        let app = try await Self.app()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("subcent-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "id,country,rate,currency\n1,Germany,0.004,EUR\n2,Germany,55,EUR\n3,Japan,0.4,JPY\n"
            .write(to: directory.appendingPathComponent("rates.csv"), atomically: true, encoding: .utf8)
        try
            #"{"title": "Sub-cent", "columns": {"id": "id", "country": "country", "amount": "rate", "currency": "currency"}, "defaults": {"date": "2026-10-30", "period": "hour"}}"#
            .write(to: directory.appendingPathComponent("mapping.json"), atomically: true, encoding: .utf8)
        let mapping = try ImportMapping.load(path: directory.appendingPathComponent("mapping.json").path)
        let path = directory.appendingPathComponent("rates.csv").path
        let dryRun = try await app.importer.importFile(path: path, options: ImportOptions(mapping: mapping, dryRun: true))
        let summary = try await app.importer.importFile(path: path, options: ImportOptions(mapping: mapping))
        for result in [dryRun, summary] {
            #expect(result.read == 3 && result.accepted == 1 && result.rejected == 2)
            #expect(result.rejectedByReason["invalid-amount"] == 2)
        }
        let rejected = try await app.store.rejectedRows(sourceID: nil, limit: 10, offset: 0).map(\.issue)
        #expect(rejected.map(\.line) == [2, 4])
        #expect(rejected.allSatisfy { $0.field == "rate" && $0.reason == .invalidAmount })
    }
}

/// The embedded default data set: what a new user gets with no import step.
@Suite("Embedded default data", .tags(.slow), .skippedInQuickRuns)
struct DefaultDataTests {
    @Test func loadsOnceWhenTheStoreIsEmpty() async throws {
        let app = try await ImportServiceTests.app()
        let loaded = try await app.ensureData()
        #expect(loaded.count == 9)
        for summary in loaded {
            #expect(summary.accepted + summary.rejected == summary.read)
            #expect(summary.accepted > 0)
        }
        let sources = try await app.store.sources()
        #expect(sources.allSatisfy { $0.descriptor.isDefault })
        #expect(Set(sources.map(\.descriptor.format)) == ["oews", "so2016", "so2019", "so2023", "so2024", "so2025", "dou", "colombia-dev"])
        // Stack Overflow 2025 arrives with its languages joined, and 2024 decoded with its crosswalk.
        let so2025 = try #require(loaded.first { $0.format == "so2025" })
        #expect(so2025.warnings.contains("joined with so2025_languages.csv.gz"))
        #expect(try #require(loaded.first { $0.format == "so2024" }).accepted > 20_000)
        // colombia-dev records employers abroad, which the employer-abroad effect is learned from.
        let colombia = loaded.filter { $0.format == "colombia-dev" }
        #expect(colombia.map(\.accepted) == [1_539, 1_116])
        // Only ODbL, CC BY-SA, public-domain and DOU's research terms ship: no non-commercial or unlicensed rows.
        for source in sources {
            #expect(!source.descriptor.licence.localizedCaseInsensitiveContains("NC"), "\(source.descriptor.fileName)")
            #expect(!source.descriptor.licence.isEmpty)
        }
        #expect(try await app.ensureData().isEmpty)
        // Ukraine, the US and dozens of other countries have observations.
        let countries = Set(try await app.store.observations(ObservationQuery()).map(\.location.country))
        #expect(countries.count > 100)
    }
}

/// The estimator fitted on the embedded default data, against published figures.
@Suite("Estimation on the shipped data", .serialized, .tags(.slow), .skippedInQuickRuns)
struct ShippedDataEstimationTests {
    /// One app with the default data and a fitted model, shared by the tests of this suite.
    static let shared = Task { () throws -> (RateCardApp, Estimator) in
        let app = try await ImportServiceTests.app()
        try await app.ensureData()
        let model = try await app.models.fit(asOf: CalendarDate(iso: "2025-06-30"))
        return (app, Estimator(model: model, tables: app.tables))
    }

    static func profile(_ country: String, years: Double, city: String? = nil) -> Profile {
        Profile(country: CountryCode(country)!, city: city, years: years, asOf: CalendarDate(iso: "2025-06-30")!)
    }

    @Test func usBackendMedianLandsInsideOEWSInterquartileRange() async throws {
        let (_, estimator) = try await Self.shared.value
        let estimate = try estimator.estimate(Self.profile("US", years: 5))
        // OEWS May 2025, 15-1252 Software Developers, national: hourly P25 $50.58, P75 $82.68.
        #expect(estimate.hourly.p50 >= 50.58 && estimate.hourly.p50 <= 82.68, "median \(estimate.hourly.p50)")
        #expect(estimate.sources.contains { $0.source == "oews" })
    }

    @Test func ukraineLandsNearDOUsLatestWave() async throws {
        let (app, estimator) = try await Self.shared.value
        // DOU June 2025, 4–6 years of experience, all roles: median net monthly USD from the stored rows.
        let stored = try await app.store.observations(ObservationQuery(countries: [CountryCode("UA")!]))
        let wave = stored.filter { $0.observedOn.description == "2025-06-01" && ($0.experience.years ?? -1) >= 4 && ($0.experience.years ?? 99) <= 6 }
        let douMedian = try #require(Descriptive.median(wave.map { $0.reported.amount.amount }))
        let estimate = try estimator.estimate(Self.profile("UA", years: 5))
        #expect(abs(estimate.monthly.p50 / douMedian - 1) < 0.2, "estimate \(estimate.monthly.p50) vs DOU \(douMedian)")
    }

    /// Poland, Germany, India, Brazil and France lean at least half on 2024–2025 rows, and say so.
    @Test(arguments: ["PL", "DE", "IN", "BR", "FR"])
    func majorCountriesLeanOnRecentSurveys(country: String) async throws {
        let (_, estimator) = try await Self.shared.value
        // Asked in 2026, an answer's recent years are 2024 on.
        var profile = Self.profile(country, years: 6)
        profile.asOf = CalendarDate(iso: "2026-06-30")!
        let estimate = try estimator.estimate(profile)
        let years = try #require(estimate.dataYears)
        #expect(years.recentFrom == 2024 && years.recentShare >= 0.5, "\(country): \(years)")
        // Stack Overflow's waves are one family: its 2024 and 2025 answers set these countries' level.
        #expect(estimate.sources.first?.source == SourceFamily.stackOverflow)
        #expect(years.last == 2025 && years.first <= 2016)
        #expect(years.description.hasPrefix("observations \(years.first)–2025, "))
    }

    /// Real respondents in 2023–2025 tick many languages: a user's list is what the job needs, and
    /// twelve skills may move the median at most 25 % from two of them.
    @Test(arguments: ["US", "PL", "DE", "IN"])
    func longSkillListsDoNotStack(country: String) async throws {
        let (_, estimator) = try await Self.shared.value
        func median(_ skills: [String]) throws -> Double {
            try estimator.estimate(Profile(country: CountryCode(country)!, years: 8, skills: skills, asOf: CalendarDate(iso: "2025-06-30")!)).hourly
                .p50
        }
        let two = try median(["Go", "PostgreSQL"])
        let twelve = try median([
            "Go", "PostgreSQL", "Java", "JavaScript", "TypeScript", "Python", "SQL", "Bash", "HTML/CSS", "Kotlin", "Scala", "Ruby",
        ])
        #expect(twelve / two <= 1.25 && twelve / two >= 0.8, "\(country): 2 skills \(two), 12 skills \(twelve)")
        // Forty entries with duplicates and made-up names still get an answer, naming the unknown ones.
        let messy = (0..<40).map { ["Go", "golang", "PostgreSQL", "Zorblang\($0 % 3)"][$0 % 4] }
        let estimate = try estimator.estimate(
            Profile(country: CountryCode(country)!, years: 8, skills: messy, asOf: CalendarDate(iso: "2025-06-30")!)
        )
        #expect(abs(estimate.hourly.p50 / two - 1) < 0.01)
        #expect(estimate.factors.contains { $0.name == "Zorblang1" && $0.evidence.contains("not in the skill catalogue") })
    }

    @Test(arguments: ["US", "DE", "PL", "UA", "IN", "BR", "GB", "NG"])
    func experienceIsMonotoneInEveryCountry(country: String) async throws {
        let (_, estimator) = try await Self.shared.value
        var previous = 0.0
        for years in [0.0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30] {
            let estimate = try estimator.estimate(Self.profile(country, years: years))
            #expect(estimate.hourly.p50 >= previous)
            #expect(estimate.hourly.values == estimate.hourly.values.sorted())
            previous = estimate.hourly.p50
        }
    }

    @Test func heldOutCoverageAndErrorMeetTheTargets() async throws {
        let (app, _) = try await Self.shared.value
        let report = try await app.models.evaluate(holdOut: .random(fraction: 0.2, seed: 42), asOf: CalendarDate(iso: "2025-06-30"))
        let m = report.overall
        #expect(abs(m.model.coverage50 - 0.5) <= 0.05, "P25–P75 coverage \(m.model.coverage50)")
        #expect(abs(m.model.coverage80 - 0.8) <= 0.05, "P10–P90 coverage \(m.model.coverage80)")
        #expect(m.model.medianAbsoluteLogError < m.countryMedian.medianAbsoluteLogError)
        #expect(m.model.medianAbsoluteLogError < m.ordinaryLeastSquares.medianAbsoluteLogError)
        let again = try await app.models.evaluate(holdOut: .random(fraction: 0.2, seed: 42), asOf: CalendarDate(iso: "2025-06-30"))
        #expect(again == report)
    }

    @Test func batchRunsEveryRowAndReportsBadOnes() async throws {
        let (_, estimator) = try await Self.shared.value
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID()).csv")
        try """
        id,country,city,years,skills,employment,currency
        a,PL,,6,Go;PostgreSQL,employee,EUR
        b,Narnia,,3,,,
        c,DEU,Berlin,-1,,,
        d,USA,,5,,freelancer,USD
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let results = try BatchEstimator(estimator: estimator, today: CalendarDate(iso: "2025-06-30")!).run(path: file.path)
        #expect(results.map(\.id) == ["a", "b", "c", "d"])
        #expect(results[0].error == nil && results[0].currency == "EUR")
        #expect(results[1].error?.contains("field country") == true)
        #expect(results[2].error?.contains("field years") == true)
        #expect(results[3].hourly != nil)
        let csv = BatchEstimator.csv(results)
        #expect(csv.hasPrefix(BatchEstimator.outputColumns.joined(separator: ",") + "\n"))
        #expect(csv.split(separator: "\n").count == 5)

        // The column's former name is still read; both names with different values is the row's error.
        try "id,country,years,years_experience\na,PL,6,\nb,PL,,6\nc,PL,6,6\nd,PL,6,9\n".write(to: file, atomically: true, encoding: .utf8)
        let former = try BatchEstimator(estimator: estimator, today: CalendarDate(iso: "2025-06-30")!).run(path: file.path)
        #expect(
            former.map(\.error) == [
                nil, nil, nil, "line 5, field years: years '6' and years_experience '9' (its former name) disagree; give years only",
            ]
        )
        #expect(Set(former.prefix(3).map(\.annual)).count == 1)
    }

    /// L4: batch errors say what a batch needs (not import's --format advice), and a quote left
    /// open is named at its line instead of silently swallowing the rows after it.
    @Test func batchErrorsSpeakOfBatchesAndNameAnOpenQuote() async throws {
        let (_, estimator) = try await Self.shared.value
        let batch = BatchEstimator(estimator: estimator, today: CalendarDate(iso: "2025-06-30")!)
        func run(_ text: String) throws -> [BatchEstimator.Result] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID()).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            return try batch.run(path: file.path)
        }
        for (text, expected) in [
            ("", "the file is empty; a batch starts with a header line such as id,country"),
            ("id,years_experience\na,5\n", "the header has no country column"),
            ("id,county\na,PL\n", "unknown column 'county'"),
        ] {
            do {
                _ = try run(text)
                Issue.record("\(expected)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
                #expect(!"\(error)".contains("--format") && !"\(error)".contains("--mapping"), "\(error)")
            }
        }
        let results = try run("id,country,skills\na,PL,\"Go,SQL\nb,US,Python\nc,DE,Java\n")
        #expect(results.count == 1)
        #expect(
            results[0].error?.contains("line 2: a quoted field is not closed, so it runs to the end of the file") == true,
            "\(results[0].error ?? "")"
        )
        let closedLater = try run("id,country,years_experience,skills\na,PL,5,\"Go,SQL\nb,US,5,\"Python\nc,DE,5,Java\n")
        #expect(closedLater.map(\.id) == ["a", "c"])
        #expect(closedLater[0].error?.contains("runs over the next 1 line") == true, "\(closedLater[0].error ?? "")")
        #expect(closedLater[1].error == nil)
    }
}

/// Files that cannot add anything leave no trace, on every backend.
@Suite("Imports with nothing to store")
struct NothingToStoreTests {
    static let backends = ["sqlite"] + (PostgresTestServer.isAvailable ? ["postgres"] : [])

    static func app(_ backend: String) async throws -> RateCardApp {
        let location = backend == "postgres" ? try await PostgresTestServer.freshDatabaseURL() : ":memory:"
        return try await RateCardApp.build(
            configuration: AppConfiguration(databaseLocation: location),
            now: { Date(timeIntervalSince1970: 1_790_000_000) }
        )
    }

    @Test(arguments: backends) func aFileWithNoUsableRowCreatesNoSourceAndKeepsTheDataVersion(backend: String) async throws {
        let app = try await Self.app(backend)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nothing-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = try String(contentsOfFile: Fixtures.path("so2019_sample.csv"), encoding: .utf8).split(separator: "\n")[0]
        let files = [
            ("header-only.csv", "\(header)\n"),
            ("blank-lines.csv", "\(header)\n\n\n\n"),
            ("all-rejected.csv", "\(header)\n" + String(repeating: "x,y,z\n", count: 5)),
        ]
        let version = try await app.store.dataVersion()
        for (name, text) in files {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let summary = try await app.importer.importFile(path: path, options: ImportOptions())
            #expect(summary.sourceID == nil, "\(name)")
            #expect(summary.accepted == 0 && summary.accepted + summary.rejected == summary.read, "\(name)")
            #expect(summary.warnings.contains { $0.hasPrefix("nothing stored") }, "\(name)")
            // And again: still nothing, not "already imported".
            #expect(try await !app.importer.importFile(path: path, options: ImportOptions()).alreadyImported)
        }
        #expect(try await app.store.sources().isEmpty)
        #expect(try await app.store.dataVersion() == version)
    }

    @Test func aRecordLongerThanTheLimitFailsTheFileWithItsLine() async throws {
        var configuration = AppConfiguration(databaseLocation: ":memory:")
        configuration.inputLimits = InputLimits(maximumRecordBytes: 64 * 1024)
        let app = try await RateCardApp.build(configuration: configuration)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = try String(contentsOfFile: Fixtures.path("so2019_sample.csv"), encoding: .utf8).split(separator: "\n")[0]
        try ("\(header)\n\"" + String(repeating: "A", count: 2_000_000) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        await #expect {
            _ = try await app.importer.importFile(path: path, options: ImportOptions())
        } throws: { error in
            let text = "\(error)"
            return text.contains("line 2") && text.contains("65536 bytes") && text.count < 400
        }
        #expect(try await app.store.sources().isEmpty)
    }

    @Test func aGzipBombStopsAtTheInflatedLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID()).csv.gz").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // 8 MB of zeros compress to about 8 KB.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 8000000 /dev/zero | gzip -c > '\(path)'"]
        try process.run()
        process.waitUntilExit()
        let source = try InputFile.open(path: path, limits: InputLimits(maximumDecompressedBytes: 1_000_000))
        var buffer: [UInt8] = []
        #expect(throws: InputError.self) {
            while try source.read(into: &buffer, maxCount: 1 << 18) > 0 { buffer.removeAll(keepingCapacity: true) }
        }
    }
}

/// DOU publishes each wave raw and again in its harmonised file; the two must not count twice.
@Suite("DOU waves imported twice")
struct DOUOverlapTests {
    @Test func aRawWaveAfterTheHarmonisedFileIsRefusedRowByRowAsDuplicates() async throws {
        // The raw fixture under the name the harmonised file gives its source (`source_file`).
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dou-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("2024_dec_raw.csv").path
        try FileManager.default.copyItem(atPath: Fixtures.path("dou_2024_dec_raw_sample.csv"), toPath: raw)

        let alone = try await ImportServiceTests.app()
        let rawAlone = try await alone.importer.importFile(path: raw, options: ImportOptions())

        let app = try await ImportServiceTests.app()
        _ = try await app.importer.importFile(path: Fixtures.path("dou_harmonised_sample.csv"), options: ImportOptions())
        let rawAfter = try await app.importer.importFile(path: raw, options: ImportOptions())
        // The harmonised sample holds the wave's first 45 records: those are duplicates, the rest new.
        #expect(rawAfter.duplicates == 29)  // of those 45, the ones the raw adapter accepts at all
        #expect(rawAfter.duplicates + rawAfter.accepted == rawAlone.accepted)
        #expect(rawAfter.read == rawAlone.read)
    }
}
