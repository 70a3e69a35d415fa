extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte: how content hashes, token hashes and client keys
    /// are stored. Written here because swift-crypto's digests describe themselves as
    /// "SHA256 digest: …" and offer no bare hex form.
    public var hexadecimal: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
