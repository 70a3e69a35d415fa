import Foundation
import RateCore
import Testing

/// The model's typed group keys, and the text form stored snapshots keep.
@Suite("Model groups")
struct ModelGroupsTests {
    static let keys: [(GroupKey, String)] = [
        (GroupKey(.world), "world"),
        (GroupKey(.world, role: .backend), "world|backend"),
        (GroupKey(.region(.middleEastAfrica)), "region:Middle East & Africa"),
        (GroupKey(.region(.easternEurope), role: .fullStack), "region:Eastern Europe|full-stack"),
        (GroupKey(.country(CountryCode("PL")!)), "country:PL"),
        (GroupKey(.country(CountryCode("PL")!), role: .devops), "country:PL|devops"),
        (GroupKey(.city(CountryCode("UA")!, cityKey: "kyiv")), "city:UA|kyiv"),
        (GroupKey(.city(CountryCode("UA")!, cityKey: "kyiv"), role: .backend), "city:UA|kyiv|backend"),
    ]

    @Test func keysReadAndWriteTheStoredText() {
        for (key, text) in Self.keys {
            #expect(key.description == text)
            #expect(GroupKey(text) == key, "\(text)")
        }
    }

    @Test(arguments: [
        "", "planet:Mars", "country:POL", "country:PL|wizard", "region:Atlantis", "city:UA", "city:UA|", "world|backend|extra",
        "city:UA|kyiv|backend|x",
    ])
    func otherTextIsNotAGroup(text: String) {
        #expect(GroupKey(text) == nil)
    }

    /// A snapshot's groups decode from text keys and encode back to the same JSON object keys.
    @Test func groupsDecodeFromAndEncodeToTheStoredJSON() throws {
        let stored =
            #"{"world":{"rows":12,"weight":12,"weightSquares":12,"bySource":{},"rowsBySource":{},"byYear":{}},"country:PL|backend":{"rows":7,"weight":7,"weightSquares":7,"bySource":{"dou":7},"rowsBySource":{"dou":7},"byYear":{"2025":7}}}"#
        let groups = try JSONDecoder().decode([GroupKey: GroupCount].self, from: Data(stored.utf8))
        #expect(groups[GroupKey(.world)]?.rows == 12)
        #expect(groups[GroupKey(.country(CountryCode("PL")!), role: .backend)]?.bySource == ["dou": 7])
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(groups)) as? [String: Any]
        #expect(Set(encoded?.keys ?? [:].keys) == ["world", "country:PL|backend"])
        let corrupt = #"{"planet:Mars":{"rows":1,"weight":1,"weightSquares":1,"bySource":{},"rowsBySource":{},"byYear":{}}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([GroupKey: GroupCount].self, from: Data(corrupt.utf8)) }
    }
}
