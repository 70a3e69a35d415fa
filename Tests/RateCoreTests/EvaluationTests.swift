import Foundation
import RateImport
import RateStats
import Testing

@testable import RateCore

/// Hold-outs of `ratecard evaluate`: field periods, the latest wave and the rolling-origin backtest.
@Suite("Evaluation")
struct EvaluationTests {
    static let tables = SyntheticEstimationTests.tables

    static func day(_ iso: String) -> Int { CalendarDate(iso: iso)!.dayNumber }

    @Test func aFieldPeriodTakesEveryDayWithinItsMaximumOfItsFirst() {
        // colombia-dev's June–July 2020 is one wave; sysarmy's February and July 2025 are two.
        let colombia = [Self.day("2020-06-17"), Self.day("2020-07-30"), Self.day("2020-06-20")]
        #expect(FieldPeriods.group(colombia) == [Self.day("2020-06-17")...Self.day("2020-07-30")])
        let sysarmy = [Self.day("2025-07-01"), Self.day("2025-02-15"), Self.day("2025-02-15")]
        #expect(FieldPeriods.group(sysarmy) == [Self.day("2025-02-15")...Self.day("2025-02-15"), Self.day("2025-07-01")...Self.day("2025-07-01")])
        // The limit counts from the period's first day, not from the day before.
        let chained = [0, 100, 120, 121, 200, 260]
        #expect(FieldPeriods.group(chained) == [0...120, 121...200, 260...260])
        #expect(FieldPeriods.group([Int]()).isEmpty)
    }

    /// Four biennial waves of one survey (2019–2025), wages growing 5 % a year, each wave a fresh
    /// draw of the synthetic respondents (σ = 0.3 in logs).
    static let waveYears = [2019, 2021, 2023, 2025]

    static func growingWaves() -> [Observation] {
        waveYears.flatMap { year in
            SyntheticEstimationTests.observations(seed: UInt64(year)).map { observation in
                var observation = observation
                let growth = pow(1.05, Double(year - 2025))
                observation.observedOn = CalendarDate(year: year, month: 6, day: 30)!
                observation.recordKey = "\(observation.recordKey ?? ""):\(year)"
                observation.reported.amount = Money(amount: observation.reported.amount.amount * growth, currency: .usd)!
                observation.normalised.annualUSD = Money(amount: observation.normalised.annualUSD.amount * growth, currency: .usd)!
                observation.normalised.hourlyUSD = Money(amount: observation.normalised.hourlyUSD.amount * growth, currency: .usd)!
                return observation
            }
        }
    }

    static let waveRows = SyntheticEstimationTests.observations(seed: 1).count

    @Test func theBacktestPredictsEachWaveFromTheRowsBeforeIt() throws {
        let fitter = ModelFitter(settings: .standard, tables: Self.tables)
        let report = try fitter.backtest(
            observations: Self.growingWaves(),
            sourceDatasets: [1: "synthetic"],
            asOf: CalendarDate(iso: "2025-06-30")!,
            source: "synthetic",
            minimumTrainingRows: Self.waveRows + 1
        )
        #expect(report.waves.map(\.firstDay.year) == Self.waveYears)
        #expect(report.waves.allSatisfy { $0.heldOutRows == Self.waveRows })
        #expect(report.waves.map(\.trainingRows) == [0, 1, 2, 3].map { $0 * Self.waveRows })
        // 2019 has nothing before it, and 2021 only one wave: too few rows to fit on; both say so.
        #expect(report.waves[0].scores == nil && report.waves[0].skipped?.contains("0 rows observed before it") == true)
        #expect(report.waves[1].scores == nil && report.waves[1].skipped?.contains("fewer than") == true)
        // Each later wave is two years after the newest row the model saw.
        #expect(report.waves[2].daysAhead == Self.day("2023-06-30") - Self.day("2021-06-30"))
        #expect(report.waves[3].daysAhead == Self.day("2025-06-30") - Self.day("2023-06-30"))
        for wave in report.waves.dropFirst(2) {
            let scores = try #require(wave.scores)
            // Growth is measured from the earlier waves and carried forward, so the new wave is
            // neither under- nor over-predicted, and its ranges hold what they should.
            #expect(abs(scores.model.medianBias) < 0.05, "\(wave.firstDay)")
            #expect(abs(scores.model.coverage50 - 0.5) < 0.05 && abs(scores.model.coverage80 - 0.8) < 0.05, "\(wave.firstDay)")
            // Experience and skills explain pay that a country's median cannot.
            #expect(scores.model.medianAbsoluteLogError < scores.countryMedian.medianAbsoluteLogError, "\(wave.firstDay)")
        }
        let pooled = try #require(report.pooled)
        #expect(pooled.heldOutRows == 2 * Self.waveRows)
        #expect(pooled.trainingRows == 5 * Self.waveRows)
        #expect(pooled.bySource["synthetic"]?.model.rows == 2 * Self.waveRows)
        // Each country with 100 held-out rows or more has a line of its own; Malta's 8 count in
        // their region only.
        #expect(Set(pooled.byCountry.keys) == ["DE", "PL", "UA", "IN", "US"])
        #expect(pooled.byCountry["PL"]?.model.rows == 2 * 1_500)
        #expect(pooled.byCountry.values.reduce(0) { $0 + $1.model.rows } == 2 * Self.waveRows - 8)
        for (country, scores) in pooled.byCountry { #expect(abs(scores.model.medianBias) < 0.1, "\(country)") }
    }

    @Test func aWaveMostlyInCountriesWithNoEarlierRowsIsSkippedAndSaysWhy() throws {
        // Ukraine alone in 2019 (another source), then every country in 2021 and 2023.
        let ukraine = Self.growingWaves().filter { $0.observedOn.year == 2019 && $0.location.country.alpha2 == "UA" }.map { observation in
            var observation = observation
            observation.sourceID = 2
            return observation
        }
        let later = Self.growingWaves().filter { $0.observedOn.year == 2021 || $0.observedOn.year == 2023 }
        let report = try ModelFitter(settings: .standard, tables: Self.tables).backtest(
            observations: ukraine + later,
            sourceDatasets: [1: "synthetic", 2: "ukraine"],
            asOf: CalendarDate(iso: "2025-06-30")!,
            source: "synthetic",
            minimumTrainingRows: 1000
        )
        #expect(report.waves.map(\.firstDay.year) == [2021, 2023])
        // 1,500 of the 2021 wave's 7,504 rows are in Ukraine, the only country seen before it.
        #expect(report.waves[0].scores == nil)
        #expect(report.waves[0].skipped == "only 20 % of its rows are in countries with rows before it (the backtest needs half)")
        #expect(report.waves[1].scores != nil && report.pooled?.heldOutRows == Self.waveRows)
    }

    @Test func theLatestWaveHoldOutIsTheBacktestsLastWave() throws {
        let fitter = ModelFitter(settings: .standard, tables: Self.tables)
        let observations = Self.growingWaves()
        let asOf = CalendarDate(iso: "2025-06-30")!
        let latest = try fitter.evaluate(observations: observations, sourceDatasets: [1: "synthetic"], asOf: asOf, holdOut: .latestWave("synthetic"))
        let backtest = try fitter.backtest(observations: observations, sourceDatasets: [1: "synthetic"], asOf: asOf, source: "synthetic")
        #expect(latest.heldOutRows == Self.waveRows && latest.trainingRows == 3 * Self.waveRows)
        #expect(backtest.waves.last?.scores == latest.overall)
        #expect(throws: ModelError.self) {
            try fitter.backtest(observations: observations, sourceDatasets: [1: "synthetic"], asOf: asOf, source: "dou")
        }
    }

    /// A Germany row of one source, observed on the evaluation date, that gives total years of
    /// coding and maybe professional years.
    static func codingObservation(_ index: Int, source: Int64, hourly: Double, years: Double?, outlier: Bool = false) -> Observation {
        Observation(
            recordKey: "\(source):\(index)",
            line: index + 2,
            observedOn: CalendarDate(iso: "2025-06-30")!,
            reported: ReportedPay(amount: Money(amount: hourly * 2080, currency: .usd)!, period: .year, basis: .gross),
            normalised: NormalisedPay(
                annualUSD: Money(amount: hourly * 2080, currency: .usd)!,
                hourlyUSD: Money(amount: hourly, currency: .usd)!,
                fxRate: 1,
                fxDate: nil,
                fxOrigin: .none
            ),
            location: Location(country: CountryCode("DE")!),
            experience: Experience(years: years, codingYears: 20),
            skills: [Skill(name: "Go", isKnown: true)],
            role: .backend,
            employment: .employeeFullTime,
            quality: outlier ? .outlierHigh : .ok,
            sourceID: source
        )
    }

    /// What a fit learns from its rows before fitting (the coding-years map, the winsorising
    /// bounds) must come from the fitted side of a hold-out only: learned from every row, the
    /// scored rows would shape the model they are scored against.
    @Test func theScoredRowsTeachTheFittedSideNothing() {
        let fitter = ModelFitter(settings: .standard, tables: Self.tables)
        let asOf = CalendarDate(iso: "2025-06-30")!
        let sources: [Int64: String] = [1: "fitted", 2: "scored"]
        // The fitted side gives total years of coding only; the scored side gives both, with a gap
        // no survey shows (20 years of coding, 1 professional), and is paid ten times as much.
        let fitted =
            (0..<40).map { Self.codingObservation($0, source: 1, hourly: 30 + Double($0) / 10, years: nil) }
            + [Self.codingObservation(99, source: 1, hourly: 3000, years: nil, outlier: true)]
        let scored =
            (0..<40).map { Self.codingObservation(100 + $0, source: 2, hourly: 300 + Double($0), years: 1) }
            + [Self.codingObservation(199, source: 2, hourly: 3000, years: 1, outlier: true)]
        let observations = fitted + scored
        var everyRowsMap = CodingYearsMap.learn(from: observations)
        var excluded: [RowExclusion: Int] = [:]
        let rows = fitter.prepare(observations, sourceDatasets: sources, asOf: asOf, codingYears: &everyRowsMap, excluded: &excluded)
        #expect(everyRowsMap.professionalYears(forCoding: 20) == 1)

        let (training, testing) = fitter.prepareApart(
            training: rows.filter { $0.dataset == "fitted" },
            testing: rows.filter { $0.dataset == "scored" },
            from: observations,
            sourceDatasets: sources,
            asOf: asOf
        )
        #expect(training.count == fitted.count && testing.count == scored.count)
        // No fitted row gives both answers, so the fitted side's coding years take the prior gap.
        #expect(training.allSatisfy { $0.years == 20 - CodingYearsMap.priorGap })
        #expect(testing.allSatisfy { $0.years == 1 })
        // Both flagged rows are pulled in to the fitted side's P99 (under 34 $/h), not to the
        // scored side's pay of 300 $/h and more.
        let highestFitted = log(33.9) + 1e-9
        #expect(training.filter { !$0.isOutlier }.allSatisfy { $0.y <= highestFitted })
        let flagged = (training + testing).filter(\.isOutlier)
        #expect(flagged.count == 2)
        #expect(flagged.allSatisfy { $0.y <= highestFitted })
        #expect(testing.filter { !$0.isOutlier }.allSatisfy { $0.y >= log(300) })
    }
}
