import Foundation
import RateCore

/// How every backend stores a self-report's observation: JSON with sorted keys.
public enum SelfReportCoding {
    public static func encode(_ observation: Observation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(observation), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> Observation {
        try JSONDecoder().decode(Observation.self, from: Data(text.utf8))
    }
}
