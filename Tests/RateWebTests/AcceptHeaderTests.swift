import Testing

@testable import RateWeb

/// `Accept` negotiation (RFC 9110 §12.5.1): the most specific matching range decides.
@Suite("Accept header")
struct AcceptHeaderTests {
    @Test(
        arguments: [
            (nil, true), ("", true), ("  ", true),
            ("application/json", true), ("Application/JSON", true), ("application/*", true), ("*/*", true),
            ("text/html, application/json;q=0.2", true), ("application/json; charset=utf-8", true),
            ("application/xml", false), ("text/*", false), ("application/json;q=0", false), ("application/json; q=0.0", false),
            // The most specific range wins over a broader one, in either direction.
            ("*/*, application/json;q=0", false), ("*/*;q=0, application/json", true), ("application/*;q=0, application/json;q=0.5", true),
            ("application/*;q=0, */*", false),
        ] as [(String?, Bool)]
    )
    func jsonIsAllowed(header: String?, allowed: Bool) {
        #expect(AcceptHeader.allows("application/json", header: header) == allowed)
    }

    @Test func theAddedProblemTypeIsLeftOutOfTheHeaderAsSent() {
        #expect(AcceptHeader.asSent("text/csv" + AcceptHeader.problemsAlwaysAccepted) == "text/csv")
        #expect(AcceptHeader.asSent("text/csv") == "text/csv")
        #expect(AcceptHeader.allows("application/problem+json", header: "text/csv" + AcceptHeader.problemsAlwaysAccepted))
    }
}
