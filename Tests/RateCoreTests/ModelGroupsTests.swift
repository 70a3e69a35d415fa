import Foundation
import RateCore
import Testing

/// The model's typed keys (groups, residual pools, skills per country, roles), the text form
/// stored snapshots keep, and the queries that read the model through them.
@Suite("Model groups and keys")
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

    @Test func residualPoolsSkillsAndRolesReadAndWriteTheStoredText() throws {
        let pools: [(ResidualPool, String)] = [
            (.all, "*"), (.region(.asia), "Asia"), (.source("dou"), "source:dou"),
            (.regionSource(.middleEastAfrica, "stackoverflow"), "Middle East & Africa|stackoverflow"),
        ]
        for (pool, text) in pools {
            #expect(pool.description == text)
            #expect(ResidualPool(text) == pool, "\(text)")
        }
        for text in ["", "Atlantis", "Atlantis|dou", "Asia|", "source:"] { #expect(ResidualPool(text) == nil, "\(text)") }
        let skill = CountrySkill(CountryCode("PL")!, "C#")
        #expect(skill.description == "PL|C#" && CountrySkill("PL|C#") == skill)
        for text in ["PL", "POL|Go", "PL|", "|Go"] { #expect(CountrySkill(text) == nil, "\(text)") }
        #expect(RoleSelection("*") == .every && RoleSelection("backend") == .one(.backend) && RoleSelection("wizard") == nil)
        #expect(RoleSelection.one(.fullStack).description == "full-stack")

        // Dictionaries keyed by them stay JSON objects with the old keys.
        let stored = #"{"*":[-0.5,-0.2,0,0.2,0.5],"Asia|dou":[-0.4,-0.2,0,0.2,0.4],"source:dou":[-0.3,-0.1,0,0.1,0.3]}"#
        let decoded = try JSONDecoder().decode([ResidualPool: [Double]].self, from: Data(stored.utf8))
        #expect(decoded[.regionSource(.asia, "dou")] == [-0.4, -0.2, 0, 0.2, 0.4])
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded)) as? [String: Any]
        #expect(Set(encoded?.keys ?? [:].keys) == ["*", "Asia|dou", "source:dou"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CountrySkill: Double].self, from: Data(#"{"Poland|Go":0.1}"#.utf8)) }
    }

    /// Ranges come from the sources' own pools in the region, then anywhere, weighted; then from
    /// the region's pool, then every row's. The estimator and the evaluation both read them here.
    @Test func rangesFallBackFromTheSourceInTheRegionToEveryRow() throws {
        var model = try SyntheticEstimationTests.model()
        let inRegion = [-0.4, -0.2, 0, 0.2, 0.4]
        let anywhere = [-0.8, -0.4, 0, 0.4, 0.8]
        let region = [-0.6, -0.3, 0, 0.3, 0.6]
        let every = [-1.0, -0.5, 0, 0.5, 1.0]
        model.residualQuantiles = [.regionSource(.asia, "dou"): inRegion, .source("dou"): anywhere, .region(.asia): region, .all: every]
        #expect(model.residualQuantiles(sourceWeights: ["dou": 1], region: .asia) == inRegion)
        #expect(model.residualQuantiles(sourceWeights: ["dou": 1], region: .oceania) == anywhere)
        // Weighted by the sources leaned on; a source with no pool and OEWS (its own distribution) count for nothing.
        let mixed = model.residualQuantiles(sourceWeights: ["dou": 3, "other": 5, "oews": 2], region: .asia)
        #expect(zip(mixed, inRegion).allSatisfy { abs($0 - $1) < 1e-12 })
        model.residualQuantiles[.regionSource(.asia, "stackoverflow")] = anywhere
        let blend = model.residualQuantiles(sourceWeights: ["dou": 3, "stackoverflow": 1], region: .asia)
        for (k, value) in blend.enumerated() { #expect(abs(value - (3 * inRegion[k] + anywhere[k]) / 4) < 1e-12) }
        #expect(model.residualQuantiles(sourceWeights: ["other": 1], region: .asia) == region)
        #expect(model.residualQuantiles(sourceWeights: [:], region: .oceania) == every)
        model.residualQuantiles = [:]
        #expect(model.residualQuantiles(sourceWeights: ["dou": 1], region: .asia) == [-0.6, -0.3, 0, 0.3, 0.6])
    }
}
