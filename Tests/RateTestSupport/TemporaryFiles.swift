import Foundation

/// Scratch files for tests: one directory per test process, removed when the process exits.
///
/// Tests that need a store on disk (WAL mode, the CLI's `--database`) keep it open until the test
/// ends, which Swift Testing gives no teardown hook for; removing the whole directory at exit
/// leaves nothing behind in the temporary directory, however a test ends.
public enum TemporaryFiles {
    /// The process's scratch directory, created on first use.
    public static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: directory)
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TemporaryFiles.directory) }
        return directory
    }()

    /// A new path in the scratch directory: `prefix`, a UUID and `suffix` (".sqlite").
    public static func path(_ prefix: String, suffix: String = ".sqlite") -> String {
        directory.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)").path
    }
}
