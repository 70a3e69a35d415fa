import Foundation
import Testing

/// Compares text with a snapshot stored in `Snapshots/` beside the calling test file;
/// `RATECARD_RECORD_SNAPSHOTS=1 swift test` records them instead.
public func assertSnapshot(_ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) throws
{
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RATECARD_RECORD_SNAPSHOTS"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name); run RATECARD_RECORD_SNAPSHOTS=1 swift test to record it", sourceLocation: sourceLocation)
        return
    }
    #expect(text == stored, "\(name) differs from its snapshot", sourceLocation: sourceLocation)
}
