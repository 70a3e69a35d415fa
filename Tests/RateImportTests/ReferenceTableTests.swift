import RateCore
import RateImport
import Testing

/// Normalisation against the bundled reference tables.
@Suite("Reference tables")
struct ReferenceTableTests {
    static let tables = try! ReferenceLoader.bundled()

    @Test(arguments: [
        ("USA", "US"), ("U.S.", "US"), ("United States of America", "US"), ("united states", "US"), ("US", "US"), ("USA ", "US"),
        ("UK", "GB"), ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("Deutschland", "DE"), ("DEU", "DE"),
        ("Россия", "RU"), ("Russian Federation", "RU"), ("Україна", "UA"), ("Ukraine", "UA"), ("Korea South", "KR"),
        ("Republic of Korea", "KR"), ("Iran, Islamic Republic of...", "IR"), ("Hong Kong (S.A.R.)", "HK"), ("Viet Nam", "VN"),
        ("Ireland {Republic}", "IE"), ("Myanmar, {Burma}", "MM"), ("Kosovo", "XK"), ("Bosnia Herzegovina", "BA"),
        ("The former Yugoslav Republic of Macedonia", "MK"), ("Türkiye", "TR"), ("Polska", "PL"), ("Brasil", "BR"),
    ])
    func countryAliases(text: String, code: String) {
        #expect(Self.tables.countries.resolve(text)?.code.alpha2 == code)
    }

    @Test func countriesAreNamedInFullNotByCLDRsShortForms() {
        #expect(Self.tables.countries[CountryCode("US")!]?.name == "United States")
        #expect(Self.tables.countries[CountryCode("GB")!]?.name == "United Kingdom")
        #expect(Self.tables.countries.resolve("United Kingdom")?.code.alpha2 == "GB")
        // No other country is named by a code-like short form.
        for country in Self.tables.countries.countries.values {
            #expect(country.name.count > 3 || country.name != country.name.uppercased(), "\(country.code.alpha2): \(country.name)")
        }
    }

    @Test(arguments: ["Other (please specify)", "Nomadic", "Atlantis", ""])
    func unknownCountries(text: String) {
        #expect(Self.tables.countries.resolve(text) == nil)
    }

    @Test(arguments: [
        ("US", RateCardRegion.northAmerica), ("BR", .latinAmerica), ("DE", .westernEurope), ("PL", .easternEurope), ("UA", .easternEurope),
        ("EE", .easternEurope), ("RS", .easternEurope), ("IN", .asia), ("IL", .middleEastAfrica), ("NG", .middleEastAfrica),
        ("AU", .oceania), ("MX", .latinAmerica), ("ES", .westernEurope), ("GE", .easternEurope),
    ])
    func everyCountryHasOneRegion(code: String, region: RateCardRegion) {
        #expect(Self.tables.countries[CountryCode(code)!]?.region == region)
    }

    @Test func theRegionTableCoversIsoCountries() {
        #expect(Self.tables.countries.countries.count >= 249)
        for region in RateCardRegion.allCases { #expect(!Self.tables.countries.countries(in: region).isEmpty) }
    }

    @Test(arguments: [
        ("Киев", "Kyiv"), ("Київ", "Kyiv"), ("Kiev", "Kyiv"), ("Львов", "Lviv"), ("Днепр.", "Dnipro"), ("Bengaluru", "Bangalore"),
        ("Харків чи область", "Kharkiv"), ("Springfield", "Springfield"),
    ])
    func cityAliases(text: String, city: String) {
        #expect(Self.tables.cities.normalise(text) == city)
    }

    @Test(arguments: [
        ("golang", "Go", true), ("Go", "Go", true), ("C#/.NET", "C#", true), ("C# / .NET", "C#", true), ("Postgres", "PostgreSQL", true),
        ("node.js", "Node.js", true), ("C++", "C++", true), ("C", "C", true), ("F#", "F#", true), ("Bash/Shell (all shells)", "Bash/Shell", true),
        ("Zig", "Zig", false), ("COBOL-85", "COBOL-85", false),
    ])
    func skillAliases(text: String, name: String, known: Bool) {
        let skill = Self.tables.skills.resolve(text)
        #expect(skill?.name == name)
        #expect(skill?.isKnown == known)
    }

    /// Rates read off `eurofxref-hist.csv`: USD 1.1172 and PLN 4.4038 per EUR on 2026-10-30 (a Friday).
    @Test(arguments: [
        ("2026-10-30", "PLN", 1.1172 / 4.4038, "2026-10-30"),
        ("2026-11-01", "PLN", 1.1172 / 4.4038, "2026-10-30"),
        ("2026-10-31", "EUR", 1.1172, "2026-10-30"),
    ])
    func currencyAtDatedRates(date: String, currency: String, rate: Double, rateDate: String) throws {
        let quote = try Self.tables.exchangeRates.quote(from: CurrencyCode(currency)!, to: .usd, on: CalendarDate(iso: date)!)
        #expect(abs(quote.rate - rate) < 1e-12)
        #expect(quote.date.description == rateDate)
    }

    @Test func normaliserConvertsAndRecordsTheRateDate() throws {
        let normaliser = PayNormaliser(tables: Self.tables)
        let result = try normaliser.normalise(
            amount: 20000,
            currency: CurrencyCode("PLN")!,
            period: .month,
            basis: .gross,
            on: CalendarDate(iso: "2026-11-01")!,
            line: 2,
            amountField: "CompTotal",
            currencyField: "Currency"
        )
        #expect(result.normalised.fxDate?.description == "2026-10-30")
        #expect(result.normalised.fxOrigin == .ecb)
        let expectedAnnual = 20000 * 12 * 1.1172 / 4.4038
        #expect(abs(result.normalised.annualUSD.amount - expectedAnnual) < 0.01)
        #expect(abs(result.normalised.hourlyUSD.amount - expectedAnnual / 2080) < 0.01)
        #expect(result.reported.amount == Money(minorUnits: 2_000_000, currency: CurrencyCode("PLN")!))
    }

    /// One field that is both amount and currency (Stack Overflow's converted pay, DOU's monthly net
    /// dollars): no exchange rate, the period and basis as given, and that field named in errors.
    @Test func dollarsFromOneFieldKeepTheirPeriodAndBasisAndNameTheField() throws {
        let normaliser = PayNormaliser(tables: Self.tables)
        let monthlyNet = try normaliser.dollars(3_000, per: .month, basis: .net, on: CalendarDate(iso: "2025-06-01")!, line: 7, field: "salary")
        #expect(monthlyNet.normalised.fxOrigin == .none && monthlyNet.normalised.fxRate == 1)
        #expect(monthlyNet.reported.period == .month && monthlyNet.reported.basis == .net)
        #expect(abs(monthlyNet.normalised.annualUSD.amount - 36_000) < 0.01)
        let banded = try normaliser.dollars(
            45_000,
            on: CalendarDate(iso: "2016-02-01")!,
            band: (low: 40_000, high: 50_000),
            bandRule: "the survey's band",
            line: 8,
            field: "salary_midpoint"
        )
        #expect(banded.reported.period == .year && banded.reported.basis == .gross)
        #expect(banded.quality == .banded && banded.qualityRule == "the survey's band")
        #expect(banded.reported.bandHigh == Money(amount: 50_000, currency: .usd))
        let issue = #expect(throws: RowIssue.self) {
            _ = try normaliser.dollars(-5, on: CalendarDate(iso: "2025-06-01")!, line: 9, field: "ConvertedComp")
        }
        #expect(issue?.field == "ConvertedComp" && issue?.line == 9 && issue?.reason == .invalidAmount)
    }
    @Test func currencyWithoutEcbRateUsesTheSourceConversionOrFails() throws {
        let normaliser = PayNormaliser(tables: Self.tables)
        let uah = CurrencyCode("UAH")!
        let converted = try normaliser.normalise(
            amount: 600_000,
            currency: uah,
            period: .year,
            basis: .gross,
            on: CalendarDate(iso: "2023-05-19")!,
            sourceAnnualUSD: 16_000,
            line: 5,
            amountField: "CompTotal",
            currencyField: "Currency"
        )
        #expect(converted.normalised.fxOrigin == .source)
        #expect(converted.normalised.annualUSD.amount == 16_000)
        #expect(throws: RowIssue.self) {
            try normaliser.normalise(
                amount: 600_000,
                currency: uah,
                period: .year,
                basis: .gross,
                on: CalendarDate(iso: "2023-05-19")!,
                line: 5,
                amountField: "CompTotal",
                currencyField: "Currency"
            )
        }
    }

    /// Venezuela lists two currencies ("VES,VED"); both are ISO 4217 codes, so a VES row without
    /// a USD figure fails for want of a rate, not as an unknown currency.
    @Test func aSecondCurrencyOfACountryIsKnown() throws {
        let ves = CurrencyCode("VES")!
        #expect(Self.tables.isKnownCurrency(ves))
        #expect(Self.tables.isKnownCurrency(CurrencyCode("VED")!))
        #expect(Self.tables.countries[CountryCode("VE")!]?.currency == ves)
        do {
            _ = try PayNormaliser(tables: Self.tables).normalise(
                amount: 9_000,
                currency: ves,
                period: .month,
                basis: .gross,
                on: CalendarDate(iso: "2024-05-19")!,
                line: 7,
                amountField: "CompTotal",
                currencyField: "Currency"
            )
            Issue.record("VES has no ECB rate and the row no USD figure")
        } catch {
            #expect(error.reason == .noExchangeRate)
            #expect(!error.message.contains("not an ISO 4217"))
        }
    }

    @Test func absurdAmountsAreFlaggedOrRejectedNotStoredSilently() throws {
        let normaliser = PayNormaliser(tables: Self.tables)
        let low = try normaliser.normalise(
            amount: 1,
            currency: .usd,
            period: .year,
            basis: .gross,
            on: CalendarDate(iso: "2019-02-01")!,
            line: 3,
            amountField: "CompTotal",
            currencyField: "CurrencySymbol"
        )
        #expect(low.quality == .outlierLow)
        #expect(low.qualityRule?.contains("below the floor") == true)
        let high = try normaliser.normalise(
            amount: 1e9,
            currency: .usd,
            period: .year,
            basis: .gross,
            on: CalendarDate(iso: "2019-02-01")!,
            line: 4,
            amountField: "CompTotal",
            currencyField: "CurrencySymbol"
        )
        #expect(high.quality == .outlierHigh)
        do {
            _ = try normaliser.normalise(
                amount: 1e16,
                currency: .usd,
                period: .month,
                basis: .gross,
                on: CalendarDate(iso: "2019-02-01")!,
                line: 9,
                amountField: "CompTotal",
                currencyField: "CurrencySymbol"
            )
            Issue.record("1e16 per month must not be storable")
        } catch {
            #expect(error.reason == .invalidAmount)
            #expect(error.line == 9)
            #expect(error.field == "CompTotal")
        }
    }
}
