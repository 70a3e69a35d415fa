import Foundation
import RateApp
import RateStoreTestSupport
import Testing

/// Every real data file in `../shared/data` (present in CI, maybe not in a user's clone).
/// When the folder is missing the suite is skipped and says so.
@Suite("Shared data sets (../shared/data)", .enabled(if: Fixtures.sharedDataDirectory != nil, "../shared/data is not beside the repository: skipping the big real-data suite"))
struct SharedDataTests {
    static let directory = Fixtures.sharedDataDirectory

    static let files = [
        "so/so2016_salary_extract.csv.gz", "so/so2016_stack_survey.csv.gz", "so/so2019_sample_repaired.csv", "so/so2023_sample_595rows.csv",
        "so/so2019_sample_excel_mangled_Noirio.csv", "so/so2023_first_1MiB_Mel77E.csv",
        "oews/oews_2025_computer_occupations_by_area.csv", "oews/oews_2025_software_devs_national_by_industry.csv",
        "oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz",
        "dou/dou_ua_salaries_harmonized_2011_2025.csv.gz", "dou/2024_dec_raw.csv.gz", "dou/2025_june_raw.csv.gz",
    ]

    @Test func everyFileImportsAndAccountsForEveryRow() async throws {
        let directory = try #require(Self.directory)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-shared-\(UUID()).sqlite").path
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
        #expect(cut.duplicates == cut.read - 1 - cut.rejectedByReason.filter { $0.key != "duplicate" && $0.key != "truncated-row" && $0.key != "malformed-row" }.values.reduce(0, +))
        // The full 2016 survey repeats the extract's respondents: they are duplicates, not new rows.
        #expect((summaries["so/so2016_stack_survey.csv.gz"]?.duplicates ?? 0) > 30_000)
        // The all-occupations OEWS file repeats the computer-occupation cells already stored.
        let all = try #require(summaries["oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz"])
        #expect(all.read == 236_799)
        #expect(all.duplicates > 4_000)
        #expect(summaries["dou/2025_june_raw.csv.gz"]?.encoding == "Windows-1251")

        let counts = (try await app.store.observationCount(), try await app.store.distributionCount())
        for file in Self.files {
            let again = try await app.importer.importFile(path: "\(directory)/\(file)", options: ImportOptions())
            #expect(again.alreadyImported, "\(file)")
        }
        #expect(try await app.store.observationCount() == counts.0)
        #expect(try await app.store.distributionCount() == counts.1)
    }
}
