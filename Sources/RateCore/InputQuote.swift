import Foundation

/// How error messages quote what a user or a file sent: a short prefix, with control characters
/// replaced, so that a 2 GB line or a header of NULs cannot make a
/// message (or a problem document) as large as the input.
public enum InputQuote {
    /// The default number of characters kept.
    public static let defaultLimit = 80

    /// `text` cut to `limit` characters (plus a count of what was cut), control characters as `�`.
    public static func make(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var result = ""
        var kept = 0
        var total = 0
        for character in text {
            total += 1
            if kept < limit {
                result.append(character.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "�" : character)
                kept += 1
            } else if total > limit + 10_000 {
                return result + "… (over 10,000 more characters)"
            }
        }
        return total > limit ? result + "… (\(total - limit) more characters)" : result
    }

    /// The longest message an error keeps, quotes and advice included.
    public static let messageLimit = 1_000

    /// `message` with every long copy of `value` in it cut to a quote of `valueLimit` characters,
    /// and then itself bounded: messages are written as "'\(value)' is not …; use …", and a
    /// megabyte cell must neither travel whole into a report or a problem document nor push the
    /// advice after it out of reach. One rule for every error that carries a value (row issues,
    /// profile errors), so that no call site has to remember it.
    public static func bounding(_ message: String, quoting value: String, valueLimit: Int = 60) -> String {
        var bounded = message
        if value.count > valueLimit, !value.isEmpty {
            // The standard library's replacing, not Foundation's replacingOccurrences: on a value
            // with NULs and invalid UTF-8 read as U+FFFD, NSString's version trapped (an OEWS row
            // found by ImportAdapterFuzz).
            bounded = bounded.replacing(value, with: make(value, limit: valueLimit))
        }
        if bounded.count > messageLimit || bounded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            bounded = make(bounded, limit: messageLimit)
        }
        return bounded
    }
}
