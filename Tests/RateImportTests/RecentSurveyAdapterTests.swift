import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// Stack Overflow 2024 (coded answers with a crosswalk) and 2025 (a subset joined to its
/// languages), on real rows.
@Suite("Recent Stack Overflow layouts")
struct RecentSurveyAdapterTests {
    @Test func so2024DecodesItsCodesWithTheCrosswalkBesideIt() throws {
        let outcome = try AdapterTests.read("so2024_single_response_sample.csv")
        #expect(outcome.format == .so2024)
        #expect(outcome.read == 49)
        #expect(outcome.observations.count == 34)
        // Stack Overflow converts only what its checks keep: an unconverted salary is not used.
        let unconverted = outcome.rejected.filter { $0.field == "converted_comp_yearly" }
        #expect(unconverted.count == 5 && unconverted.allSatisfy { $0.reason == .missingPay })
        #expect(outcome.rejected.filter { $0.field == "comp_total" }.count == 10)
        // Respondent 73: Pakistan, developer by profession, data scientist (code 6), 1 professional
        // year of 3 coding, 2,040,000 PKR a year, hybrid (code 1), 100–499 employees.
        let row = try #require(outcome.observations.first { $0.recordKey == "so2024:73" })
        #expect(row.location.country.alpha2 == "PK")
        #expect(row.reported.amount.currency.code == "PKR")
        #expect(row.reported.amount.amount == 2_040_000)
        #expect(row.role == .data)
        #expect(row.experience.years == 1 && row.experience.codingYears == 3)
        #expect(row.remoteWork == .hybrid)
        #expect(row.employment == .employeeFullTime)
        #expect(outcome.observations.filter { $0.employment == .freelancer }.count == 4)
        #expect(outcome.observations.allSatisfy { $0.skills.isEmpty })
    }

    @Test func so2024WithoutItsCrosswalkNamesTheFileExpected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("so2024-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("so2024_single_response.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path("so2024_single_response_sample.csv"), toPath: copy.path)
        let context = AdapterTests.context
        #expect {
            _ = try SourceReader(path: copy.path, format: nil, mapping: nil, context: context)
        } throws: { error in
            "\(error)".contains("so2024_single_response_crosswalk.csv.gz") && "\(error)".contains("--labels")
        }
        // Named explicitly, it is used.
        let reader = try SourceReader(
            path: copy.path,
            format: nil,
            mapping: nil,
            context: context,
            labels: Fixtures.path("so2024_single_response_sample_crosswalk.csv")
        )
        #expect(reader.format == .so2024)
    }

    @Test func so2025JoinsItsLanguagesAndKeepsCodingYearsApart() throws {
        let outcome = try AdapterTests.read("so2025_salary_subset_sample.csv")
        #expect(outcome.format == .so2025)
        #expect(outcome.read == 40)
        #expect(outcome.rejected.isEmpty)
        #expect(outcome.warnings.contains("joined with so2025_languages_sample.csv"))
        // Respondent 1: Netherlands, back-end, 10 years of coding, $104,413.
        let row = try #require(outcome.observations.first { $0.recordKey == "so2025:1" })
        #expect(row.location.country.alpha2 == "NL")
        #expect(row.role == .backend)
        #expect(row.experience.years == nil && row.experience.codingYears == 10)
        #expect(row.experience.basis == .coding)
        #expect(row.normalised.annualUSD.amount == 104_413)
        #expect(!row.skills.isEmpty)
        let languageRows = try String(contentsOfFile: Fixtures.path("so2025_languages_sample.csv"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("1,") }.count
        #expect(row.skills.count == languageRows)
    }

    @Test func theLanguagesFileAloneIsNamedAsACompanion() throws {
        #expect {
            _ = try AdapterTests.read("so2025_languages_sample.csv")
        } throws: { error in
            "\(error)".contains("so2025 languages") && "\(error)".contains("completes a so2025 source")
        }
    }
}
