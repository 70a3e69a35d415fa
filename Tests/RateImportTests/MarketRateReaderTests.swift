import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

/// Agency listings (Clutch 2024, Clutch/GoodFirms 2025) and Freelancer.com profiles, on real rows.
@Suite("Market-rate files")
struct MarketRateReaderTests {
    static let reader = MarketRateReader(tables: ReferenceTableTests.tables)

    @Test func clutch2024RepairsTheMisplacedTeamSizeAndRejectsRowsWithoutARate() throws {
        let reading = try Self.reader.read(path: Fixtures.path("agency_listings_clutch_sample_2024-04.csv"))
        #expect(reading.layout == .clutch2024)
        #expect(reading.observedOn == CalendarDate(year: 2024, month: 4, day: 15))
        #expect(reading.source == "Clutch 2024-04")
        #expect(reading.rowsRead == 35)
        #expect(reading.quotes.count + reading.rejected.count == reading.rowsRead)
        // EnterBridge (line 27): "10 - 49" in the rate column, size empty: no rate is shown.
        #expect(reading.repairedRows == 4)
        let enterBridge = try #require(reading.rejected.first { $0.line == 27 })
        #expect(enterBridge.field == "hourly_rate" && enterBridge.reason == .missingPay)
        // Everest Consulting has no location; "Berlin," names no country.
        #expect(reading.rejected.contains { $0.field == "location" && $0.reason == .missingCountry })
        #expect(reading.rejected.contains { $0.field == "location" && $0.reason == .unknownCountry && $0.value == "Berlin," })
        // DataRoot Labs (line 2): Kyiv, $50–99, 10–49 people.
        let first = try #require(reading.quotes.first)
        #expect(first.country.alpha2 == "UA" && first.region == .easternEurope)
        #expect(first.lowerHourlyUSD == 50 && first.upperHourlyUSD == 100)
        #expect(first.teamSize == .small)
        #expect(reading.quotes[1].country.alpha2 == "US", "Denver, CO is in the United States")
        // T'bilisi, Georgia is the country; the US state is written GA.
        #expect(reading.quotes.contains { $0.country.alpha2 == "GE" })
        // "< $25 / hr" is open below.
        #expect(reading.quotes.contains { $0.lowerHourlyUSD == nil && $0.upperHourlyUSD == 25 })
    }

    @Test func directoryListingsReadJSONLocationsAndRefuseRepeats() throws {
        let reading = try Self.reader.read(path: Fixtures.path("agency_listings_clutch_goodfirms_sample_2025-10.csv"))
        #expect(reading.layout == .directoryListings)
        #expect(reading.rowsRead == 18)
        #expect(reading.quotes.count == 14)
        #expect(reading.quotes.first?.country.alpha2 == "US", "Austin, Texas")
        #expect(reading.quotes.first?.teamSize == .medium)
        let byReason = Dictionary(grouping: reading.rejected, by: \.reason).mapValues(\.count)
        #expect(byReason == [.missingPay: 1, .missingCountry: 2, .duplicate: 1])
        // The crawl wrote its empty filter label where a firm lists no location.
        #expect(reading.rejected.filter { $0.reason == .missingCountry }.allSatisfy { $0.value.contains("0 selected") })
        let repeat_ = try #require(reading.rejected.first { $0.reason == .duplicate })
        #expect(repeat_.message.contains("line 2"))
    }

    @Test func freelancerProfilesKeepOnePerFreelancer() throws {
        let reading = try Self.reader.read(path: Fixtures.path("freelancer_com_profiles_sample_2025-04.csv"))
        #expect(reading.layout == .freelancerCom)
        #expect(reading.quotes.count == 22)
        #expect(reading.rejected.map(\.reason) == [.duplicate, .duplicate])
        #expect(reading.rejected.allSatisfy { $0.field == "freelancer_id" })
        #expect(reading.quotes.allSatisfy { $0.channel == .freelanceMarketplace && $0.lowerHourlyUSD == $0.upperHourlyUSD })
        #expect(reading.quotes.first?.lowerHourlyUSD == 20)
        #expect(reading.quotes.contains { $0.country.alpha2 == "MD" }, "\"Moldova, Republic of\" resolves")
    }

    @Test func badRatesAreRejectedWithLineAndField() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("listings-\(UUID())_2025-01.csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        url,company,rating,review,client_budget,hourly_rate,size,location,website
        https://clutch.co/profile/a,A,5,1 review,,about $40,10 - 49,"Kyiv, Ukraine",
        https://clutch.co/profile/b,B,5,1 review,,$99 - $50 / hr,10 - 49,"Kyiv, Ukraine",
        https://clutch.co/profile/c,C,5,1 review,,$300+ / hr,10 - 49,"Kyiv, Ukraine",
        https://clutch.co/profile/d,D,5,1 review,,$25 - $49 / hr,10 - 49,"Springfield, Atlantis",
        """.write(to: file, atomically: true, encoding: .utf8)
        let reading = try Self.reader.read(path: file.path)
        #expect(reading.observedOn == CalendarDate(year: 2025, month: 1, day: 15))
        #expect(reading.rejected.map(\.line) == [2, 3, 5])
        #expect(reading.rejected.map(\.reason) == [.invalidAmount, .invalidAmount, .unknownCountry])
        #expect(reading.rejected[0].field == "hourly_rate")
        #expect(reading.quotes.count == 1 && reading.quotes[0].lowerHourlyUSD == 300 && reading.quotes[0].upperHourlyUSD == nil)
    }

    @Test func importingAListingFileSaysToFitIt() {
        let header = ["url", "company", "rating", "review", "client_budget", "hourly_rate", "size", "location", "website"]
        let message = ImportFileError.unrecognisedLayout(path: "listings.csv", firstColumns: header).description
        #expect(message.contains("market-rate file") && message.contains("ratecard market fit listings.csv"))
        #expect(!ImportFileError.unrecognisedLayout(path: "x.csv", firstColumns: ["a", "b"]).description.contains("market"))
    }

    @Test func anUnknownLayoutNamesWhatIsExpected() throws {
        #expect(throws: MarketFileError.self) { try Self.reader.read(path: Fixtures.path("so2019_sample.csv")) }
    }

    @Test func aBuildKeepsTheNewestQuoteOfAFirmListedInTwoFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("market-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = directory.appendingPathComponent("listings_2024-04.csv")
        let newer = directory.appendingPathComponent("listings_2025-10.csv")
        let header = "url,company,rating,review,client_budget,hourly_rate,size,location,website\n"
        try (header + "https://clutch.co/profile/a,A,5,,,$25 - $49 / hr,10 - 49,\"Kyiv, Ukraine\",\n").write(
            to: older,
            atomically: true,
            encoding: .utf8
        )
        try
            (header
            + "https://clutch.co/profile/a?x=1,A,5,,,$50 - $99 / hr,10 - 49,\"Kyiv, Ukraine\",\nhttps://clutch.co/profile/b,B,5,,,$50 - $99 / hr,10 - 49,\"Kyiv, Ukraine\",\n")
            .write(to: newer, atomically: true, encoding: .utf8)
        let build = try MarketRateBuild(paths: [older.path, newer.path], tables: ReferenceTableTests.tables)
        #expect(build.supersededByFile[older.path]?.map(\.reason) == [.duplicate])
        #expect(build.supersededByFile[newer.path] == nil)
        let fit = try #require(build.model.fit(for: .agencyListings))
        #expect(fit.world.quotes == 2)
        #expect(build.model.fit(for: .freelanceMarketplace) == nil)
    }
}
