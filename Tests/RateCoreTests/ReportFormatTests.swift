import Testing

@testable import RateCore

/// The one number formatter: what people read and what machines read from the same value.
@Suite struct ReportFormatTests {
    @Test func peopleReadGroupedDigitsAndATrueMinus() {
        #expect(ReportFormat.number(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(ReportFormat.number(-1200) == "−1,200")
        #expect(ReportFormat.number(0.999, decimals: 2) == "1.00")
        #expect(ReportFormat.number(-0.001, decimals: 2) == "0.00")
        #expect(ReportFormat.percent(0.4834, decimals: 1) == "48.3 %")
        #expect(ReportFormat.multiplier(1.1) == "×1.10")
        #expect(ReportFormat.number(1.05, decimals: 2) == "1.05")
        #expect(ReportFormat.number(100, decimals: 0) == "100")
        #expect(ReportFormat.number(999.996, decimals: 2) == "1,000.00")
        #expect(ReportFormat.number(2e10, decimals: 9) == "20,000,000,000.000000000")
        #expect(ReportFormat.number(1e30, decimals: 2) == "9,223,372,036,854,775,807.00")
    }

    @Test func countsAreGroupedWithoutGoingThroughDouble() {
        #expect(ReportFormat.number(0) == "0")
        #expect(ReportFormat.number(999) == "999")
        #expect(ReportFormat.number(1000) == "1,000")
        #expect(ReportFormat.number(-172_392) == "−172,392")
        #expect(ReportFormat.number(Int.max) == "9,223,372,036,854,775,807")
        #expect(ReportFormat.number(Int.min) == "−9,223,372,036,854,775,808")
    }

    @Test func machinesReadPlainDigitsAndAnASCIIMinus() {
        #expect(ReportFormat.plain(1_234_567.891, decimals: 2) == "1234567.89")
        #expect(ReportFormat.plain(-12.5, decimals: 1) == "-12.5")
        #expect(ReportFormat.plain(2024, decimals: 1) == "2024.0")
        #expect(EstimateFactor.format(0.406) == "0.41")
        #expect(EstimateFactor.format(12_345.678) == "12345.68")
    }

    @Test func trimmedDropsOnlyTrailingZeros() {
        #expect(ReportFormat.trimmed(9.76) == "9.76")
        #expect(ReportFormat.trimmed(6.5) == "6.5")
        #expect(ReportFormat.trimmed(20) == "20")
        #expect(ReportFormat.trimmed(100.004) == "100")
        #expect(ReportFormat.trimmed(-0.0001, maxDecimals: 2) == "0")
        #expect(ReportFormat.trimmed(0.12345, maxDecimals: 4) == "0.1235")
    }

    @Test func signedDifferencesAlwaysCarryTheirSign() {
        #expect(ReportFormat.signed(0.1034, decimals: 3) == "+0.103")
        #expect(ReportFormat.signed(-0.047, decimals: 3) == "−0.047")
        #expect(ReportFormat.signed(0, decimals: 3) == "+0.000")
    }

    @Test func quotedAmountsAreWholeAboveAHundred() {
        #expect(ReportFormat.quotedAmount(1_060) == "1060")
        #expect(ReportFormat.quotedAmount(42.5) == "42.50")
        #expect(ReportFormat.quotedAmount(5) == "5")
    }

    @Test func chartCoordinatesAreValidSVGNumbers() {
        #expect(SVGChart.f(-3.25) == "-3.3")
        #expect(SVGChart.f(1234.5) == "1234.5")
    }
}
