import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// colombia-dev 2020 (form export) and 2021 (SurveyMonkey export), on real rows chosen for their traps.
@Suite("colombia-dev surveys")
struct ColombiaDevAdapterTests {
    @Test func the2020WaveConvertsPesosAtTheYearsTRMAndRejectsWhatIsNotAYearlySalary() throws {
        let outcome = try AdapterTests.read("colombia_dev_2020_sample.csv")
        #expect(outcome.format == .colombiaDev)
        #expect(outcome.read == 25)
        #expect(outcome.observations.count == 19)
        // "32.3", "108" and 3,000,000 pesos, and 320 dollars, are below a year of minimum wage;
        // 290,000,000 "dólares" is a peso amount; the last row is an apprenticeship.
        let invalid = outcome.rejected.filter { $0.reason == .invalidAmount }.map(\.value)
        #expect(invalid.sorted() == ["108", "290000000", "3000000", "32.3", "320"])
        let apprenticeship = try #require(outcome.rejected.first { $0.reason == .notEmployed })
        #expect(apprenticeship.value == "Contrato de aprendizaje")
        #expect(apprenticeship.field == "Tipo de relación laboral")

        // Line 10: Java, 5–10 years, 102,000,000 COP a year with a foreign company.
        let pesos = try #require(outcome.observations.first { $0.recordKey == "colombia-dev-2020:line-10" })
        #expect(pesos.location.country.alpha2 == "CO")
        #expect(pesos.reported.amount.currency.code == "COP")
        #expect(abs(pesos.normalised.annualUSD.amount - 102_000_000 / 3_693.36) < 0.5)
        #expect(pesos.qualityRule?.contains("3693.36") == true)
        #expect(pesos.business == .abroad)
        #expect(pesos.employment == .employeeFullTime)
        #expect(pesos.experience.bandLow == 5 && pesos.experience.bandHigh == 10)

        // Line 4: an international contractor paid 72,000 dollars.
        let contractor = try #require(outcome.observations.first { $0.recordKey == "colombia-dev-2020:line-4" })
        #expect(contractor.normalised.annualUSD.amount == 72_000)
        #expect(contractor.employment == .freelancer)
        #expect(contractor.business == .abroad)

        #expect(outcome.observations.filter { $0.business == .abroad }.count == 13)
        #expect(outcome.observations.filter { $0.employment == .freelancer }.count == 6)
        // A Colombian company's employee has no business location of its own: it is where they live.
        #expect(outcome.observations.filter { $0.business == nil }.count == 6)
    }

    @Test func the2021WaveSkipsItsSubHeaderAndReadsSpreadLanguageColumns() throws {
        let outcome = try AdapterTests.read("colombia_dev_2021_sample.csv")
        #expect(outcome.format == .colombiaDev)
        #expect(outcome.read == 23)
        #expect(outcome.observations.count == 13)
        let subHeader = try #require(outcome.rejected.first { $0.value == "Response" })
        #expect(subHeader.reason == .malformedRow)
        // Its questions run over several lines: the line given is where the row starts in the file.
        #expect(subHeader.line == 8)
        #expect(outcome.rejected.filter { $0.reason == .missingPay }.count == 6)
        #expect(outcome.rejected.filter { $0.reason == .invalidAmount }.map(\.value).sorted() == ["1320000", "200000000", "4000000"])

        // Respondent 12993375661: a TypeScript back-end developer, international contractor, 24,000 USD.
        let row = try #require(outcome.observations.first { $0.recordKey == "colombia-dev-2021:12993375661" })
        #expect(row.normalised.annualUSD.amount == 24_000)
        #expect(row.employment == .freelancer)
        #expect(row.business == .abroad)
        #expect(row.role == .backend)
        #expect(row.experience.bandLow == 3 && row.experience.bandHigh == 5)
        #expect(row.skills.count > 1, "the other languages, ticked in unnamed columns, are read too")
        #expect(row.observedOn.year == 2021)

        #expect(outcome.observations.filter { $0.business == .abroad }.count == 9)
    }

    @Test func anAmountThatIsNotANumberSaysWhereAndWhat() throws {
        // The real line 10 with its salary written out in words.
        let lines = try String(contentsOfFile: Fixtures.path("colombia_dev_2020_sample.csv"), encoding: .utf8).split(separator: "\n")
        let edited = lines[9].replacingOccurrences(of: ",102000000,", with: ",ochenta millones,")
        #expect(edited != lines[9])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("colombia-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("colombia.csv")
        try (lines[0] + "\n" + edited + "\n").write(to: file, atomically: true, encoding: .utf8)
        let reader = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        var issues: [RowIssue] = []
        try reader.forEachItem { if case let .rejected(issue) = $0 { issues.append(issue) } }
        let issue = try #require(issues.first)
        #expect(issue.line == 2)
        #expect(issue.reason == .invalidAmount)
        #expect(issue.field.hasPrefix("¿Usando la moneda"))
        #expect(issue.value == "ochenta millones")
        #expect(issue.message.contains("not a positive amount"))
    }
}
