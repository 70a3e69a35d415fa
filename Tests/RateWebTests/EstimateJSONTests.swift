import Foundation
import RateCore
import Testing

@testable import RateWeb

/// The hand-written writer's numbers must be JSONEncoder's, digit for digit, since clients may
/// compare or hash the documents.
@Suite("Estimate JSON writer")
struct EstimateJSONTests {
    /// A fixed-seed generator, so a failure names a value that reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func values() -> [Double] {
        var random = SplitMix(state: 42)
        var values: [Double] = [
            0, -0.0, 0.01, 0.1, 0.5, 1, 1.1, 1.05, 99.99, 100.1, -3.07, 0.015, 1e-5, 123_456.78, 999_999_999.99,
            1e9 + 0.5, 1e11, 1e15, 0x1p53, 0x1p53 + 2, -0x1p53, 1e16, 2.5e17, 12_345_678_901.23, 0.3333333333333333, .pi, -.pi, .ulpOfOne,
        ]
        for _ in 0..<4000 {
            let cents = Double(Int.random(in: -100_000_000...100_000_000, using: &random))
            values.append(cents / 100)
            values.append((Double.random(in: 0..<1, using: &random) * 100_000 * 100).rounded() / 100)
            values.append(Double.random(in: -1e6...1e6, using: &random))
            values.append(exp(Double.random(in: -20...40, using: &random)))
        }
        return values
    }

    @Test func numbersAreWrittenAsJSONEncoderWritesThem() throws {
        for value in Self.values() {
            var writer = EstimateJSON.Writer()
            writer.number(value)
            let expected = String(decoding: try JSONEncoder().encode([value]), as: UTF8.self).dropFirst().dropLast()
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "value \(value)")
        }
    }

    @Test func multipliersAreWrittenAsTheFactorSummaryFormatsThem() {
        for value in Self.values() {
            var writer = EstimateJSON.Writer()
            writer.twoDecimals(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == EstimateFactor.format(value), "value \(value)")
        }
    }
}
