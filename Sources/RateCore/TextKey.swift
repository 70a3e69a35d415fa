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
