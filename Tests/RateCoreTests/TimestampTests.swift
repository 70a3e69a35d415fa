import Foundation
import RateCore
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test func readsAndWritesISO8601InUTCToTheSecond() throws {
        let noon = try #require(Timestamp(iso8601: "2026-11-29T12:00:00Z"))
        #expect(noon.description == "2026-11-29T12:00:00Z")
        #expect(noon.secondsSince1970 == 1_795_953_600)
        // Another zone is the same moment; fractions of a second are dropped.
        #expect(Timestamp(iso8601: "2026-11-29T13:00:00+01:00") == noon)
        #expect(Timestamp(iso8601: "2026-11-29T12:00:00.750Z") == noon)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_795_953_600.9)) == noon)
    }

    @Test(arguments: ["t", "", "2026-11-29", "2026-11-29T12:00:00", "29/11/2026 12:00", "2026-13-01T00:00:00Z"])
    func refusesWhatIsNotATimestamp(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func theDayIsTheUTCDay() throws {
        #expect(try #require(Timestamp(iso8601: "2026-01-01T00:30:00+01:00")).day.description == "2025-12-31")
        #expect(Timestamp(secondsSince1970: -1).day.description == "1969-12-31")
        #expect(Timestamp(secondsSince1970: 0).description == "1970-01-01T00:00:00Z")
    }

    @Test func codesAsItsISOText() throws {
        let stamp = try #require(Timestamp(iso8601: "2026-11-29T10:05:00Z"))
        let data = try JSONEncoder().encode([stamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-29T10:05:00Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [stamp])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp].self, from: Data(#"["yesterday"]"#.utf8)) }
        #expect(stamp < Timestamp(secondsSince1970: stamp.secondsSince1970 + 1))
    }
}
