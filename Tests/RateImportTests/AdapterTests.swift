import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// Reads fixtures of real rows through each layout's adapter.
@Suite("Source layouts")
struct AdapterTests {
    static let context = ImportContext(normaliser: PayNormaliser(tables: try! ReferenceLoader.bundled()))

    struct Outcome {
        var format: SourceFormat
        var observations: [Observation] = []
        var distributions: [PublishedDistribution] = []
        var offers: [[AdvertisedRange]] = []
        var rejected: [RowIssue] = []
        var read: Int { observations.count + distributions.count + offers.count + rejected.count }
        var warnings: [String] = []
    }

    static func read(_ fixture: String, format: SourceFormat? = nil, mapping: ImportMapping? = nil) throws -> Outcome {
        let reader = try SourceReader(path: Fixtures.path(fixture), format: format, mapping: mapping, context: context)
        var outcome = Outcome(format: reader.format, warnings: reader.warnings)
        try reader.forEachItem { item in
            switch item {
            case let .observation(value): outcome.observations.append(value)
            case let .distribution(value): outcome.distributions.append(value)
            case let .offer(ranges): outcome.offers.append(ranges)
            case let .rejected(issue): outcome.rejected.append(issue)
            }
        }
        return outcome
    }

    @Test(arguments: [
        ("so2016_extract_sample.csv", SourceFormat.so2016, 399),
        ("so2016_full_sample.csv.gz", .so2016, 200),
        ("so2019_sample.csv", .so2019, 60),
        ("so2023_sample.csv", .so2023, 60),
        ("oews_sample.csv", .oews, 161),
        ("oews_by_industry_sample.csv.gz", .oews, 79),
        ("dou_harmonised_sample.csv", .dou, 171),
        ("dou_2024_dec_raw_sample.csv", .douRaw, 60),
        ("dou_2025_june_raw_sample.csv.gz", .douRaw, 60),
    ])
    func everyRowIsAccountedFor(fixture: String, format: SourceFormat, rows: Int) throws {
        let outcome = try Self.read(fixture)
        #expect(outcome.format == format)
        #expect(outcome.read == rows)
        #expect(outcome.observations.count + outcome.distributions.count > 0)
        for issue in outcome.rejected {
            #expect(issue.line > 1)
            #expect(!issue.field.isEmpty)
            #expect(!issue.message.isEmpty)
        }
    }

    @Test func so2016RowKeepsBandExperienceAndSkills() throws {
        let outcome = try Self.read("so2016_extract_sample.csv")
        // respondent 4637: Afghanistan, iOS developer, 6-10 years, "$40,000 - $50,000", iOS; Objective-C, employed full-time.
        let row = try #require(outcome.observations.first { $0.recordKey == "so2016:4637" })
        #expect(row.location.country.alpha2 == "AF")
        #expect(row.reported.amount == Money(minorUnits: 4_500_000, currency: .usd))
        #expect(row.reported.bandLow?.amount == 40000 && row.reported.bandHigh?.amount == 50000)
        #expect(row.quality == .banded)
        #expect(row.experience.bandLow == 6 && row.experience.bandHigh == 10)
        #expect(row.skills.map(\.name) == ["iOS", "Objective-C"])
        #expect(row.role == .mobile)
        #expect(row.employment == .employeeFullTime)
        #expect(row.normalised.hourlyUSD.amount == (45000.0 / 2080 * 100).rounded() / 100)
        #expect(row.line == 2)
        // respondent 21378 is a freelancer with "Less than $10,000".
        let freelancer = try #require(outcome.observations.first { $0.recordKey == "so2016:21378" })
        #expect(freelancer.employment == .freelancer)
        #expect(freelancer.reported.bandLow?.amount == 0)
        // Students and the unemployed are rejected with the field named.
        #expect(outcome.rejected.contains { $0.reason == .notEmployed && $0.field == "employment_status" })
    }

    @Test func so2019UsesItsOwnCurrencyAndPeriod() throws {
        let outcome = try Self.read("so2019_sample.csv")
        // Respondent 4: United States, 61000 USD yearly, full-stack, "Less than 1 year".
        let row = try #require(outcome.observations.first { $0.recordKey == "so2019:4" })
        #expect(row.reported.amount.amount == 61000)
        #expect(row.reported.period == .year)
        #expect(row.normalised.annualUSD.amount == 61000)
        #expect(row.role == .fullStack)
        #expect(row.experience.bandLow == 0 && row.experience.bandHigh == 1)
        #expect(row.skills.map(\.name).starts(with: ["C", "C++", "C#", "Python", "SQL"]))
        #expect(outcome.rejected.contains { $0.reason == .missingPay && $0.field == "CompTotal" && $0.value == "NA" })
        for observation in outcome.observations where observation.reported.amount.currency != .usd {
            #expect(observation.normalised.fxOrigin != .none)
        }
    }

    @Test func so2023ReadsTheCurrencyCodeBeforeTheTab() throws {
        let outcome = try Self.read("so2023_sample.csv")
        let row = try #require(outcome.observations.first { $0.recordKey == "so2023:4" })
        #expect(row.reported.amount.amount == 156000)
        #expect(row.location.country.alpha2 == "US")
        #expect(row.experience.years == 7)
        #expect(row.role == .frontend)
        #expect(row.skills.contains { $0.name == "PostgreSQL" })
    }

    @Test func spreadsheetMangledFileIsRejectedRowByRow() throws {
        let outcome = try Self.read("so2019_excel_mangled_sample.csv")
        #expect(outcome.format == .so2019)
        #expect(outcome.observations.isEmpty)
        #expect(outcome.rejected.count == 30)
        #expect(outcome.rejected.allSatisfy { $0.reason == .malformedRow })
        #expect(outcome.warnings.contains { $0.contains("spreadsheet") })
    }

    @Test func truncatedFileRejectsItsLastRecord() throws {
        let outcome = try Self.read("so2023_truncated_sample.csv")
        let last = try #require(outcome.rejected.last)
        #expect(last.reason == .truncatedRow || last.reason == .malformedRow)
        #expect(outcome.observations.count + outcome.rejected.count == outcome.read)
    }

    @Test func oewsRowsAreDistributionsWithTopCodingKept() throws {
        let outcome = try Self.read("oews_sample.csv")
        #expect(outcome.observations.isEmpty)
        let national = try #require(outcome.distributions.first { $0.areaType == "N" && $0.occupationCode == "151252" })
        #expect(national.role == .backend)
        #expect(national.annual.p50 != nil)
        let topCoded = outcome.distributions.filter { $0.quality == .topCoded }
        #expect(topCoded.count == 5)
        for distribution in topCoded {
            #expect(distribution.annual.p90 == nil)
            #expect(distribution.topCodedCells.contains("annual_p90"))
        }
        // Annual-only occupations (footnote 4) keep annual figures and no hourly ones.
        let annualOnly = outcome.distributions.filter { $0.footnotes.hasPrefix("03:4") }
        #expect(annualOnly.count == 5)
        #expect(annualOnly.allSatisfy { $0.hourly.p50 == nil && $0.annual.p50 != nil })
        // "-" cells from BLS suppression stay missing, they don't become zero.
        #expect(outcome.distributions.allSatisfy { $0.annual.all.allSatisfy { ($0?.minorUnits ?? 1) > 0 } })
    }

    /// Inputs libFuzzer found (scripts/fuzz.sh, ImportAdapterFuzz) that once crashed an adapter:
    /// the rows under the fixture's real header, as base64. Each must read to the end, every row
    /// stored or rejected.
    @Test(arguments: [
        // OEWS: a NUL-padded occupation cell and 0xFF runs in the wage cells trapped in convert.
        (
            "oews_sample.csv", SourceFormat.oews,
            "T0VVTTAsTmV0d29yayBhbv///3RvcnMsMTAwLDguNiwzNy4xMyw3NzIzMCwyLjksMjUuMDAsMjkuMDUsMzguMTAsNDIuNDcsNDkuNjcsNTIwMDAsNjA0MjAsNzkyNjAsODgzMzAsMTAzMzIwLDEuMjgwLDAuNjMsCk9FVU0wMDEwcTgwMDAwMDAwMTUxMjUyLE0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACwwMDEwMTgwLDQ4LCJBYmlsZW5lLCBUWCIsMDAwMDAwLCJDcm9zcy1JbmR1c3RyeSwgUHJpdmF0ZSwgRmVkZXJhbCwgU3RhdGUsIGFuZDBMb2NhbCIsMTUxMjUyLFNvZnR3YXJlIERldmVsb3BlcnMsMjUwLDcuOLYAAAAsNTEuMjQsMTA2NTgw//////////////////////////////////////////////////////8sMi43LDI24ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4OAuNTAsMzYuNTYsNDkuODksNjIuNjQsNzYuNTQsNTUxMTAsNzYwMzAsMTAzNzYwLDEzMDMwMCwxy8bN2TAsMy4zNzcsMC4zMSwlCg=="
        )
    ])
    func fuzzFindingsReadToTheEnd(fixture: String, format: SourceFormat, rows: String) throws {
        let text = try String(contentsOfFile: Fixtures.path(fixture), encoding: .utf8)
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-finding-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data((header + "\n").utf8) + Data(base64Encoded: rows)!))
        let reader = try SourceReader(path: path, format: format, mapping: nil, context: Self.context)
        var read = 0
        try reader.forEachItem { _ in read += 1 }
        #expect(read >= 1)
    }

    @Test func douKeepsNetMonthlyAndRejectsCrossTabTotals() throws {
        let outcome = try Self.read("dou_harmonised_sample.csv")
        let first = try #require(outcome.observations.first)
        #expect(first.reported.basis == .net)
        #expect(first.reported.period == .month)
        #expect(first.location.country.alpha2 == "UA")
        #expect(first.location.city == "Kyiv")
        #expect(first.reported.amount.amount == 2000)
        #expect(first.observedOn.description == "2011-12-01")
        #expect(outcome.rejected.contains { $0.reason == .aggregateRow })
        #expect(outcome.rejected.contains { $0.reason == .unknownCountry && $0.field == "lives_in" })
        #expect(outcome.rejected.contains { $0.reason == .missingPay })
        let banded = outcome.observations.filter { $0.quality == .banded }
        #expect(!banded.isEmpty)
        #expect(banded.allSatisfy { $0.reported.bandLow != nil })
    }

    @Test func douRawWavesInBothEncodings() throws {
        let december = try Self.read("dou_2024_dec_raw_sample.csv")
        let june = try Self.read("dou_2025_june_raw_sample.csv.gz")
        #expect(june.warnings.contains { $0.contains("Windows-1251") })
        // First 2024 record: Middle QA in Lviv, 800 USD net per month, 2 years.
        let row = try #require(december.observations.first)
        #expect(row.reported.amount.amount == 800)
        #expect(row.location.city == "Lviv")
        #expect(row.role == .qa)
        #expect(row.experience.years == 2)
        #expect(row.experience.statedLevel == .mid)
        #expect(row.observedOn.description == "2024-11-22")
        // 2025 rows decode Cyrillic correctly: the first respondent lost their job and is rejected by name.
        let lost = try #require(june.rejected.first { $0.reason == .notEmployed })
        #expect(lost.value.hasPrefix("Втратив"))
        // 2025 asks who the client is: contractors with a foreign client (lines 8, 46, 59, 60: the header takes two lines) work
        // for a business abroad; December 2024 did not ask, so its rows are local.
        #expect(june.observations.filter { $0.business == .abroad }.map(\.line) == [8, 46, 59, 60])
        #expect(june.observations.filter { $0.business == .abroad }.allSatisfy { $0.employment == .freelancer })
        #expect(december.observations.allSatisfy { $0.business == nil })
    }

    @Test func theHarmonisedDOUFileKeepsAForeignClient() throws {
        let outcome = try Self.read("dou_harmonised_sample.csv")
        let abroad = outcome.observations.filter { $0.business == .abroad }
        #expect(abroad.map(\.line) == [135])
    }

    @Test func so2019SubsetIsTheSurveysRespondentsInOrder() throws {
        let outcome = try Self.read("so2019_survey_subset_sample.csv")
        #expect(outcome.format == .so2019Subset)
        #expect(outcome.read == 60)
        // Row 4: a developer by profession in the United States, 61,000 USD, 80 hours a week.
        let row = try #require(outcome.observations.first { $0.recordKey == "so2019:4" })
        #expect(row.location.country.alpha2 == "US")
        #expect(row.normalised.annualUSD.amount == 61_000)
        #expect(row.experience.basis == .none)
        #expect(row.employment == .employeeFullTime)
        #expect(row.skills.map(\.name).contains("Python"))
        // Row 6 works 15 hours a week: part-time pay, kept apart from full-time rates.
        #expect(outcome.observations.first { $0.recordKey == "so2019:6" }?.employment == .employeePartTime)
        // Students and hobbyists are refused by their answer; working respondents without pay lack pay.
        #expect(outcome.rejected.first { $0.line == 2 }?.reason == .notEmployed)
        #expect(outcome.rejected.first { $0.line == 6 }?.reason == .missingPay)
        // The sample of the 85-column file keys the same respondent the same way: stored once.
        let sample = try Self.read("so2019_sample.csv")
        let shared = Set(sample.observations.compactMap(\.recordKey)).intersection(outcome.observations.compactMap(\.recordKey))
        #expect(!shared.isEmpty)
    }

    @Test func genericCSVWithMapping() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = """
            Employee;Land;Gehalt;Währung;Jahre;Stack
            e1;Deutschland;72000;EUR;6;Go, Postgres
            e2;Atlantis;50000;EUR;2;Java
            e3;PL;abc;PLN;3;
            e4;PL;180000;XXX;3;
            """
        try data.write(to: directory.appendingPathComponent("team.csv"), atomically: true, encoding: .utf8)
        let mapping = ImportMapping(
            columns: ["id": "Employee", "country": "Land", "amount": "Gehalt", "currency": "Währung", "years": "Jahre", "skills": "Stack"],
            defaults: ["period": "year", "date": "2025-06-30"],
            title: "Team review",
            skillSeparator: ",",
            delimiter: ";"
        )
        let reader = try SourceReader(path: directory.appendingPathComponent("team.csv").path, format: .csv, mapping: mapping, context: Self.context)
        var items: [ImportItem] = []
        try reader.forEachItem { items.append($0) }
        guard case let .observation(first) = items[0] else {
            Issue.record("first row should be stored")
            return
        }
        #expect(first.location.country.alpha2 == "DE")
        #expect(first.skills.map(\.name) == ["Go", "PostgreSQL"])
        #expect(first.normalised.fxOrigin == .ecb)
        #expect(first.normalised.fxDate?.description == "2025-06-30")
        let reasons = items.dropFirst().compactMap { item -> RejectReason? in if case let .rejected(issue) = item { issue.reason } else { nil } }
        #expect(reasons == [.unknownCountry, .invalidAmount, .unknownCurrency])
    }

    @Test func mappingErrorsNameTheKey() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID()).json")
        try #"{"columns": {"amount": "Pay", "salary": "X"}}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try ImportMapping.load(path: file.path)
            Issue.record("an unknown field must be refused")
        } catch let error as MappingError {
            #expect(error.message.contains("columns.salary"))
        }
    }

    /// M5: a misspelled key, or a default no row could use, is refused when the mapping loads.
    @Test(arguments: [
        (
            #"{"colums": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "2024-06-30"}}"#,
            "'colums' is not a mapping key"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "delimeter": ";", "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "2024-06-30"}}"#,
            "'delimeter' is not a mapping key"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "euro", "period": "year", "country": "PL", "date": "2024-06-30"}}"#,
            "defaults.currency: 'euro' is not an ISO 4217"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "yearly-ish", "country": "PL", "date": "2024-06-30"}}"#,
            "defaults.period: 'yearly-ish' is not a pay period"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "30/06/2024"}}"#,
            "defaults.date: '30/06/2024' is not a date"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "2024-06-30", "basis": "after tax"}}"#,
            "defaults.basis: 'after tax' is not gross or net"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "2024-06-30", "weight": "1e6"}}"#,
            "defaults.weight: '1e6' is not a number from 0.001"
        ),
        (
            #"{"columns": {"amount": "Pay"}, "defaults": {"currency": "EUR", "period": "year", "country": "PL", "date": "2024-06-30", "years": "-3"}}"#,
            "defaults.years: '-3'"
        ),
    ])
    func mappingMistakesAreRefusedWhenItLoads(json: String, message: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID()).json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            _ = try ImportMapping.load(path: file.path)
        } throws: { error in
            (error as? MappingError)?.message.contains(message) == true
        }
        // The same mapping, spelled right, loads.
        let right = json.replacingOccurrences(of: "colums", with: "columns").replacingOccurrences(of: "delimeter", with: "delimiter")
            .replacingOccurrences(of: "euro", with: "EUR").replacingOccurrences(of: "yearly-ish", with: "year")
            .replacingOccurrences(of: "30/06/2024", with: "2024-06-30").replacingOccurrences(of: "after tax", with: "net")
            .replacingOccurrences(of: "1e6", with: "2").replacingOccurrences(of: "\"-3\"", with: "\"3\"")
        try right.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: Never.self) { _ = try ImportMapping.load(path: file.path) }
    }

    @Test func unknownLayoutSaysWhatToDo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("unknown-\(UUID()).csv")
        try "foo,bar\n1,2\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            _ = try SourceReader(path: file.path, format: nil, mapping: nil, context: Self.context)
        } throws: { error in
            String(describing: error).contains("--format csv --mapping")
        }
    }
}

@Suite("Requested layouts")
struct RequestedLayoutTests {
    @Test func douAcceptsRawWavesToo() throws {
        let reader = try SourceReader(path: Fixtures.path("dou_2024_dec_raw_sample.csv"), format: .dou, mapping: nil, context: AdapterTests.context)
        #expect(reader.format == .douRaw)
        #expect(throws: ImportFileError.self) {
            _ = try SourceReader(path: Fixtures.path("dou_2024_dec_raw_sample.csv"), format: .so2016, mapping: nil, context: AdapterTests.context)
        }
    }
}
