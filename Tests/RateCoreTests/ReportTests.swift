import Foundation
import RateCore
import RateImport
import RateTestSupport
import Testing

@Suite("Reports on a fixed small data set")
struct ReportTests {
    static let builder = ReportBuilder(estimator: SyntheticEstimationTests.estimator)
    static let template = Profile(country: CountryCode("DE")!, years: 5, asOf: SyntheticEstimationTests.asOf)

    static func renderings(_ report: Report) throws -> [(String, String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [
            ("md", MarkdownRenderer().render(report)), ("csv", CSVRenderer().render(report)),
            ("json", String(decoding: try encoder.encode(report), as: UTF8.self)),
        ]
    }

    @Test(arguments: ["regions", "experience", "skills", "sources", "cost"])
    func renderingsMatchTheirSnapshots(kind: String) throws {
        let report: Report
        switch kind {
        case "regions": report = try Self.builder.regions(template: Self.template, byCountry: true)
        case "experience": report = try Self.builder.experience(template: Self.template)
        case "skills": report = try Self.builder.skills()
        case "sources": report = try Self.builder.sources(template: Self.template)
        default: report = ReportBuilder.costReport(try CostTests.comparison(country: "DE"))
        }
        for (format, text) in try Self.renderings(report) { try assertSnapshot(text, named: "\(kind).\(format)") }
    }

    @Test func regionsTableHasOneRowPerRegionWithNumbersFromTheModel() throws {
        let report = try Self.builder.regions(template: Self.template)
        let table = try #require(report.sections.first?.table)
        #expect(table.rows.map(\.[0].text) == RateCardRegion.allCases.map(\.rawValue))
        #expect(table.columns.map(\.name) == ["Region", "Average range (P25–P75)", "P25", "Median", "P75", "Top-end (P90)", "n", "Sources"])
        // Western Europe's median is the model's region-level estimate, not a constant.
        var profile = Self.template
        profile.country = CountryCode("DE")!
        let direct = try SyntheticEstimationTests.estimator.estimate(profile, regionOnly: true)
        let west = try #require(table.rows.first { $0[0].text == "Western Europe" })
        #expect(west[3].value == direct.hourly.p50)
        // No data at all in Oceania in this data set.
        #expect(table.rows.first { $0[0].text == "Oceania" }?[1].text == "no data")
        let markdown = MarkdownRenderer().render(report)
        #expect(markdown.contains("| Region | Average range (P25–P75) |"))
    }

    /// Agencies by region answer from the bundled listings fit, with the listing count as n.
    @Test func agencyRegionsComeFromListingsWithTheirCount() throws {
        var template = Self.template
        template.hire = .agency
        let report = try Self.builder.regions(template: template, byCountry: true)
        let table = try #require(report.sections.first?.table)
        #expect(table.columns.map(\.name).contains("Listings"))
        let fit = try #require(SyntheticEstimationTests.tables.marketRates.fit(for: .agencyListings))
        for region in fit.regions {
            let row = try #require(table.rows.first { $0[0].text == region.region.rawValue })
            #expect(row[6].value == Double(region.level.quotes), "\(region.region)")
            #expect(abs((row[3].value ?? 0) - region.level.hourlyRange.p50) < 0.01, "\(region.region)")
        }
        // Poland has more than 10 listings: its own row under Eastern Europe, whatever the survey data hold.
        #expect(table.rows.contains { $0[0].text == "  Poland" })
        #expect(report.footnotes[0].contains("declare in directory listings"))
        #expect(report.sources.allSatisfy { $0.contains("Clutch") })
        // Listing counts read like every other count: grouped (2,505, not 2505).
        #expect(fit.sources.contains { $0.quotes >= 1_000 }, "the bundled fit has a source of 1,000 listings or more")
        for source in fit.sources {
            let count = ReportFormat.number(source.quotes)
            #expect(report.sources.contains { $0.contains("(\(count) listings used)") }, "\(source.name)")
            #expect(report.footnotes[0].contains("\(source.observedOn), \(count))"), "\(source.name)")
        }
    }

    @Test func smallGroupsAreNeverShownOnTheirOwn() throws {
        let report = try Self.builder.regions(template: Self.template, byCountry: true)
        let labels = report.sections[0].table!.rows.map(\.[0].text)
        // Malta has 4 observations: it is not a row; the footnote says it is counted in its region.
        #expect(!labels.contains("  Malta"))
        #expect(report.footnotes.contains { $0.contains("Western Europe: 1 more country has") })
    }

    @Test func htmlIsSelfContainedWithAccessibleCharts() throws {
        let report = try Self.builder.regions(template: Self.template)
        let html = HTMLRenderer().render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("<title id=") && html.contains("<desc id="))
        #expect(!html.contains("<script"))
        // The only address in the page is the SVG namespace: nothing is fetched from elsewhere.
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func invalidFiltersSayWhatIsWrong() throws {
        #expect(throws: ReportError.unknownSkill("Cobol")) { try Self.builder.skills(only: ["Cobol"]) }
        #expect(throws: ReportError.self) {
            try Self.builder.experience(template: Profile(country: CountryCode("NZ")!, years: 5, asOf: SyntheticEstimationTests.asOf))
        }
        #expect(throws: ReportError.self) { try Self.builder.cities(template: Self.template) }
        #expect(throws: ReportError.emptySelection("no region chosen")) { try Self.builder.regions(template: Self.template, only: []) }
        #expect(RateCardRegion(parsing: "Atlantis") == nil)
        #expect(RateCardRegion(parsing: "eastern-europe") == .easternEurope)
    }

    @Test func theRatesReportShowsEachChannelWithItsQuotesAndSources() throws {
        var agency = Self.template
        agency.hire = .agency
        let report = try Self.builder.rates(template: agency)
        let table = try #require(report.sections[0].table)
        let market = SyntheticEstimationTests.tables.marketRates
        let fit = try #require(market.channels.first { $0.channel == .agencyListings })
        #expect(table.rows.count == 1 + fit.regions.count && table.rows[0][0].text == "World")
        #expect(table.rows[0][6].value == Double(fit.world.quotes) && table.rows[0][7].text.contains("Clutch"))
        #expect(abs((table.rows[0][3].value ?? 0) - fit.world.hourlyRange.p50) < 0.01)
        #expect(report.footnotes.contains { $0.hasPrefix("Agencies of 10-49 people") })
        // By country: only countries with enough quotes, and in another currency at the ECB rate.
        agency.currency = CurrencyCode("EUR")!
        let byCountry = try Self.builder.rates(template: agency, byCountry: true)
        let countryRows = try #require(byCountry.sections[0].table).rows.count - table.rows.count
        #expect(countryRows == fit.countries.filter { $0.level.quotes >= market.minimumCountryQuotes }.count)
        let eurPerUSD = try SyntheticEstimationTests.tables.exchangeRates.quote(from: .usd, to: CurrencyCode("EUR")!, on: agency.asOf, staleness: 62)
            .rate
        #expect(abs((byCountry.sections[0].table?.rows[0][3].value ?? 0) - fit.world.hourlyRange.p50 * eurPerUSD) < 0.01)
        var freelancer = Self.template
        freelancer.hire = .freelancer
        let marketplace = try Self.builder.rates(template: freelancer)
        #expect(marketplace.title == "Freelance marketplace rates" && marketplace.footnotes.contains { $0.contains("--employment freelancer") })
        #expect(throws: ReportError.self) { try Self.builder.rates(template: Self.template) }
    }

    @Test func chartsAreDeterministic() throws {
        let chart = try #require(try Self.builder.regions(template: Self.template).sections[0].chart)
        #expect(SVGChart.render(chart) == SVGChart.render(chart))
        #expect(SVGChart.render(chart).contains("width=\"800\""))
    }
}

@Suite("Total cost of hire")
struct CostTests {
    static let table: EmployerCostTable = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RateData/Resources/reference/employer-costs.json")
        return try! JSONDecoder().decode(EmployerCostTable.self, from: Data(contentsOf: url))
    }()

    static func comparison(country: String, annual: Double? = nil, evidence: EmployerCostEvidence = .none) throws -> CostComparison {
        var profile = Profile(country: CountryCode(country)!, years: 5, asOf: SyntheticEstimationTests.asOf)
        var employee = try SyntheticEstimationTests.estimator.estimate(profile)
        if let annual { employee.annual = PayRange([annual * 0.6, annual * 0.8, annual, annual * 1.2, annual * 1.4]) }
        profile.hire = .freelancer
        let freelancer = try SyntheticEstimationTests.estimator.estimate(profile)
        profile.hire = .agency
        let agency = try SyntheticEstimationTests.estimator.estimate(profile)
        return try CostCalculator(table: table, tables: SyntheticEstimationTests.tables, evidence: evidence).compare(
            employee: employee,
            freelancer: freelancer,
            agency: agency
        )
    }

    @Test func theBundledTableIsValidAndCoversTheBiggestCountries() throws {
        try Self.table.validate(file: "employer-costs.json")
        for code in [
            "UA", "US", "GB", "IN", "DE", "CA", "PL", "FR", "RU", "SE", "AU", "BR", "IT", "ES", "NL", "RO", "CH", "DK", "ZA", "MX", "BE", "IE", "TR",
            "IL", "FI",
        ] {
            let entry = try #require(Self.table.countries[code], "\(code) missing")
            #expect(!entry.source.isEmpty && !entry.asOf.isEmpty)
        }
    }

    @Test(arguments: ["US", "DE", "PL", "UA", "IN", "BR", "NZ"])
    func partsAddUpToTheTotal(country: String) throws {
        let comparison = try Self.comparison(country: country)
        for option in comparison.options {
            let sum = option.lines.reduce(0) { $0 + $1.annual }
            #expect(abs(sum - option.totalAnnual) < 0.02, "\(country) \(option.option)")
            #expect(abs(option.perHourWorked - option.totalAnnual / option.hoursWorked) < 0.01)
        }
        #expect(comparison.employee.totalAnnual > comparison.employee.lines[0].annual)
        if country == "NZ" { #expect(comparison.caveats.contains { $0.contains("default") }) }
    }

    @Test func capsLimitContributions() throws {
        // US: Social Security stops at $176,100; at $300,000 it is 6.2 % of the cap.
        let rich = try Self.comparison(country: "US", annual: 300_000)
        let socialSecurity = try #require(rich.employee.lines.first { $0.name.hasPrefix("Social Security") })
        #expect(abs(socialSecurity.annual - 0.062 * 176_100) < 0.01)
        #expect(socialSecurity.note?.contains("cap reached") == true)
        let medicare = try #require(rich.employee.lines.first { $0.name.hasPrefix("Medicare") })
        #expect(abs(medicare.annual - 0.0145 * 300_000) < 0.01)
        // Below the cap the rate applies in full.
        let modest = try Self.comparison(country: "US", annual: 100_000)
        #expect(abs(modest.employee.lines.first { $0.name.hasPrefix("Social Security") }!.annual - 6_200) < 0.01)
    }

    @Test func thresholdsApplyToPayAbove() throws {
        // GB employer NIC is 15 % of pay above £5,000 (converted at the ECB rate of the date).
        let comparison = try Self.comparison(country: "GB", annual: 80_000)
        let nic = try #require(comparison.employee.lines.first { $0.name.hasPrefix("Employer National Insurance") })
        let gbpPerUSD = try SyntheticEstimationTests.tables.exchangeRates.quote(
            from: .usd,
            to: CurrencyCode("GBP")!,
            on: SyntheticEstimationTests.asOf,
            staleness: 62
        ).rate
        #expect(abs(nic.annual - 0.15 * (80_000 - 5_000 / gbpPerUSD)) < 1)
    }

    /// Japan, Korea and Greece cap contributions at a ceiling that a senior developer's pay
    /// passes: below it the whole rate applies, above it the ceiling, converted at the ECB rate.
    @Test(arguments: [
        ("JP", "JPY", "Employees' pension", 0.0915, 7_800_000.0),
        ("KR", "KRW", "National pension", 0.045, 76_440_000),
        ("GR", "EUR", "e-EFKA", 0.2179, 106_016.68),
    ])
    func ceilingsOfTheNewEntriesBindAboveThem(country: String, currency: String, line: String, rate: Double, cap: Double) throws {
        let localPerUSD = try SyntheticEstimationTests.tables.exchangeRates.quote(
            from: .usd,
            to: CurrencyCode(currency)!,
            on: SyntheticEstimationTests.asOf,
            staleness: 62
        ).rate
        let capUSD = cap / localPerUSD
        let modest = try Self.comparison(country: country, annual: capUSD * 0.6)
        let below = try #require(modest.employee.lines.first { $0.name.hasPrefix(line) })
        #expect(abs(below.annual - rate * capUSD * 0.6) < 1, "\(country)")
        #expect(below.note?.contains("cap reached") != true)
        let senior = try Self.comparison(country: country, annual: capUSD * 2)
        let above = try #require(senior.employee.lines.first { $0.name.hasPrefix(line) })
        #expect(abs(above.annual - rate * capUSD) < 1, "\(country)")
        #expect(above.note?.contains("cap reached") == true)
        #expect(senior.costSource.contains(Self.table.countries[country]!.source))
    }

    @Test func contractorsAreComparedOnEqualWork() throws {
        let comparison = try Self.comparison(country: "DE")
        #expect(comparison.freelancer.hoursWorked == comparison.employee.hoursWorked)
        #expect(comparison.freelancer.lines.count == 1 && comparison.freelancer.lines[0].category == .fees)
        let expected = comparison.freelancer.perHourWorked * comparison.employee.hoursWorked - comparison.employee.totalAnnual
        #expect(abs(comparison.freelancer.differenceAnnual - expected) < 1)
        // Germany: 28 days' leave, 10 holidays and 5 sick days off 2,080 paid hours.
        #expect(comparison.employee.hoursWorked == 2080 - 43 * 8)
    }
}
