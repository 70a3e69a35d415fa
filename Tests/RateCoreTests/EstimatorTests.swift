import Foundation
import RateCore
import RateImport
import RateStats
import Testing

/// The estimator on synthetic data with known effects: fast, exact expectations.
@Suite("Estimation on synthetic data")
struct SyntheticEstimationTests {
    static let tables = try! ReferenceLoader.bundled()
    static let asOf = CalendarDate(iso: "2025-06-30")!

    /// Pay = 30 $/h × country × experience curve × Go premium × log-normal noise (σ = 0.3). Every
    /// respondent lists one language: Go (30 %, paid 15 % more) or Java. `abroad` gives, per
    /// country, the share of respondents whose employer is abroad; they are paid 40 % more.
    static func observations(seed: UInt64 = 7, abroad: [String: Double] = [:]) -> [Observation] {
        var generator = SeededGenerator(seed: seed)
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        func normal() -> Double { (-2 * log(max(1e-12, uniform()))).squareRoot() * cos(2 * .pi * uniform()) }
        let countries: [(String, Double, Int)] = [
            ("DE", 1.6, 1500), ("PL", 0.8, 1500), ("UA", 0.6, 1500), ("IN", 0.35, 1500), ("US", 2.4, 1500), ("MT", 1.2, 4),
        ]
        var result: [Observation] = []
        for (code, level, count) in countries {
            for index in 0..<count {
                let years = uniform() * 20
                let go = uniform() < 0.3
                let employerAbroad = abroad[code].map { uniform() < $0 } ?? false
                let hourly = 30 * level * exp(0.4 * (log1p(years) - log1p(5))) * (go ? 1.15 : 1) * (employerAbroad ? 1.4 : 1) * exp(0.3 * normal())
                let usd = Money(amount: hourly, currency: .usd)!
                result.append(
                    Observation(
                        recordKey: "\(code):\(index)",
                        line: index + 2,
                        observedOn: asOf,
                        reported: ReportedPay(amount: Money(amount: hourly * 2080, currency: .usd)!, period: .year, basis: .gross),
                        normalised: NormalisedPay(
                            annualUSD: Money(amount: hourly * 2080, currency: .usd)!,
                            hourlyUSD: usd,
                            fxRate: 1,
                            fxDate: nil,
                            fxOrigin: .none
                        ),
                        location: Location(country: CountryCode(code)!),
                        experience: Experience(years: years),
                        skills: [Skill(name: go ? "Go" : "Java", isKnown: true)],
                        role: .backend,
                        employment: .employeeFullTime,
                        sourceID: 1,
                        business: employerAbroad ? .abroad : nil
                    )
                )
            }
        }
        return result
    }

    static func model(seed: UInt64 = 7, abroad: [String: Double] = [:]) throws -> RateModel {
        try fit(observations(seed: seed, abroad: abroad))
    }

    /// A model of `rows` as of mid-2025, their source IDs named by `datasets`.
    static func fit(
        _ rows: [Observation],
        datasets: [Int64: String] = [1: "synthetic"],
        settings: EstimationSettings = .standard
    ) throws -> RateModel {
        try ModelFitter(settings: settings, tables: tables).fit(
            observations: rows,
            sourceDatasets: datasets,
            distributions: [],
            asOf: asOf,
            dataVersion: 1,
            fittedAt: Timestamp(secondsSince1970: 0)
        )
    }

    static let estimator = Estimator(model: try! model(), tables: tables)

    func profile(_ country: String, years: Double, skills: [String] = [], hire: HireType = .employee) -> Profile {
        Profile(country: CountryCode(country)!, years: years, skills: skills, hire: hire, asOf: Self.asOf)
    }

    @Test func recoversTheKnownEffects() throws {
        let estimate = try Self.estimator.estimate(profile("DE", years: 5, skills: ["Java"]))
        // Expected median: 30 × 1.6 = 48 $/h (the noise is symmetric in logs).
        #expect(abs(estimate.hourly.p50 / 48 - 1) < 0.08)
        // A Go stack against a Java stack: the premium the data were made with.
        let go = try Self.estimator.estimate(profile("DE", years: 5, skills: ["golang"]))
        #expect(abs(go.hourly.p50 / estimate.hourly.p50 - 1.15) < 0.05)
        // Both listed: the mean of the two stacks' premiums, not their product.
        let both = try Self.estimator.estimate(profile("DE", years: 5, skills: ["golang", "Java", "Go"]))
        #expect(abs(both.hourly.p50 / estimate.hourly.p50 - 1.15.squareRoot()) < 0.05)
        #expect(go.factors.contains { $0.name == "Go" && $0.standardError != nil })
        let senior = try Self.estimator.estimate(profile("DE", years: 12))
        let expected = exp(0.4 * (log1p(12) - log1p(5)))
        #expect(abs(senior.hourly.p50 / estimate.hourly.p50 / expected - 1) < 0.08)
    }

    @Test(arguments: ["DE", "PL", "UA", "IN", "US", "MT", "BR"])
    func moreExperienceNeverLowersTheMedian(country: String) throws {
        var previous = 0.0
        for years in stride(from: 0.0, through: 40, by: 0.5) {
            let median = try Self.estimator.estimate(profile(country, years: years)).hourly.p50
            #expect(median >= previous - 0.01, "\(country) \(years) y")
            previous = median
        }
    }

    @Test(arguments: [HireType.employee, .freelancer, .agency])
    func rangesAreOrdered(hire: HireType) throws {
        let estimate = try Self.estimator.estimate(profile("PL", years: 3, hire: hire))
        for range in [estimate.hourly, estimate.daily, estimate.monthly, estimate.annual] {
            #expect(range.values == range.values.sorted())
        }
        #expect(estimate.medianInterval[0] <= estimate.hourly.p50 && estimate.hourly.p50 <= estimate.medianInterval[1])
    }

    /// A store with a sample file alone: the refusal counts what it has and what was left out, not
    /// "import data first" after an import.
    @Test func aStoreTooSmallToFitSaysHowManyRowsItHasAndWhyOthersWereLeftOut() throws {
        var rows = Array(Self.observations().prefix(40))
        for index in 0..<10 {
            var unknown = rows[index]
            unknown.recordKey = "no-years:\(index)"
            unknown.experience = Experience()
            rows.append(unknown)
        }
        #expect {
            try Self.fit(rows)
        } throws: { error in
            guard case let .tooFewRows(usable, needed, leftOut) = error as? ModelError else { return false }
            let text = "\(error)"
            return usable == 40 && needed == 50 && leftOut == [.noExperience: 10, .segmentSource: 0]
                && text.contains("at least 50 rows it can fit, and the stored data give 40 (left out: 10 without experience")
                && text.contains("import more survey rows")
        }
        #expect(
            ModelError.tooFewRows(usable: 0, needed: 50, leftOut: [:]).description.contains("holds no survey or salary rows")
        )
    }

    /// DOU's waves before 2016 stop at 10 years of experience: the curve's unpenalised bend past
    /// the hinge then has no data, and fitting such a store must still work.
    @Test func aStoreWithNobodyPastTheExperienceHingeStillFits() throws {
        let early = Self.observations().filter { ($0.experience.years ?? 0) <= EstimationSettings.standard.experienceHinge }
        let model = try Self.fit(early)
        #expect(model.columns.contains(ModelColumn(.experience, "log-years")))
        #expect(!model.columns.contains(ModelColumn(.experienceHinge, "after-hinge")))
        let estimator = Estimator(model: model, tables: Self.tables)
        let ten = try estimator.estimate(profile("DE", years: 10)).hourly.p50
        let twenty = try estimator.estimate(profile("DE", years: 20)).hourly.p50
        #expect(twenty >= ten)
    }

    @Test func sameDataSameNumbers() throws {
        let first = try Self.model(seed: 7)
        let second = try Self.model(seed: 7)
        #expect(first.solution == second.solution)
        #expect(first.residualQuantiles == second.residualQuantiles)
    }

    @Test func thinCountryFallsBackVisiblyAndStaysSane() throws {
        let malta = try Self.estimator.estimate(profile("MT", years: 5, skills: ["Haskell"]))
        #expect(malta.fallbackLevel == .region)
        #expect(malta.fallbackGroup == "Western Europe")
        // Four observations: the country's own effect is never shown on its own.
        #expect(malta.factors.contains { $0.name == "country Malta" && $0.multiplier == 1 })
        #expect(malta.notes.contains { $0.contains("leaning on Western Europe") })
        #expect(malta.hourly.p10 > 5 && malta.hourly.p90 < 300)
        let unseen = try Self.estimator.estimate(profile("BR", years: 5))
        #expect(unseen.fallbackLevel == .world || unseen.fallbackLevel == .region)
    }

    @Test func withoutMarketRatesFreelancerAndAgencyAreDerivedFromTheEmployeeRate() throws {
        let estimator = Estimator(model: Self.estimator.model, tables: Self.tables.withoutMarketRates)
        let employee = try estimator.estimate(profile("PL", years: 5))
        let freelancer = try estimator.estimate(profile("PL", years: 5, hire: .freelancer))
        let agency = try estimator.estimate(profile("PL", years: 5, hire: .agency))
        // No freelancers in the data: the income effect is 1, the rate is income over 70 % billed hours.
        #expect(abs(freelancer.hourly.p50 / employee.hourly.p50 - 1 / 0.7) < 0.01)
        #expect(abs(agency.hourly.p50 / freelancer.hourly.p50 - 1.4) < 0.01)
        #expect(freelancer.hoursPerYear == 2080 * 0.7)
    }

    @Test func eachSourceCountsItsOwnRowsWhileItsShareWeighsRecentWavesMore() throws {
        // A third of Germany's rows come from a survey nine years older: they count in full as rows
        // and less in the mix, which leans on recent waves.
        var rows: [Observation] = []
        var olderInGermany = 0
        for (index, var row) in Self.observations(seed: 7).enumerated() {
            if row.location.country.alpha2 == "DE", index % 3 == 0 {
                row.sourceID = 2
                row.observedOn = CalendarDate(iso: "2016-06-30")!
                row.recordKey = "older:\(index)"
                olderInGermany += 1
            }
            rows.append(row)
        }
        let model = try Self.fit(rows, datasets: [1: "recent", 2: "older"])
        let estimate = try Estimator(model: model, tables: Self.tables).estimate(profile("DE", years: 5, skills: ["Java"]))
        let older = try #require(estimate.sources.first { $0.source == "older" })
        let recent = try #require(estimate.sources.first { $0.source == "recent" })
        #expect(older.observations == olderInGermany)
        #expect(older.observations + recent.observations == estimate.sampleSize)
        let rowShare = Double(older.observations) / Double(estimate.sampleSize)
        #expect(older.weight < rowShare - 0.05)

        let report = try ReportBuilder(estimator: Estimator(model: model, tables: Self.tables)).sources(template: profile("DE", years: 5))
        let table = try #require(report.sections.first?.table)
        let ownRows = try #require(table.columns.firstIndex { $0.key == "source_rows" })
        #expect(table.rows.first { $0[0].text == "older" }?[ownRows].value == Double(olderInGermany))
    }

    @Test func anAnswerDatedBeforeTheLatestSurveysFollowsTheEarlierYearsWithoutAStep() throws {
        // Germany's pay rose by 30 % between the 2019 and 2022 waves and stayed there: the latest
        // surveys (2024, 2025) carry the recent level, and 2022 lies before their window.
        let waves: [(date: String, level: Double)] = [
            ("2016-06-30", 1), ("2019-06-30", 1), ("2022-06-30", 1.3), ("2024-06-30", 1.3), ("2025-06-30", 1.3),
        ]
        var rows: [Observation] = []
        var german = 0
        for var row in Self.observations(seed: 7) {
            if row.location.country.alpha2 == "DE" {
                let wave = waves[german % waves.count]
                row = Self.scaledPay(row, wave.level)
                row.observedOn = CalendarDate(iso: wave.date)!
                german += 1
            }
            rows.append(row)
        }
        let model = try Self.fit(rows)
        let window = try #require(model.recentWindows?["DE"])
        #expect(window.earlierLevels?.map(\.on.year) == [2016, 2019, 2022])
        let estimator = Estimator(model: model, tables: Self.tables)
        func median(on date: CalendarDate) throws -> Double {
            var profile = profile("DE", years: 5, skills: ["Java"])
            profile.asOf = date
            return try estimator.estimate(profile).hourly.p50
        }
        // Each wave's answer is that wave's pay: 30 × 1.6 = 48 $/h, then 62.4.
        #expect(abs(try median(on: CalendarDate(iso: "2019-06-30")!) / 48 - 1) < 0.08)
        #expect(abs(try median(on: CalendarDate(iso: "2022-06-30")!) / 62.4 - 1) < 0.08)
        // No step where the latest surveys' window starts.
        let dayBefore = CalendarDate(dayNumber: window.since.dayNumber - 1)
        #expect(abs(try median(on: dayBefore) / median(on: window.since) - 1) < 0.01)
        var before = profile("DE", years: 5, skills: ["Java"])
        before.asOf = CalendarDate(iso: "2023-06-30")!
        let factor = try #require(try estimator.estimate(before).factors.first { $0.name.hasPrefix("surveys of the time") })
        #expect(factor.evidence.contains("2022") && factor.evidence.contains("latest"))
    }

    @Test func aSourceThatNeverRecordsSkillsIsNotGivenTheDiscountOfBlankAnswers() throws {
        // Source "asks": a tenth of its respondents leave the skills question blank and earn `blank`
        // times as much. Source "never-asks" covers the same markets, records no skills and pays 20 % less.
        func fit(blank: Double) throws -> (neverAsks: Double, blank: Double) {
            var rows: [Observation] = []
            for (index, var row) in Self.observations(seed: 7).enumerated() {
                // Listers name three skills, two of them too rare to price: the 3–4 bucket anchors the level.
                guard index % 10 == 0 else {
                    row.skills += [Skill(name: "rare-\(index)-a", isKnown: false), Skill(name: "rare-\(index)-b", isKnown: false)]
                    rows.append(row)
                    continue
                }
                var blanked = Self.scaledPay(row, blank)
                blanked.skills = []
                rows.append(blanked)
            }
            for (index, row) in Self.observations(seed: 11).enumerated() where index % 2 == 0 {
                var other = Self.scaledPay(row, 0.8)
                other.skills = []
                other.sourceID = 2
                other.recordKey = "never-asks:\(index)"
                rows.append(other)
            }
            let model = try Self.fit(rows, datasets: [1: "asks", 2: "never-asks"])
            #expect(model.referenceSource == "asks")
            func multiplier(_ kind: ModelColumn.Kind, _ name: String) throws -> Double {
                let column = try #require(model.columns.firstIndex(of: ModelColumn(kind, name)))
                return exp(model.solution.coefficients[column])
            }
            return (try multiplier(.source, "never-asks"), try multiplier(.skillCount, "none"))
        }
        let mild = try fit(blank: 0.9)
        let harsh = try fit(blank: 0.6)
        // The blank answers are measured where they occur…
        #expect(abs(mild.blank / 0.9 - 1) < 0.05 && abs(harsh.blank / 0.6 - 1) < 0.05)
        // …and do not move the level of the source that never asked (sharing their bucket, it moved by 0.9/0.6).
        #expect(abs(harsh.neverAsks / mild.neverAsks - 1) < 0.02)
        #expect(abs(mild.neverAsks / 0.8 - 1) < 0.05)
    }

    @Test func anEmployerAbroadRaisesPayByWhatTheDataMeasureAndNoFurtherThanTheEmployersLevel() throws {
        // Ukraine (Eastern Europe, level 0.6) and India (South Asia, 0.35): a third of each work for
        // employers abroad at 1.4× local pay. Poland's level is only 0.8/0.6 = 1.33× Ukraine's.
        let estimator = Estimator(model: try Self.model(abroad: ["UA": 0.35, "IN": 0.3]), tables: Self.tables)
        func answer(_ country: String, business: String?) throws -> Estimate {
            var asked = profile(country, years: 5)
            asked.businessCountry = business.flatMap(CountryCode.init)
            return try estimator.estimate(asked)
        }
        let local = try answer("UA", business: nil)
        let american = try answer("UA", business: "US")
        let factor = try #require(american.factors.first { $0.name.hasPrefix("employer in") })
        #expect(abs(factor.multiplier / 1.4 - 1) < 0.06)
        #expect(factor.standardError ?? 0 > 0)
        #expect(factor.evidence.contains("n=") && factor.evidence.contains("do not name the employer's country"))
        #expect(abs(american.hourly.p50 / local.hourly.p50 / factor.multiplier - 1) < 0.001)
        // The local answer is local pay: the abroad rows do not lift Ukraine's own level.
        #expect(abs(local.hourly.p50 / (30 * 0.6) - 1) < 0.1)

        let polish = try answer("UA", business: "PL")
        let capped = try #require(polish.factors.first { $0.name.hasPrefix("employer in") })
        #expect(capped.multiplier < factor.multiplier)
        #expect(abs(capped.multiplier / (0.8 / 0.6) - 1) < 0.1)
        #expect(polish.notes.contains { $0.contains("no further") })

        // A Polish business hiring in Germany: German pay is above Polish pay already, so ×1.
        let reverse = try answer("DE", business: "PL")
        #expect(reverse.factors.first { $0.name.hasPrefix("employer in") }?.multiplier == 1)
        #expect(abs(reverse.hourly.p50 / (try answer("DE", business: nil)).hourly.p50 - 1) < 1e-9)
        // A business in the developer's own country is a local hire.
        let home = try answer("UA", business: "UA")
        #expect(home.hourly == local.hourly && home.factors == local.factors)
        // A region without abroad rows of its own uses all regions' measure, and says so.
        let german = try answer("DE", business: "US")
        #expect(german.factors.first { $0.name.hasPrefix("employer in") }?.evidence.contains("all regions") == true)
    }

    /// Fits with the standard (robust) settings and with plain least squares, and returns Poland's
    /// median for a 5-year Java developer under each.
    static func polishMedians(_ observations: [Observation]) throws -> (robust: Double, leastSquares: Double) {
        var plain = EstimationSettings.standard
        plain.robustTuning = 0
        func median(_ settings: EstimationSettings) throws -> Double {
            let model = try fit(observations, settings: settings)
            let profile = Profile(country: CountryCode("PL")!, years: 5, skills: ["Java"], hire: .employee, asOf: asOf)
            return try Estimator(model: model, tables: tables).estimate(profile).hourly.p50
        }
        return (try median(.standard), try median(plain))
    }

    static func scaledPay(_ row: Observation, _ factor: Double) -> Observation {
        var copy = row
        copy.normalised.annualUSD = Money(amount: row.normalised.annualUSD.amount * factor, currency: .usd)!
        copy.normalised.hourlyUSD = Money(amount: row.normalised.hourlyUSD.amount * factor, currency: .usd)!
        return copy
    }

    @Test func aLongLowerTailOfBadAnswersDoesNotPullACountryBelowItsTypicalPay() throws {
        // One Polish answer in eight is monthly pay typed as annual (a twelfth of the truth), the
        // kind of tail survey data have: the typical Polish developer still earns 30 × 0.8 = 24 $/h.
        let rows = Self.observations(seed: 7).enumerated().map { index, row in
            row.location.country.alpha2 == "PL" && index % 8 == 0 ? Self.scaledPay(row, 1.0 / 12) : row
        }
        let medians = try Self.polishMedians(rows)
        #expect(abs(medians.robust / 24 - 1) < 0.06, "robust fit: \(medians.robust)")
        // Plain least squares follows the mean of log pay, which the tail drags down.
        #expect(medians.leastSquares / 24 < 0.9, "least squares: \(medians.leastSquares)")
    }

    @Test func oneExtremeRowDoesNotMoveACountry() throws {
        // A single Polish answer, with a weight of 50 (a DOU-style aggregate), paid a thousand times
        // the norm but under every absolute ceiling, so no outlier rule flags it.
        var rows = Self.observations(seed: 7)
        let index = try #require(rows.firstIndex { $0.location.country.alpha2 == "PL" })
        rows[index] = Self.scaledPay(rows[index], 1000)
        rows[index].weight = 50
        let clean = try Self.polishMedians(Self.observations(seed: 7)).robust
        let medians = try Self.polishMedians(rows)
        #expect(abs(medians.robust / clean - 1) < 0.03, "robust fit: \(medians.robust) against \(clean)")
        #expect(medians.leastSquares / clean > 1.1, "least squares: \(medians.leastSquares) against \(clean)")
    }

    @Test func theRobustFitSaysWhatItDid() throws {
        let robust = try #require(Self.estimator.model.robustFit)
        #expect(robust.tuning == 1.345 && robust.converged && robust.rows == 7504)
        // Normal noise of σ = 0.3: its robust SD is near 0.3, and about 18 % of rows lie beyond 1.345 σ.
        #expect(abs(robust.scale / 0.3 - 1) < 0.1)
        #expect(abs(Double(robust.downweightedRows) / Double(robust.rows) - 0.18) < 0.04)
    }

    @Test func withoutRowsAtEmployersAbroadTheAnswerIsLocalPayAndSaysSo() throws {
        var asked = profile("UA", years: 5)
        asked.businessCountry = CountryCode("US")
        let estimate = try Self.estimator.estimate(asked)
        #expect(!estimate.factors.contains { $0.name.hasPrefix("employer in") })
        #expect(estimate.notes.contains { $0.contains("no employers abroad") && $0.contains("local market pay") })
        #expect(estimate.hourly == (try Self.estimator.estimate(profile("UA", years: 5))).hourly)
    }

    @Test func currencyConversionStatesTheRateDate() throws {
        var euro = profile("DE", years: 5)
        euro.currency = .eur
        let estimate = try Self.estimator.estimate(euro)
        #expect(estimate.exchangeRateDate == CalendarDate(iso: "2025-06-30"))
        let usd = try Self.estimator.estimate(profile("DE", years: 5))
        #expect(abs(estimate.hourly.p50 / usd.hourly.p50 - estimate.exchangeRate) < 0.01)
    }

    @Test(arguments: [
        (ProfileInput(country: "Atlantis", years: "5"), "country"),
        (ProfileInput(country: "PL", years: "-2"), "years"),
        (ProfileInput(country: "PL", years: "five"), "years"),
        (ProfileInput(country: "PL"), "years"),
        (ProfileInput(country: "PL", years: "5", currency: "XYZ"), "currency"),
        (ProfileInput(country: "PL", years: "5", role: "astronaut"), "role"),
        (ProfileInput(country: "PL", years: "5", employment: "slave"), "employment"),
        (ProfileInput(country: "PL", level: "guru"), "level"),
        (ProfileInput(country: "PL", years: "5", asOf: "31/12/2025"), "as_of"),
        (ProfileInput(years: "5"), "country"),
        (ProfileInput(country: "CO", businessCountry: "Narnia", years: "5"), "business_country"),
    ])
    func badProfilesNameTheField(input: ProfileInput, field: String) {
        #expect {
            _ = try input.resolve(tables: Self.tables, today: Self.asOf)
        } throws: { error in
            (error as? ProfileError)?.field == field
        }
    }
}

/// Agency and marketplace answers come from the market-rate model, not from a markup on pay.
@Suite("Estimation from market rates")
struct MarketEstimationTests {
    static let asOf = SyntheticEstimationTests.asOf

    static func quote(_ channel: MarketChannel, _ country: String, _ region: RateCardRegion, _ lower: Double?, _ upper: Double?) -> MarketQuote {
        MarketQuote(
            channel: channel,
            country: CountryCode(country)!,
            region: region,
            lowerHourlyUSD: lower,
            upperHourlyUSD: upper,
            teamSize: channel == .agencyListings ? .small : nil,
            source: "Test 2025-10",
            observedOn: CalendarDate(year: 2025, month: 10, day: 15)!
        )
    }

    static let estimator: Estimator = {
        var quotes: [MarketQuote] = []
        quotes += (0..<50).map { _ in quote(.agencyListings, "PL", .easternEurope, 50, 100) }
        quotes += (0..<50).map { _ in quote(.agencyListings, "DE", .westernEurope, 100, 150) }
        for index in 0..<40 {
            let rate = Double(15 + index % 10)
            quotes.append(quote(.freelanceMarketplace, "PL", .easternEurope, rate, rate))
        }
        var tables = SyntheticEstimationTests.tables
        tables.marketRates = MarketRateModel(
            channels: MarketChannel.allCases.compactMap { MarketRateFitter.fit(quotes, channel: $0) },
            method: "test",
            minimumCountryQuotes: 10
        )
        return Estimator(model: SyntheticEstimationTests.estimator.model, tables: tables)
    }()

    func profile(_ country: String, years: Double, hire: HireType, currency: CurrencyCode = .usd) -> Profile {
        Profile(country: CountryCode(country)!, years: years, skills: [], hire: hire, currency: currency, asOf: Self.asOf)
    }

    @Test func agencyRatesComeFromListingsNotFromLocalPay() throws {
        let poland = try Self.estimator.estimate(profile("PL", years: 6, hire: .agency))
        let answer = try #require(Self.estimator.tables.marketRates.answer(.agencyListings, country: CountryCode("PL")!, region: .easternEurope))
        #expect(poland.hourly.p50 == answer.hourly.p50)
        #expect(poland.hourly.p50 > 50 && poland.hourly.p50 < 100)
        #expect(poland.sampleSize == 50 && poland.fallbackLevel == .country)
        #expect(poland.sources.count == 1 && poland.sources[0].source.contains("agency listings"))
        #expect(poland.factors.contains { $0.name == "team size 10-49" })
        #expect(!poland.factors.contains { $0.name == "agency" }, "no fixed markup when listings exist")
        // Listings do not record seniority: the answer says so and does not move with years.
        let junior = try Self.estimator.estimate(profile("PL", years: 1, hire: .agency))
        #expect(junior.hourly == poland.hourly)
        #expect(poland.notes.contains { $0.contains("neither seniority nor stack") })
        #expect(abs(poland.annual.p50 - poland.hourly.p50 * poland.hoursPerYear) < 1)
        // Germany's listings are dearer than Poland's, whatever the two countries' pay ratio.
        let germany = try Self.estimator.estimate(profile("DE", years: 6, hire: .agency))
        #expect(germany.hourly.p50 > poland.hourly.p50 * 1.3)
    }

    @Test func agencyAnswersConvertCurrencyAndFallBackToTheRegion() throws {
        let euros = try Self.estimator.estimate(profile("PL", years: 6, hire: .agency, currency: CurrencyCode("EUR")!))
        let dollars = try Self.estimator.estimate(profile("PL", years: 6, hire: .agency))
        #expect(abs(euros.hourly.p50 - dollars.hourly.p50 * euros.exchangeRate) < 0.02)
        let ukraine = try Self.estimator.estimate(profile("UA", years: 6, hire: .agency))
        #expect(ukraine.fallbackLevel == .region)
        #expect(ukraine.notes.contains { $0.contains("0 agency listings") })
    }

    @Test func aFreelancerAnswerCarriesTheMarketplaceFigureBesideTheLocalOne() throws {
        let freelancer = try Self.estimator.estimate(profile("PL", years: 6, hire: .freelancer))
        let market = try #require(freelancer.marketplace)
        #expect(market.channel == .freelanceMarketplace && market.quotes == 40 && market.fallbackLevel == .country)
        #expect(market.hourly.p50 >= 15 && market.hourly.p50 <= 25)
        #expect(market.hourly != freelancer.hourly)
        #expect(try Self.estimator.estimate(profile("PL", years: 6, hire: .employee)).marketplace == nil)
    }

    @Test func withoutListingsTheAgencyMarkupIsUsedAndSaid() throws {
        let plain = Estimator(model: SyntheticEstimationTests.estimator.model, tables: SyntheticEstimationTests.tables.withoutMarketRates)
        let agency = try plain.estimate(profile("PL", years: 6, hire: .agency))
        #expect(agency.factors.contains { $0.name == "agency" && $0.evidence.contains("no agency listings") })
    }
}

extension ReferenceTables {
    var withoutMarketRates: ReferenceTables {
        var copy = self
        copy.marketRates = .empty
        return copy
    }
}
