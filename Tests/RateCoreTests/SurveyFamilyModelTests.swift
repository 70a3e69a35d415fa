import Foundation
import RateCore
import RateImport
import RateStats
import Testing

/// The model's second version on synthetic survey waves with known growth, levels and gaps: a
/// survey's waves share one level, growth is measured where a family asked in several years, the
/// latest waves set today's level, a segment source never moves the general level, and each
/// region keeps its own gap between roles and engagements.
@Suite("Survey families, wage growth and segments")
struct SurveyFamilyModelTests {
    static let tables = try! ReferenceLoader.bundled()
    static let asOf = CalendarDate(iso: "2025-06-30")!

    /// One synthetic respondent.
    struct Spec {
        var country: String
        var date: CalendarDate
        var source: Int64
        var hourly: Double
        var role: Role = .backend
        var employment: EmploymentType = .employeeFullTime
        var abroad = false
    }

    static func observation(_ spec: Spec, index: Int, years: Double) -> Observation {
        Observation(
            recordKey: "\(spec.source):\(spec.country):\(spec.date):\(index)",
            line: index + 2,
            observedOn: spec.date,
            reported: ReportedPay(amount: Money(amount: spec.hourly * 2080, currency: .usd)!, period: .year, basis: .gross),
            normalised: NormalisedPay(
                annualUSD: Money(amount: spec.hourly * 2080, currency: .usd)!,
                hourlyUSD: Money(amount: spec.hourly, currency: .usd)!,
                fxRate: 1,
                fxDate: nil,
                fxOrigin: .none
            ),
            location: Location(country: CountryCode(spec.country)!),
            experience: Experience(years: years),
            skills: [],
            role: spec.role,
            employment: spec.employment,
            sourceID: spec.source,
            business: spec.abroad ? .abroad : nil
        )
    }

    /// `count` respondents of a wave: pay = `level` × the experience curve × log-normal noise (σ = 0.25).
    static func wave(
        _ country: String,
        _ date: String,
        source: Int64,
        level: Double,
        count: Int = 600,
        role: Role = .backend,
        employment: EmploymentType = .employeeFullTime,
        abroad: Bool = false,
        generator: inout SeededGenerator
    ) -> [Observation] {
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        func normal() -> Double { (-2 * log(max(1e-12, uniform()))).squareRoot() * cos(2 * .pi * uniform()) }
        let day = CalendarDate(iso: date)!
        return (0..<count).map { index in
            let years = 1 + uniform() * 14
            let hourly = level * exp(0.35 * (log1p(years) - log1p(5))) * exp(0.25 * normal())
            return observation(
                Spec(country: country, date: day, source: source, hourly: hourly, role: role, employment: employment, abroad: abroad),
                index: index,
                years: years
            )
        }
    }

    static let datasets: [Int64: String] = [1: "so2016", 2: "so2024", 3: "sysarmy", 4: "levelsfyi", 5: "so2025", 6: "dou"]

    static func fit(_ observations: [Observation]) throws -> RateModel {
        try ModelFitter(tables: tables).fit(
            observations: observations,
            sourceDatasets: datasets,
            distributions: [],
            asOf: asOf,
            dataVersion: 1,
            fittedAt: Timestamp(secondsSince1970: 0)
        )
    }

    /// Level at a date for a country growing `growth` a year and worth `today` on the model's date.
    static func level(_ today: Double, growth: Double, at date: String) -> Double {
        today * exp(-growth * asOf.years(since: CalendarDate(iso: date)!))
    }

    static let growingWaves: [Observation] = {
        var generator = SeededGenerator(seed: 11)
        var rows: [Observation] = []
        // Germany grows 3 % a year, Poland 8 %: Stack Overflow asked both in 2016 and 2024.
        for (country, today, growth) in [("DE", 50.0, 0.03), ("PL", 30.0, 0.08)] {
            rows += wave(country, "2016-05-01", source: 1, level: level(today, growth: growth, at: "2016-05-01"), generator: &generator)
            rows += wave(country, "2024-06-01", source: 2, level: level(today, growth: growth, at: "2024-06-01"), generator: &generator)
        }
        // Brazil only in 2024: its growth is not measured.
        rows += wave("BR", "2024-06-01", source: 2, level: 20, generator: &generator)
        return rows
    }()

    @Test func aSurveysWavesShareOneLevelAndMeasureGrowthPerCountry() throws {
        let model = try Self.fit(Self.growingWaves)
        #expect(model.referenceSource == SourceFamily.stackOverflow, "2016 and 2024 are one family, not two levels")
        #expect(!model.columns.contains { $0.kind == .source }, "one family: no source effect to fit")
        let germany = try #require(model.countryGrowth?["DE"])
        let poland = try #require(model.countryGrowth?["PL"])
        #expect(abs(germany.estimate - 0.03) < 0.01, "Germany \(germany.estimate)")
        #expect(abs(poland.estimate - 0.08) < 0.01, "Poland \(poland.estimate)")
        #expect(germany.isMeasured && germany.families == [SourceFamily.stackOverflow] && germany.years == [2016, 2024])
        #expect(model.countryGrowth?["BR"] == nil, "one wave measures no growth")
        let estimator = Estimator(model: model, tables: Self.tables)
        // An answer for 2016 is aged back by Poland's own growth.
        let today = try estimator.estimate(Profile(country: CountryCode("PL")!, years: 5, asOf: Self.asOf))
        let then = try estimator.estimate(Profile(country: CountryCode("PL")!, years: 5, asOf: CalendarDate(iso: "2016-05-01")!))
        #expect(abs(log(today.hourly.p50 / then.hourly.p50) - 0.08 * Self.asOf.years(since: CalendarDate(iso: "2016-05-01")!)) < 0.1)
        #expect(then.factors.contains { $0.name.hasPrefix("wage growth") && $0.evidence.contains("measured for Poland") })
        // Brazil's answer for another date says it rests on a region's index, not its own.
        let brazil = try estimator.estimate(Profile(country: CountryCode("BR")!, years: 5, asOf: CalendarDate(iso: "2020-01-01")!))
        #expect(brazil.factors.contains { $0.name.hasPrefix("wage growth") && !$0.evidence.contains("Brazil") })
    }

    /// A region's growth is held to its prior as firmly as two countries that measure their own:
    /// one country whose dollars slide (a currency's fall) keeps its own growth without carrying
    /// its region's, while six countries that agree move their region most of the way.
    @Test func aRegionsGrowthNeedsSeveralCountriesToLeaveItsPrior() throws {
        var generator = SeededGenerator(seed: 21)
        var rows: [Observation] = []
        // Argentina in dollars: −14 % a year over five sysarmy waves. Latin America's prior is 3 %.
        for date in ["2019-02-15", "2020-02-15", "2021-02-15", "2022-02-15", "2023-02-15"] {
            rows += Self.wave("AR", date, source: 3, level: Self.level(8, growth: -0.14, at: date), generator: &generator)
        }
        // Six Western European countries that all grow 6 % a year, asked in 2016 and 2024; the prior is 2.5 %.
        for country in ["DE", "FR", "ES", "IT", "NL", "BE"] {
            for date in ["2016-05-01", "2024-06-01"] {
                rows += Self.wave(country, date, source: 1, level: Self.level(40, growth: 0.06, at: date), generator: &generator)
            }
        }
        let model = try Self.fit(rows)
        let argentina = try #require(model.countryGrowth?["AR"])
        let latinAmerica = try #require(model.growth[RateCardRegion.latinAmerica.rawValue])
        let westernEurope = try #require(model.growth[RateCardRegion.westernEurope.rawValue])
        // Its own growth (with its recent level beside it, which takes part of the slide).
        #expect(argentina.estimate < -0.08, "Argentina keeps its own growth: \(argentina.estimate)")
        #expect(latinAmerica.isMeasured && latinAmerica.prior == 0.03)
        // Two thirds of the way back to the prior (3 %) from Argentina's −14 %: about −2.7 %.
        #expect(latinAmerica.estimate > -0.05 && latinAmerica.estimate < 0.0, "Latin America \(latinAmerica.estimate)")
        // Three quarters of the way from the prior (2.5 %) to the six countries' 6 %.
        #expect(westernEurope.estimate > 0.045 && westernEurope.estimate < 0.06, "Western Europe \(westernEurope.estimate)")
    }

    @Test func theLatestWavesSetTodaysLevelWhenPayLeftItsTrend() throws {
        var generator = SeededGenerator(seed: 5)
        var rows = Self.growingWaves
        // Argentina in USD: flat, a devaluation's dip, then a jump in the last wave.
        for (date, level) in [("2019-02-15", 8.0), ("2020-02-15", 8.0), ("2022-02-15", 9.0), ("2023-02-15", 7.0), ("2025-02-15", 13.0)] {
            rows += Self.wave("AR", date, source: 3, level: level, generator: &generator)
        }
        let model = try Self.fit(rows)
        let window = try #require(model.recentWindows?["AR"])
        #expect(window.since <= CalendarDate(iso: "2025-02-15")! && window.since > CalendarDate(iso: "2023-02-15")!)
        let estimator = Estimator(model: model, tables: Self.tables)
        let latest = try estimator.estimate(Profile(country: CountryCode("AR")!, years: 5, asOf: CalendarDate(iso: "2025-02-15")!))
        // The trend alone would say about 11 $/h there; the last wave says 13.
        #expect(abs(latest.hourly.p50 / 13 - 1) < 0.08, "\(latest.hourly.p50)")
        #expect(latest.factors.contains { $0.name == "latest surveys Argentina" && $0.multiplier > 1.05 })
        // An answer for a date before the latest surveys follows the trend alone.
        let before = try estimator.estimate(Profile(country: CountryCode("AR")!, years: 5, asOf: CalendarDate(iso: "2020-02-15")!))
        #expect(!before.factors.contains { $0.name.hasPrefix("latest surveys") })
    }

    @Test func aSegmentSourceNeverMovesTheGeneralLevel() throws {
        var generator = SeededGenerator(seed: 9)
        // More than 1,000 rows, so the notes show their counts grouped as every count is.
        var segment = Self.wave("DE", "2021-06-01", source: 4, level: 90, count: 1_200, generator: &generator)
        segment += Self.wave("PL", "2021-06-01", source: 4, level: 50, count: 10, generator: &generator)
        let without = Estimator(model: try Self.fit(Self.growingWaves), tables: Self.tables)
        let with = Estimator(model: try Self.fit(Self.growingWaves + segment), tables: Self.tables)
        for country in ["DE", "PL", "BR"] {
            let profile = Profile(country: CountryCode(country)!, years: 5, asOf: Self.asOf)
            let a = try without.estimate(profile)
            let b = try with.estimate(profile)
            #expect(a.hourly.values == b.hourly.values, "\(country): levels.fyi rows moved the general answer")
            #expect(a.sampleSize == b.sampleSize)
        }
        let premium = try #require(with.model.segments?.first)
        #expect(premium.source == "levelsfyi" && premium.overall.rows == 1_210)
        // Germany's own premium: 90 against a general level of about 50 × 0.97^4 aged from 2021.
        let germany = try #require(premium.byCountry["DE"])
        #expect(germany.rows == 1_200 && exp(germany.logPremium) > 1.7 && exp(germany.logPremium) < 2.3)
        // Poland has too few rows for its own premium: the answer's note says it uses the overall one.
        let note = try with.estimate(Profile(country: CountryCode("PL")!, years: 5, asOf: Self.asOf)).notes.first { $0.hasPrefix("levelsfyi") }
        #expect(note?.contains("all its 1,210 rows (Poland has too few)") == true)
        #expect(
            try with.estimate(Profile(country: CountryCode("DE")!, years: 5, asOf: Self.asOf)).notes.contains {
                $0.contains("Germany's own 1,200 rows")
            }
        )
    }

    @Test func eachRegionKeepsItsOwnGapBetweenRolesAndEngagements() throws {
        var generator = SeededGenerator(seed: 3)
        var rows: [Observation] = []
        // Full-stack is paid ×0.75 of back-end in the US and ×0.92 in Germany; contractors in Latin
        // America earn ×1.4 of employees, elsewhere ×0.95.
        for (country, level, fullStack) in [("US", 60.0, 0.75), ("DE", 40.0, 0.92)] {
            rows += Self.wave(country, "2024-06-01", source: 2, level: level, generator: &generator)
            rows += Self.wave(country, "2024-06-01", source: 2, level: level * fullStack, role: .fullStack, generator: &generator)
            rows += Self.wave(country, "2024-06-01", source: 2, level: level * 0.95, count: 300, employment: .freelancer, generator: &generator)
        }
        rows += Self.wave("BR", "2024-06-01", source: 2, level: 20, generator: &generator)
        rows += Self.wave("BR", "2024-06-01", source: 2, level: 28, count: 300, employment: .freelancer, generator: &generator)
        let estimator = Estimator(model: try Self.fit(rows), tables: Self.tables)
        func ratio(_ country: String, _ role: Role) throws -> Double {
            let base = try estimator.estimate(Profile(country: CountryCode(country)!, years: 5, asOf: Self.asOf))
            let other = try estimator.estimate(Profile(country: CountryCode(country)!, years: 5, role: role, asOf: Self.asOf))
            return other.hourly.p50 / base.hourly.p50
        }
        #expect(abs(try ratio("US", .fullStack) - 0.75) < 0.05)
        #expect(abs(try ratio("DE", .fullStack) - 0.92) < 0.05)
        func freelancerIncome(_ country: String) throws -> Double {
            let estimate = try estimator.estimate(Profile(country: CountryCode(country)!, years: 5, hire: .freelancer, asOf: Self.asOf))
            let factor = try #require(estimate.factors.first { $0.name == "freelancer" })
            return factor.multiplier * 0.7
        }
        #expect(abs(try freelancerIncome("BR") - 1.4) < 0.12)
        #expect(abs(try freelancerIncome("US") - 0.95) < 0.08)
    }

    @Test func beingPaidFromAbroadIsWorthWhatEachCountrysOwnRowsSay() throws {
        var generator = SeededGenerator(seed: 17)
        var rows = Self.wave("US", "2024-06-01", source: 2, level: 60, generator: &generator)
        // In Colombia an employer abroad pays ×1.5 of a local one; in Argentina ×2.4.
        rows += Self.wave("CO", "2024-06-01", source: 3, level: 10, generator: &generator)
        rows += Self.wave("CO", "2024-06-01", source: 3, level: 15, count: 300, abroad: true, generator: &generator)
        rows += Self.wave("AR", "2024-06-01", source: 3, level: 8, generator: &generator)
        rows += Self.wave("AR", "2024-06-01", source: 3, level: 19.2, count: 300, abroad: true, generator: &generator)
        let estimator = Estimator(model: try Self.fit(rows), tables: Self.tables)
        func factor(_ country: String) throws -> EstimateFactor {
            let estimate = try estimator.estimate(
                Profile(country: CountryCode(country)!, businessCountry: CountryCode("US")!, years: 5, asOf: Self.asOf)
            )
            return try #require(
                estimate.factors.first { $0.name == "employer in United States" },
                "\(estimate.factors.map(\.name)) \(estimate.notes)"
            )
        }
        let colombia = try factor("CO")
        let argentina = try factor("AR")
        #expect(abs(colombia.multiplier - 1.5) < 0.12, "\(colombia.multiplier)")
        #expect(abs(argentina.multiplier - 2.4) < 0.2, "\(argentina.multiplier)")
        #expect(colombia.evidence.contains("Colombia's own rows (300)"))
    }

    @Test func aStatedTitleIsWorthWhatItAddsOverTheAverageDeveloperWithTheSameYears() throws {
        var generator = SeededGenerator(seed: 23)
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        func normal() -> Double { (-2 * log(max(1e-12, uniform()))).squareRoot() * cos(2 * .pi * uniform()) }
        // A titled survey in Ukraine, where a senior earns ×1.4 and a junior ×0.7 of a middle with
        // the same years, and one in Argentina, where the steps are ×1.2 and ×0.8; titles follow
        // years (juniors early, seniors late).
        var titled: [Observation] = []
        for (country, source, premium) in [
            ("UA", Int64(6), [ExperienceLevel.entry: 0.7, .mid: 1, .senior: 1.4]), ("AR", 3, [.entry: 0.8, .mid: 1, .senior: 1.2]),
        ] {
            for index in 0..<3000 {
                let years = 1 + uniform() * 14
                let seniorShare = min(1, max(0, (years - 2) / 6))
                let draw = uniform()
                let level: ExperienceLevel = years < 3 && draw < 0.6 ? .entry : draw < seniorShare ? .senior : .mid
                let hourly = 10 * premium[level]! * exp(0.35 * (log1p(years) - log1p(5))) * exp(0.2 * normal())
                var row = Self.observation(
                    Spec(country: country, date: CalendarDate(iso: "2024-06-01")!, source: source, hourly: hourly),
                    index: index,
                    years: years
                )
                row.experience.statedLevel = level
                titled.append(row)
            }
        }
        var untitled = Self.wave("DE", "2024-06-01", source: 2, level: 40, generator: &generator)
        untitled += Self.wave("UA", "2024-06-01", source: 2, level: 12, count: 300, generator: &generator)
        let withTitles = Estimator(model: try Self.fit(untitled + titled), tables: Self.tables)
        let mix = try #require(withTitles.model.statedLevels?["dou"])
        #expect(mix.rows == 3000 && withTitles.model.statedLevels?.keys.sorted() == ["dou", "sysarmy"])

        func median(_ country: String, years: Double, level: ExperienceLevel? = nil) throws -> Estimate {
            try withTitles.estimate(Profile(country: CountryCode(country)!, years: years, level: level, asOf: Self.asOf))
        }
        // Between two titles at the same years, the answer keeps the survey's gap.
        let senior = try median("UA", years: 5, level: .senior)
        let middle = try median("UA", years: 5, level: .mid)
        #expect(abs(senior.hourly.p50 / middle.hourly.p50 - 1.4) < 0.08, "\(senior.hourly.p50 / middle.hourly.p50)")
        // Each survey's own steps: Argentina's answer takes sysarmy's, not DOU's.
        let argentineStep = try median("AR", years: 5, level: .senior).hourly.p50 / median("AR", years: 5, level: .mid).hourly.p50
        #expect(abs(argentineStep - 1.2) < 0.06, "\(argentineStep)")
        // A country without a titled survey gets the surveys' steps weighed by their titled rows.
        let germanStep = try median("DE", years: 5, level: .senior).hourly.p50 / median("DE", years: 5, level: .mid).hourly.p50
        #expect(germanStep > argentineStep && germanStep < senior.hourly.p50 / middle.hourly.p50, "\(germanStep)")
        // At 14 years nearly every titled respondent is senior: saying so adds next to nothing,
        // while a middle that late is paid below the average.
        let late = try #require(try median("UA", years: 14, level: .senior).factors.first { $0.name == "stated level senior" })
        #expect(abs(late.multiplier - 1) < 0.04, "\(late.multiplier)")
        #expect(late.evidence.contains("dou ×") && late.evidence.contains("100 % senior, n=3,000"), "\(late.evidence)")
        let lateMiddle = try #require(try median("UA", years: 14, level: .mid).factors.first { $0.name == "stated level mid" })
        #expect(abs(lateMiddle.multiplier - 1 / 1.4) < 0.05, "\(lateMiddle.multiplier)")
        // No title, no factor; and answers without one are what the same rows give with their titles removed.
        #expect(try !median("UA", years: 5).factors.contains { $0.name.hasPrefix("stated level") })
        let stripped = titled.map { row in
            var row = row
            row.experience.statedLevel = nil
            return row
        }
        let withoutTitles = Estimator(model: try Self.fit(untitled + stripped), tables: Self.tables)
        #expect(withoutTitles.model.statedLevels?.isEmpty != false)
        // A "title" set from the years by the publisher (sysarmy's seniority) says nothing more.
        let banded = (0..<600).map { index in
            let years = Double(index % 20)
            return (years: years, level: years < 3 ? ExperienceLevel.entry : years < 6 ? .mid : .senior, family: "sysarmy")
        }
        #expect(StatedLevelMix.learn(banded).isEmpty)
        #expect(StatedLevelMix.learn(banded + [(years: 4, level: .senior, family: "sysarmy")]).isEmpty, "one odd row is not a mix")
        for country in ["DE", "UA", "AR"] {
            let with = try median(country, years: 5).hourly.p50
            let without = try withoutTitles.estimate(Profile(country: CountryCode(country)!, years: 5, asOf: Self.asOf)).hourly.p50
            #expect(abs(with / without - 1) < 0.03, "\(country) at 5 years: \(with) with titles in the fit, \(without) without")
        }
    }
}
