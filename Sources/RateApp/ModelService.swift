import Foundation
import RateCore
import RateStore

/// Fits, stores and loads the estimation model. Serving never refits: it reads the latest snapshot.
public struct ModelService: Sendable {
    let app: RateCardApp

    /// Today in UTC, from the app's clock. (Day arithmetic, not `Calendar`: every estimate
    /// request asks, and a calendar lookup was a visible share of the endpoint's CPU.)
    public var today: CalendarDate {
        CalendarDate(dayNumber: Int((app.now().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The training data: observations, OEWS cells and each source's dataset tag.
    public func trainingData() async throws -> (observations: [Observation], distributions: [PublishedDistribution], datasets: [Int64: String]) {
        let sources = try await app.store.sources()
        let datasets = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.descriptor.dataset) })
        let observations = try await app.store.observations(ObservationQuery())
        let distributions = try await app.store.distributions(DistributionQuery(areaTypes: ["N", "S", "M"]))
        return (observations, distributions, datasets)
    }

    /// Fits a model on everything in the store and saves it as the current snapshot.
    @discardableResult
    /// The store's data version: it moves with every import, deletion and approval.
    public func dataVersion() async throws -> Int { try await app.store.dataVersion() }

    /// The newest saved model's version and time, without its payload: what servers poll.
    public func latestSnapshotInfo() async throws -> ModelSnapshotInfo? { try await app.store.latestModelSnapshotInfo() }

    public func fit(asOf: CalendarDate? = nil) async throws -> RateModel {
        let data = try await trainingData()
        let version = try await app.store.dataVersion()
        let fitter = ModelFitter(settings: app.estimationSettings, tables: app.tables)
        let model = try fitter.fit(
            observations: data.observations,
            sourceDatasets: data.datasets,
            distributions: data.distributions,
            advertisedRanges: try await app.store.advertisedRanges(AdvertisedRangeQuery()),
            asOf: asOf ?? today,
            dataVersion: version,
            fittedAt: app.timestamp
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await app.store.saveModelSnapshot(ModelSnapshot(dataVersion: version, fittedAt: model.fittedAt, payload: try encoder.encode(model)))
        return model
    }

    /// Holds rows out, fits on the rest and scores the held-out rows against two baselines.
    public func evaluate(holdOut: HoldOut, asOf: CalendarDate? = nil) async throws -> EvaluationReport {
        let data = try await trainingData()
        let fitter = ModelFitter(settings: app.estimationSettings, tables: app.tables)
        return try fitter.evaluate(observations: data.observations, sourceDatasets: data.datasets, asOf: asOf ?? today, holdOut: holdOut)
    }

    /// Predicts every wave of `source` from the rows observed before it (`ratecard evaluate --backtest`).
    /// `note` hears of each wave before its fit (a fit takes seconds; DOU has 21 waves).
    public func backtest(source: String, asOf: CalendarDate? = nil, note: (@Sendable (String) -> Void)? = nil) async throws -> BacktestReport {
        let data = try await trainingData()
        let fitter = ModelFitter(settings: app.estimationSettings, tables: app.tables)
        return try fitter.backtest(observations: data.observations, sourceDatasets: data.datasets, asOf: asOf ?? today, source: source) {
            (wave, count, firstDay) in
            note?("backtest: wave \(wave) of \(count) (\(firstDay))…")
        }
    }

    /// The current model: the latest snapshot, fitted first when there is none.
    public func current(note: (@Sendable (String) -> Void)? = nil) async throws -> (estimator: Estimator, isStale: Bool) {
        let version = try await app.store.dataVersion()
        let model: RateModel
        if let snapshot = try await app.store.latestModelSnapshot(),
            let stored = try? JSONDecoder().decode(RateModel.self, from: snapshot.payload), stored.methodVersion == RateModel.currentMethodVersion
        {
            model = stored
        } else if try await app.store.latestModelSnapshotInfo() != nil {
            note?("The stored model was fitted by an older method: refitting it on the stored data (once)…")
            model = try await fit()
        } else {
            note?("No fitted model yet: fitting one on the stored data (once; `ratecard model fit` refits)…")
            model = try await fit()
        }
        let stale = model.dataVersion != version
        if stale {
            note?(
                "note: data were imported after the model was fitted (data version \(model.dataVersion) → \(version)); run `ratecard model fit` to include them"
            )
        }
        return (Estimator(model: model, tables: app.tables), stale)
    }
}
