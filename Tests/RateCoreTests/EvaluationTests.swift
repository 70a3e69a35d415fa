import Foundation
import RateCore
import RateImport
import Testing

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
}
