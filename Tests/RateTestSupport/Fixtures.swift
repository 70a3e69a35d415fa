import Foundation

/// Real data slices for tests (see `Fixtures/ATTRIBUTION.md`), and the big shared data sets when present.
public enum Fixtures {
    /// The path of a fixture file by name.
    public static func path(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            fatalError("fixture \(name) is missing from the test bundle")
        }
        return url.path
    }

    /// `../shared/data` beside the repository, when it exists (CI has it; a user's clone may not).
    public static var sharedDataDirectory: String? {
        if let explicit = ProcessInfo.processInfo.environment["RATECARD_SHARED_DATA"], FileManager.default.fileExists(atPath: explicit) {
            return explicit
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = repository.deletingLastPathComponent().appendingPathComponent("shared/data").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// The repository root, for tests that run the built `ratecard` binary.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
