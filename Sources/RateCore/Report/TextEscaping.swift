/// The one place text is escaped for the formats RateCard writes: every renderer, page and CSV
/// writer calls these, so they cannot drift apart.
public enum TextEscaping {
    /// Text safe in HTML element content and in double-quoted attribute values.
    public static func html(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break (`\n` or
    /// `\r`), with quotes doubled.
    public static func csvField(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
