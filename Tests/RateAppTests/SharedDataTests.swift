import Foundation
import RateApp
import RateCore
import RateImport
import RateStore
import RateStoreTestSupport
import RateTestSupport
import Testing

/// Every real data file in `../shared/data` (present in CI, maybe not in a user's clone).
/// When the folder is missing the suite is skipped and says so.
@Suite(
    "Shared data sets (../shared/data)",
    .tags(.slow, .sharedData),
    .skippedInQuickRuns,
    .enabled(if: Fixtures.sharedDataDirectory != nil, "../shared/data is not beside the repository: skipping the big real-data suite")
)
struct SharedDataTests {
    static let directory = Fixtures.sharedDataDirectory

    static let files =
        [
            "so/so2016_salary_extract.csv.gz", "so/so2016_stack_survey.csv.gz", "so/so2019_sample_repaired.csv", "so/so2023_sample_595rows.csv",
            "so/so2019_sample_excel_mangled_Noirio.csv", "so/so2023_first_1MiB_Mel77E.csv",
            "so/so2024_single_response.csv.gz", "so/so2025_salary_subset.csv.gz",
            "oews/oews_2025_computer_occupations_by_area.csv", "oews/oews_2025_software_devs_national_by_industry.csv",
            "oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz",
            "dou/dou_ua_salaries_harmonized_2011_2025.csv.gz", "dou/2024_dec_raw.csv.gz", "dou/2025_june_raw.csv.gz",
            "latam/colombia/colombia_dev_2020_raw.csv", "latam/colombia/colombia_dev_2021_raw.csv",
            "so/so2019_survey_subset.csv.gz", "levelsfyi/Levels_Fyi_Salary_Data.csv.gz", "poland/justjoinit_offers_2021_08.csv",
        ] + sysarmyWaves.map { "latam/sysarmy/sysarmy_\($0)_argentina.csv.gz" }

    static let sysarmyWaves = ["2019.1", "2019.2", "2020.1", "2020.2", "2022.1", "2022.2", "2023.1", "2023.2", "2024.1", "2025.1", "2025.2"]

    @Test func everyFileImportsAndAccountsForEveryRow() async throws {
        let directory = try #require(Self.directory)
        let database = TemporaryFiles.path("shared")
        let app = try await RateCardApp.build(configuration: AppConfiguration(databaseLocation: database))
        var summaries: [String: ImportSummary] = [:]
        for file in Self.files {
            let summary = try await app.importer.importFile(path: "\(directory)/\(file)", options: ImportOptions())
            summaries[file] = summary
            #expect(summary.accepted + summary.rejected == summary.read, "\(file)")
            #expect(summary.read > 0, "\(file)")
        }
        // The mangled spreadsheet export stores nothing; the cut-off file loses only its last record.
        #expect(summaries["so/so2019_sample_excel_mangled_Noirio.csv"]?.accepted == 0)
        let cut = try #require(summaries["so/so2023_first_1MiB_Mel77E.csv"])
        #expect(cut.rejectedByReason["truncated-row"] == 1 || cut.rejectedByReason["malformed-row"] == 1)
        // Its complete records are the same respondents as the 595-row sample imported before it.
        #expect(
            cut.duplicates == cut.read - 1
                - cut.rejectedByReason.filter { $0.key != "duplicate" && $0.key != "truncated-row" && $0.key != "malformed-row" }.values.reduce(0, +)
        )
        // The full 2016 survey repeats the extract's respondents: they are duplicates, not new rows.
        #expect((summaries["so/so2016_stack_survey.csv.gz"]?.duplicates ?? 0) > 30_000)
        // The all-occupations OEWS file repeats the computer-occupation cells already stored.
        let all = try #require(summaries["oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz"])
        #expect(all.read == 236_799)
        #expect(all.duplicates > 4_000)
        #expect(summaries["dou/2025_june_raw.csv.gz"]?.encoding == "Windows-1251")
        // DOU's raw waves repeat the harmonised file's 2024-12 and 2025-06 waves record for record.
        for (file, accepted) in [("dou/2024_dec_raw.csv.gz", 10_970), ("dou/2025_june_raw.csv.gz", 10_616)] {
            let summary = try #require(summaries[file])
            #expect(summary.accepted == 0 && summary.duplicates == accepted, "\(file)")
        }
        // Stack Overflow 2024: every respondent read; those with a USD figure of Stack Overflow's own kept.
        let so2024 = try #require(summaries["so/so2024_single_response.csv.gz"])
        #expect(so2024.read == 65_437)
        #expect(so2024.accepted > 23_000 && so2024.accepted <= 23_435)
        // Stack Overflow 2025: the subset, with its languages file found beside it.
        let so2025 = try #require(summaries["so/so2025_salary_subset.csv.gz"])
        #expect(so2025.read == 17_536 && so2025.accepted > 17_400)
        #expect(so2025.warnings.contains("joined with so2025_languages.csv.gz"))
        // colombia-dev: every response read; 2021's sub-header row and its respondents without pay are rejected by name.
        let colombia2020 = try #require(summaries["latam/colombia/colombia_dev_2020_raw.csv"])
        #expect(colombia2020.read == 1_703 && colombia2020.accepted == 1_539)
        let colombia2021 = try #require(summaries["latam/colombia/colombia_dev_2021_raw.csv"])
        #expect(colombia2021.read == 1_785 && colombia2021.accepted == 1_116)
        #expect(colombia2021.rejectedByReason["missing-pay"] == 565 && colombia2021.rejectedByReason["malformed-row"] == 1)

        // Stack Overflow 2019's every respondent: the 85-column sample's respondents are the same people.
        let subset = try #require(summaries["so/so2019_survey_subset.csv.gz"])
        #expect(subset.read == 88_883)
        #expect(subset.duplicates > 400 && subset.duplicates <= 641)
        #expect(subset.accepted > 50_000)
        // sysarmy: every wave under its banner, each converted at a stated rate.
        var sysarmyRead = 0
        for wave in Self.sysarmyWaves {
            let summary = try #require(summaries["latam/sysarmy/sysarmy_\(wave)_argentina.csv.gz"])
            sysarmyRead += summary.read
            #expect(summary.warnings.contains { $0.hasPrefix("wave \(wave); ARS at ") }, "\(wave)")
            #expect(summary.warnings.contains { $0.hasPrefix("skipped ") && $0.contains("banner rows") }, "\(wave)")
            #expect(Double(summary.accepted) > 0.9 * Double(summary.read), "\(wave)")
        }
        #expect(sysarmyRead == 57_803)
        // levels.fyi: total compensation with its parts; every location placed but a handful.
        let levels = try #require(summaries["levelsfyi/Levels_Fyi_Salary_Data.csv.gz"])
        #expect(levels.read == 62_642 && levels.rejected < 20)
        // justjoin.it: offers, stored as advertised ranges; about 1,050 quote both contracts.
        let offers = try #require(summaries["poland/justjoinit_offers_2021_08.csv"])
        // The export repeats 17 rows; one of them discloses no salary, so 16 are duplicates of stored offers.
        #expect(offers.read == 5_506 && offers.duplicates == 16)
        #expect(offers.rejectedByReason["missing-pay"] == 1_281)
        let ranges = try await app.store.advertisedRanges(AdvertisedRangeQuery())
        let permanent = ranges.filter { $0.employment == .employeeFullTime }
        #expect(permanent.count > 1_000 && permanent.count < 1_060)
        #expect(Set(ranges.map(\.offerKey)).count == offers.accepted)

        let counts = (try await app.store.observationCount(), try await app.store.distributionCount())
        for file in Self.files {
            let again = try await app.importer.importFile(path: "\(directory)/\(file)", options: ImportOptions())
            // A file that stored nothing left no source, so it is read again (and stores nothing again).
            let first = try #require(summaries[file])
            #expect(again.alreadyImported == (first.accepted > 0), "\(file)")
        }
        #expect(try await app.store.observationCount() == counts.0)
        #expect(try await app.store.distributionCount() == counts.1)
    }

    /// Imports every file in order; the summaries by file.
    static func importAll(into app: RateCardApp, from directory: String) async throws -> [String: ImportSummary] {
        var summaries: [String: ImportSummary] = [:]
        for file in files { summaries[file] = try await app.importer.importFile(path: "\(directory)/\(file)", options: ImportOptions()) }
        return summaries
    }

    @Test(
        "PostgreSQL stores the same rows and gives the same estimates as SQLite",
        .tags(.postgres),
        .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: the PostgreSQL comparison is skipped")
    )
    func postgresAgreesWithSQLite() async throws {
        let directory = try #require(Self.directory)
        let now: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_780_000_000) }
        let sqlite = try await RateCardApp.build(
            configuration: AppConfiguration(
                databaseLocation: TemporaryFiles.path("compare")
            ),
            now: now
        )
        let postgres = try await RateCardApp.build(
            configuration: AppConfiguration(databaseLocation: try await PostgresTestServer.freshDatabaseURL()),
            now: now
        )
        let fromSQLite = try await Self.importAll(into: sqlite, from: directory)
        let fromPostgres = try await Self.importAll(into: postgres, from: directory)
        for file in Self.files {
            let a = try #require(fromSQLite[file])
            let b = try #require(fromPostgres[file])
            #expect(a.read == b.read && a.accepted == b.accepted && a.rejected == b.rejected && a.duplicates == b.duplicates, "\(file)")
            #expect(a.rejectedByReason == b.rejectedByReason && a.flagged == b.flagged && a.flaggedByQuality == b.flaggedByQuality, "\(file)")
        }
        #expect(try await sqlite.store.observationCount() == postgres.store.observationCount())
        #expect(try await sqlite.store.distributionCount() == postgres.store.distributionCount())
        #expect(
            try await sqlite.store.rejectedRows(sourceID: nil, limit: 1_000_000, offset: 0).count
                == postgres.store.rejectedRows(sourceID: nil, limit: 1_000_000, offset: 0).count
        )

        let (a, _) = try await sqlite.models.current()
        let (b, _) = try await postgres.models.current()
        let asOf = CalendarDate(iso: "2026-06-30")!
        for (country, years, skills, hire) in [
            ("PL", 6.0, ["Go", "PostgreSQL"], HireType.employee), ("US", 3, ["Python"], .freelancer),
            ("UA", 10, ["Java"], .agency), ("DE", 1, [], .employee), ("IN", 15, ["Rust"], .employee),
        ] {
            let profile = Profile(country: CountryCode(country)!, years: years, skills: skills, hire: hire, asOf: asOf)
            let fromA = try a.estimate(profile)
            let fromB = try b.estimate(profile)
            let cents = { (values: [Double]) in values.map { ($0 * 100).rounded() } }
            #expect(cents(fromA.hourly.values) == cents(fromB.hourly.values), "\(country) hourly")
            #expect(cents(fromA.annual.values) == cents(fromB.annual.values), "\(country) annual")
            #expect(fromA.sampleSize == fromB.sampleSize, "\(country) sample size")
        }
        let reportA = try await sqlite.observedPercentiles(role: .backend)
        let reportB = try await postgres.observedPercentiles(role: .backend)
        #expect(reportA == reportB)
    }

    /// The bundled B2B-against-employment evidence is what `scripts/fit-contract-offers.sh` derives
    /// from the real justjoin.it offers.
    @Test func theBundledContractOfferEvidenceIsDerivedFromTheRealOffers() throws {
        let directory = try #require(Self.directory)
        let tables = try ReferenceLoader.bundled()
        let reader = try SourceReader(
            path: "\(directory)/poland/justjoinit_offers_2021_08.csv",
            format: nil,
            mapping: nil,
            context: ImportContext(normaliser: PayNormaliser(tables: tables))
        )
        var ranges: [AdvertisedRange] = []
        var seen = Set<String>()
        try reader.forEachItem { item in
            if case let .offer(offer) = item { ranges += offer.filter { seen.insert($0.recordKey).inserted } }
        }
        let derived = ContractOfferEvidence(ranges: ranges) { String($0.recordKey.prefix { $0 != ":" }) }
        #expect(derived == tables.contractOffers, "contract-offers.json is out of date: run scripts/fit-contract-offers.sh")
        #expect(derived.evidence(for: CountryCode("PL")!)?.offers ?? 0 > 1_000)
    }

    /// The bundled market-rate parameters are what `scripts/fit-market-rates.sh` makes from the real
    /// listings and profiles, and every row of those files is used or rejected with a reason.
    @Test func theBundledMarketRatesRefitFromTheRealListings() throws {
        let directory = try #require(Self.directory)
        let names = ["agency_listings_clutch_2024-04.csv", "agency_listings_clutch_goodfirms_2025-10.csv", "freelancer_com_profiles_2025-04.csv.gz"]
        let tables = try ReferenceLoader.bundled()
        let build = try MarketRateBuild(paths: names.map { "\(directory)/rates/\($0)" }, tables: tables)
        for reading in build.readings {
            let superseded = build.supersededByFile[reading.path]?.count ?? 0
            #expect(reading.quotes.count + reading.rejected.count == reading.rowsRead, "\(reading.path)")
            #expect(build.keptQuotes(of: reading) + superseded == reading.quotes.count)
        }
        // The README's known defect: about 2,200 Clutch 2024 rows have the size in the rate column.
        let clutch = try #require(build.readings.first { $0.layout == .clutch2024 })
        #expect(clutch.repairedRows > 2_100 && clutch.repairedRows < 2_300)
        #expect(clutch.rejected.filter { $0.reason == .missingPay }.count == clutch.repairedRows)
        // Freelancer.com lists the same person under several skills: one profile each.
        let freelancers = try #require(build.readings.first { $0.layout == .freelancerCom })
        #expect(Set(freelancers.identities).count == freelancers.quotes.count)
        // Equal up to summation order (the fit's groups are hashed, so sums may run in another order).
        var differences: [String] = []
        for fit in build.model.channels {
            guard let bundled = tables.marketRates.fit(for: fit.channel) else {
                differences.append("\(fit.channel): not bundled")
                continue
            }
            let pairs =
                [("world", fit.world, bundled.world)]
                + fit.regions.map { region in
                    (
                        region.region.rawValue, region.level,
                        bundled.regions.first { $0.region == region.region }?.level ?? MarketLevel(logMedian: 0, logSpread: 0, quotes: 0)
                    )
                }
                + fit.countries.map { country in
                    (
                        country.country.alpha2, country.level,
                        bundled.countries.first { $0.country == country.country }?.level ?? MarketLevel(logMedian: 0, logSpread: 0, quotes: 0)
                    )
                }
            for (name, fresh, old) in pairs
            where fresh.quotes != old.quotes || abs(fresh.logMedian - old.logMedian) > 1e-9 || abs(fresh.logSpread - old.logSpread) > 1e-9 {
                differences.append("\(fit.channel) \(name)")
            }
            if fit.countries.count != bundled.countries.count || fit.sources != bundled.sources {
                differences.append("\(fit.channel): countries or sources")
            }
        }
        #expect(differences.isEmpty, "market-rates.json is out of date (run scripts/fit-market-rates.sh): \(differences.prefix(10))")
    }
}
