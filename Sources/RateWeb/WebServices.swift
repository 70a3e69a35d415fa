import Foundation
import RateApp
import RateCore
import RateStore

/// What the HTTP layer needs: the app's services and the current estimator, loaded once and
/// refreshed when the store's data version moves (another process imported data and refitted).
public final class WebServices: Sendable {
    public let app: RateCardApp
    private let current: Mutex<Estimator?>
    private let loadedVersion: Mutex<Int>

    public init(app: RateCardApp) {
        self.app = app
        current = Mutex(nil)
        loadedVersion = Mutex(-1)
    }

    /// The estimator, loading the latest model snapshot on first use.
    public func estimator() async throws -> Estimator {
        if let estimator = current.withLock({ $0 }) { return estimator }
        return try await reload()
    }

    /// Loads the latest snapshot (fitting one when there is none).
    @discardableResult
    public func reload() async throws -> Estimator {
        let (estimator, _) = try await app.models.current(note: { [logger = app.logger] in logger.notice("\($0)") })
        current.withLock { $0 = estimator }
        loadedVersion.withLock { $0 = estimator.model.dataVersion }
        return estimator
    }

    public var isModelLoaded: Bool { current.withLock { $0 != nil } }

    public var today: CalendarDate { app.models.today }
}

/// A lock around a value. (`Synchronization.Mutex` needs macOS 15 / the newest runtimes; this
/// keeps the package building wherever Foundation's `NSLock` exists.)
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
