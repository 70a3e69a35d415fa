import RateCore
import Testing

@Suite("Checked conversions and quoting")
struct SaturatingConversionTests {
    @Test(arguments: [
        (1e18, 1_000_000_000_000_000_000), (-1e30, Int.min), (1e30, Int.max), (.infinity, Int.max), (-.infinity, Int.min),
        (.nan, 0), (2.9, 2), (-2.9, -2), (9.3e18, Int.max),
    ] as [(Double, Int)])
    func doublesBecomeIntsWithoutTrapping(value: Double, expected: Int) {
        #expect(Int(saturating: value) == expected)
    }

    @Test func hugeNumbersFormatWithoutTrapping() throws {
        #expect(ReportFormat.number(1e30).hasPrefix("9,223,372"))
        #expect(ReportFormat.number(.nan) == "–")
        #expect(throws: ProfileError.self) { try CostCalculator.validate(hoursPerYear: 1e18) }
        #expect(throws: ProfileError.self) { try CostCalculator.validate(hoursPerYear: .nan) }
        try CostCalculator.validate(hoursPerYear: 1600)
    }

    @Test func quotesKeepAShortPrefixAndHideControlCharacters() {
        let huge = String(repeating: "a", count: 100_000)
        let quoted = InputQuote.make(huge)
        #expect(quoted.count < 200)
        #expect(quoted.hasSuffix("(over 10,000 more characters)"))
        #expect(InputQuote.make("ab\u{0}c\n", limit: 10) == "ab�c�")
        #expect(InputQuote.make("abcdef", limit: 3) == "abc… (3 more characters)")
    }
}
