/// Numbers as people type them into a form or a flag: plain decimals only.
///
/// `Double(_:)` also reads hex floats ("0x10" is 16), exponents ("1e18"), "nan" and "inf"; a user
/// who types any of those into a years or amount field has made a mistake, and is told so.
public enum DecimalText {
    /// `text` as a plain decimal ("6", "-2", "5200.50"); `nil` for anything else.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
        var index = 0
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
        var digits = 0
        var dots = 0
        for byte in bytes[index...] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): dots += 1
            default: return nil
            }
        }
        guard digits > 0, dots <= 1, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }
}

extension CalendarDate {
    /// Exactly `YYYY-MM-DD`, nothing before or after it: for dates a user types.
    public init?(strict text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) })
        else { return nil }
        self.init(iso: text)
    }
}
