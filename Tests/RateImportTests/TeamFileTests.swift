import Foundation
import RateCore
import RateImport
import Testing

@Suite("Team files")
struct TeamFileTests {
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("team-\(UUID()).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aTeamFileReadsEveryLine() throws {
        let members = try TeamFile.read(
            path: try Self.file("Count,Role,Level,Years,Skills\n1,backend,senior,,Go;PostgreSQL\n3,backend,,4,\n\n1,qa,mid,,\n")
        )
        #expect(members.count == 3)
        #expect(members[0].skills == ["Go", "PostgreSQL"] && members[0].level == "senior" && members[1].years == "4" && members[1].level == nil)
        #expect(members[2].place.hasSuffix("line 5"), "a blank line is skipped, the line numbers stay the file's")
    }

    @Test(arguments: [
        ("count,level\n1,senior\n", "line 1, field role", "no 'role' column"),
        ("role,level\nbackend,senior\n", "line 1, field count", "no 'count' column"),
        ("count,role\n1,backend\n", "line 1, field level", "'level' or a 'years' column"),
        ("count,role,level\n1,backend,senior\n0,backend,mid\n", "line 3, field count", "0 is not a number of people"),
        ("count,role,level\n-2,backend,mid\n", "line 2, field count", "-2 is not a number of people"),
        ("count,role,level\nsome,backend,mid\n", "line 2, field count", "'some' is not a whole number"),
        ("count,role,level\n1,wizard,mid\n", "line 2, field role", "'wizard' is not a role"),
        ("count,role,level\n1,backend,\n", "line 2, field level", "give a level"),
        ("", "line 1, field header", "empty"),
    ])
    func aBadTeamFileNamesTheLineAndField(text: String, place: String, message: String) throws {
        let path = try Self.file(text)
        do {
            _ = try TeamFile.read(path: path)
            Issue.record("\(text) was read")
        } catch let error as TeamError {
            #expect(error.description.contains(place) && error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix(URL(fileURLWithPath: path).lastPathComponent))
        }
    }
}
