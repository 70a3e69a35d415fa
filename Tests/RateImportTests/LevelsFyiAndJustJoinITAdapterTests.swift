import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// levels.fyi's big-tech submissions, on real rows.
@Suite("levels.fyi submissions")
struct LevelsFyiAdapterTests {
    @Test func totalCompensationKeepsItsPartsAndItsPlace() throws {
        let outcome = try AdapterTests.read("levelsfyi_sample.csv")
        #expect(outcome.format == .levelsfyi)
        #expect(outcome.read == 37 && outcome.observations.count == 36)
        // Row 1: an Oracle product manager in Redwood City, CA: 127,000 total = 107,000 + 20,000 + 10,000.
        let first = try #require(outcome.observations.first { $0.recordKey == "levelsfyi:1" })
        #expect(first.location.country.alpha2 == "US" && first.location.subdivision == "CA" && first.location.city == "Redwood City")
        #expect(first.reported.amount.amount == 127_000 && first.reported.period == .year)
        #expect(first.compensation?.base?.amount == 107_000 && first.compensation?.stock?.amount == 20_000)
        #expect(first.compensation?.bonus?.amount == 10_000)
        #expect(first.observedOn == CalendarDate(iso: "2017-06-07"))
        #expect(first.experience.years == 1.5)
        #expect(first.role == .other, "a product manager is not a developer role")
        // Row 2 left its base at 0: unanswered, not a salary of nothing.
        #expect(outcome.observations.first { $0.recordKey == "levelsfyi:2" }?.compensation?.base == nil)
        // "Seoul, KG, Korea, South": a country written with its qualifier after a comma.
        let seoul = try #require(outcome.observations.first { $0.recordKey == "levelsfyi:20306" })
        #expect(seoul.location.country.alpha2 == "KR" && seoul.location.city == "Seoul")
        #expect(outcome.observations.contains { $0.location.country.alpha2 == "IN" && $0.location.city == "Bangalore" })
        #expect(outcome.observations.contains { $0.location.country.alpha2 == "IL" })
        // A country that no longer exists is refused by field, with what to write instead.
        let yugoslavia = try #require(outcome.rejected.first)
        #expect(yugoslavia.reason == .unknownCountry && yugoslavia.field == "location" && yugoslavia.value.contains("Yugoslavia"))
    }

    @Test(arguments: [
        ("Software Engineer", "Distributed Systems (Back-End)", Role.backend), ("Software Engineer", "API Development (Back-End)", .backend),
        ("Software Engineer", "Full Stack", .fullStack), ("Software Engineer", "Web Development (Front-End)", .frontend),
        ("Software Engineer", "ML / AI", .data), ("Software Engineer", "iOS", .mobile), ("Software Engineer", "Site Reliability (SRE)", .devops),
        ("Software Engineer", "Testing (SDET)", .qa), ("Data Scientist", "Product", .data), ("Product Manager", "Full Stack", .other),
    ])
    func aSoftwareEngineersRoleIsTheirTeams(title: String, tag: String, role: Role) throws {
        let header =
            "timestamp,company,level,title,totalyearlycompensation,location,yearsofexperience,yearsatcompany,tag,basesalary,stockgrantvalue,bonus,rowNumber"
        let line = "6/7/2020 11:33:27,Acme,L4,\(title),200000,\"Austin, TX\",4,1,\(tag),150000,30000,20000,9"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("levels-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("levels.csv")
        try "\(header)\n\(line)\n".write(to: file, atomically: true, encoding: .utf8)
        let reader = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        var roles: [Role] = []
        try reader.forEachItem { if case let .observation(row) = $0 { roles.append(row.role) } }
        #expect(roles == [role])
    }
}

/// justjoin.it's offers: advertised ranges, never people.
@Suite("justjoin.it offers")
struct JustJoinITAdapterTests {
    @Test func anOfferIsItsRangesForEachContractItQuotes() throws {
        let outcome = try AdapterTests.read("justjoinit_offers_sample_2021_08.csv")
        #expect(outcome.format == .justjoinit)
        #expect(outcome.read == 40)
        #expect(outcome.observations.isEmpty, "offers are never stored as people")
        // 32 offers read, two of them repeats of earlier rows (the store keeps 30; see below).
        #expect(outcome.offers.count == 32)
        #expect(outcome.warnings.contains { $0.contains("2021-08") && $0.contains("advertised ranges") })
        // Line 2: a senior test specialist in Warsaw, B2B 14 000 – 20 000 PLN a month, no employment range.
        let first = try #require(outcome.offers.first)
        #expect(first.count == 1)
        let b2b = try #require(first.first)
        #expect(b2b.employment == .freelancer && b2b.period == .month)
        #expect(b2b.low.amount == 14_000 && b2b.high.amount == 20_000 && b2b.low.currency.code == "PLN")
        #expect(b2b.location.country.alpha2 == "PL" && b2b.location.city == "Warsaw")
        #expect(b2b.level == .senior && b2b.role == .qa)
        #expect(b2b.skills.map(\.name).starts(with: ["Python", "Microsoft SQL Server"]))
        #expect(b2b.observedOn == CalendarDate(iso: "2021-08-15"))
        #expect(b2b.lowHourlyUSD.amount > 20 && b2b.lowHourlyUSD.amount < 25, "14,000 PLN a month is about $21 an hour in August 2021")
        // Offers that quote both contracts pair their ranges under one offer key.
        let both = outcome.offers.filter { $0.count == 2 }
        #expect(both.count == 14, "the ten chosen for it, two of the first 25 and the repeated offer twice")
        for pair in both {
            #expect(Set(pair.map(\.employment)) == [.freelancer, .employeeFullTime])
            #expect(pair[0].offerKey == pair[1].offerKey && pair[0].recordKey != pair[1].recordKey)
        }
        // An undisclosed salary is no pay; a foreign city paid in dollars cannot be placed.
        #expect(outcome.rejected.filter { $0.reason == .missingPay }.allSatisfy { $0.field == "Salary_b2b" })
        #expect(outcome.rejected.contains { $0.reason == .unknownCountry && $0.value.contains("Esch-sur-Alzette") })
        // A city RateCard lists keeps its own country, whatever the currency.
        #expect(outcome.offers.joined().contains { $0.location.country.alpha2 == "US" && $0.low.currency.code == "USD" })
    }

    @Test func theExportsRepeatedOfferCountsOnce() async throws {
        let outcome = try AdapterTests.read("justjoinit_offers_sample_2021_08.csv")
        let keys = outcome.offers.map { $0[0].offerKey }
        // The last two rows repeat an offer of the first 25: the same content, the same key.
        #expect(Set(keys).count == keys.count - 2)
    }

    @Test(arguments: [
        ("14 000 - 20 000 PLN", 14_000.0, 20_000.0, "PLN"), ("15 000 PLN", 15_000, 15_000, "PLN"), ("2 916 - 4 166 EUR", 2_916, 4_166, "EUR"),
    ])
    func rangesAreReadAsTheBoardWritesThem(text: String, low: Double, high: Double, currency: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jj-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("offers_2021_08.csv")
        try
            "Group,Seniority,Position,Location,Salary_b2b,Salary_permanent,Obligatory_skills,Optional_skills\nGo,Mid,Go Developer, Warszawa,\(text),No permanent information,\"[{'Go': 'advanced'}]\",\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let reader = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        var ranges: [AdvertisedRange] = []
        try reader.forEachItem { if case let .offer(offer) = $0 { ranges += offer } }
        let range = try #require(ranges.first)
        #expect(range.low.amount == low && range.high.amount == high && range.low.currency.code == currency)
        #expect(range.role == .backend && range.skills.map(\.name) == ["Go"])
    }

    @Test func aFileWithoutItsMonthInTheNameSaysHowToNameIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jj-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("offers.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path("justjoinit_offers_sample_2021_08.csv"), toPath: file.path)
        #expect {
            _ = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        } throws: { "\($0)".contains("offers.csv") && "\($0)".contains("2021_08") }
    }
}
