import RateCore
import Testing

/// The one HTML escape, the one CSV field rule and the one hex form, which every renderer and
/// writer shares.
@Suite("Text escaping")
struct TextEscapingTests {
    @Test func htmlEscapesMarkupAndQuotesOnly() {
        #expect(TextEscaping.html(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry's&lt;/a&gt;")
        #expect(TextEscaping.html("Kraków, 6–10 years") == "Kraków, 6–10 years")
        #expect(TextEscaping.html("&amp;") == "&amp;amp;", "escaping is not idempotent: text is escaped once, where it is written")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", #""a,b""#),
        (#"say "hi""#, #""say ""hi""""#),
        ("two\nlines", "\"two\nlines\""),
        ("carriage\rreturn", "\"carriage\rreturn\""),
        ("windows\r\nline", "\"windows\r\nline\""),
        ("", ""),
    ])
    func csvFieldsAreQuotedWhenTheyHoldSeparatorsQuotesOrLineBreaks(text: String, field: String) {
        #expect(TextEscaping.csvField(text) == field)
    }

    @Test func reportCSVQuotesACarriageReturn() {
        let table = ReportTable(columns: [ReportTable.Column("Name", key: "name")], rows: [[ReportCell("a\rb")]])
        let report = Report(kind: "test", title: "t", sections: [ReportSection(table: table)])
        #expect(CSVRenderer().render(report) == "name\n\"a\rb\"\n")
    }

    @Test func hexadecimalIsTwoLowerCaseDigitsAByte() {
        #expect([UInt8]([0x00, 0x0f, 0xa0, 0xff]).hexadecimal == "000fa0ff")
        #expect([UInt8]().hexadecimal == "")
        #expect([UInt8](0...255).hexadecimal.count == 512)
    }
}
