import Foundation

/// Folding of free text into lookup keys, so that "U.S.", "u s" and "US" meet, and "Київ" and
/// "Киев" can be listed as aliases of one city.
public enum TextKey {
    /// Lower-cases, strips diacritics (but keeps Cyrillic and other scripts), and drops everything
    /// that is not a letter or digit.
    public static func make(_ text: String) -> String {
        // ASCII fast path: most keys are English names, and Foundation's folding is slow per call.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case 0x30...0x39, 0x61...0x7A: bytes.append(byte)
                case 0x41...0x5A: bytes.append(byte + 0x20)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var key = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where CharacterSet.alphanumerics.contains(scalar) {
            key.append(scalar)
        }
        return String(key)
    }
}

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
}
