import RateCore
import Testing

@Suite("Checked conversions and quoting")
struct SaturatingConversionTests {
    @Test(
        arguments: [
            (1e18, 1_000_000_000_000_000_000), (-1e30, Int.min), (1e30, Int.max), (.infinity, Int.max), (-.infinity, Int.min),
            (.nan, 0), (2.9, 2), (-2.9, -2), (9.3e18, Int.max),
        ] as [(Double, Int)]
    )
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

    /// L3: a message that quotes a huge value keeps its advice and stays short, for every error
    /// that carries a value, whatever its call site wrote.
    @Test func errorMessagesQuoteLongValuesShortly() {
        let cell = String(repeating: "\u{0}x", count: 500_000)
        let issue = RowIssue(
            line: 7,
            field: "currency",
            value: cell,
            reason: .unknownCurrency,
            message: "'\(cell)' is not an ISO 4217 currency code such as EUR or USD"
        )
        #expect(issue.message.count < 200, "\(issue.message.count) characters")
        #expect(issue.message.hasSuffix("is not an ISO 4217 currency code such as EUR or USD"), "\(issue.message)")
        #expect(!issue.message.contains("\u{0}") && issue.value.count < 300)
        let profile = ProfileError(field: "country", value: cell, message: "'\(cell)' is not a country RateCard knows")
        #expect(profile.message.count < 200 && profile.message.hasSuffix("is not a country RateCard knows"))
        // A message that embeds an altered copy of the value is still bounded as a whole.
        let altered = RowIssue(line: 1, field: "x", value: cell, reason: .invalidValue, message: "'\(cell.uppercased())' is bad")
        #expect(altered.message.count <= InputQuote.messageLimit + 40)
        // Short values and messages are left as they were.
        let plain = RowIssue(line: 2, field: "currency", value: "EURO", reason: .unknownCurrency, message: "'EURO' is not a code")
        #expect(plain.message == "'EURO' is not a code" && plain.value == "EURO")
    }
}

@Suite("Numbers and dates as users type them")
struct TypedInputTests {
    @Test(arguments: ["0x10", "1e18", "nan", "inf", "6\u{0}", " 6", "6 years", "--1", "1.2.3", "", "+"])
    func onlyPlainDecimalsAreNumbers(text: String) {
        #expect(DecimalText.parse(text) == nil, "\(text)")
    }

    @Test(arguments: [("6", 6.0), ("-2", -2), ("5200.50", 5200.5), ("+3", 3), (".5", 0.5)])
    func plainDecimalsParse(text: String, value: Double) {
        #expect(DecimalText.parse(text) == value)
    }

    @Test func typedDatesAreExactlyYearMonthDay() {
        #expect(CalendarDate(strict: "2026-12-01") == CalendarDate(year: 2026, month: 12, day: 1))
        for text in ["2026-12-01Tgarbage", "2026-12-01 ", "2026-12", "2026-13-01", "２０２６-12-01", "2026/12/01"] {
            #expect(CalendarDate(strict: text) == nil, "\(text)")
        }
    }
}
