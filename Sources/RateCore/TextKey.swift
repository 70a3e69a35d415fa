import Foundation

/// Folding of free text into lookup keys, so that "U.S.", "u s" and "US" meet, and "Київ" and
/// "Киев" can be listed as aliases of one city.
public enum TextKey {
    /// Lower-cases, strips diacritics (but keeps Cyrillic and other scripts), and drops everything
    /// that is not a letter or digit.
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var key = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where CharacterSet.alphanumerics.contains(scalar) {
            key.append(scalar)
        }
        return String(key)
    }
}
