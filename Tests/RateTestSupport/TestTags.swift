import Foundation
import Testing

/// Tags for the suites a developer may want to leave out of a quick run, or run alone:
/// `RATECARD_QUICK_TESTS=1 swift test` leaves out the suites tagged slow (see docs/testing.md).
extension Tag {
    /// Suites that take tens of seconds: they load the embedded default data, fit the model on it or
    /// run the built `ratecard` binary.
    @Tag public static var slow: Self
    /// Suites over the big files in ../shared/data; skipped, and said so, when it is absent.
    @Tag public static var sharedData: Self
    /// Tests that need a PostgreSQL server (RATECARD_TEST_POSTGRES); skipped, and said so, without one.
    @Tag public static var postgres: Self
}

/// `swift test` has no tag filter on the command line (Swift 6.3), so the tag comes with a condition:
/// `RATECARD_QUICK_TESTS=1 swift test` leaves the slow suites out and reports each as skipped.
extension Trait where Self == ConditionTrait {
    public static var skippedInQuickRuns: Self {
        .disabled(
            if: ProcessInfo.processInfo.environment["RATECARD_QUICK_TESTS"] == "1",
            "RATECARD_QUICK_TESTS=1: a slow suite, left out of the quick run"
        )
    }
}
