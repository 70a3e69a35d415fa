import Foundation
import RateCore
import RateImport
import Testing

/// Profile fields as users type them, resolved against the bundled tables.
@Suite("Profile input")
struct ProfileInputTests {
    /// One name for years of experience everywhere: `years`; `years_experience` is its former name.
    @Test func yearsTakesItsFormerNameAndRefusesTwoThatDisagree() throws {
        #expect(try ProfileInput.years("6", formerName: nil) == "6")
        #expect(try ProfileInput.years(nil, formerName: " 6 ") == "6")
        #expect(try ProfileInput.years("6", formerName: "6") == "6")
        #expect(try ProfileInput.years("", formerName: "") == nil)
        #expect(throws: ProfileError.self) { try ProfileInput.years("6", formerName: "7") }
        do {
            _ = try ProfileInput.years("6", formerName: "7")
        } catch {
            #expect(error.field == "years")
        }
    }

    @Test func profileFieldsRefuseHexYearsAndJunkDates() throws {
        let tables = try ReferenceLoader.bundled()
        let today = CalendarDate(year: 2026, month: 12, day: 1)!
        #expect(throws: ProfileError.self) { try ProfileInput(country: "PL", years: "0x10").resolve(tables: tables, today: today) }
        #expect(throws: ProfileError.self) {
            try ProfileInput(country: "PL", years: "6", asOf: "2026-12-01Tgarbage").resolve(tables: tables, today: today)
        }
        #expect(ProfileInput.skillList("Go;PostgreSQL, Kotlin,,") == ["Go", "PostgreSQL", "Kotlin"])
        let huge = String(repeating: "\u{0}", count: 100_000)
        let error = #expect(throws: ProfileError.self) { try ProfileInput(country: huge, years: "6").resolve(tables: tables, today: today) }
        #expect((error?.value.count ?? .max) < 300 && (error?.message.count ?? .max) < 400)
    }

    /// Inputs libFuzzer found (ProfileFuzz) that once crashed: the fields split on newlines, as the
    /// target reads them. A self-report period of "s" and 74 NULs (after invalid UTF-8 in the
    /// country) trapped while its error message was bounded.
    @Test(arguments: ["8FBNtQp6CnMAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func fuzzFindingsAreErrorsNotCrashes(base64: String) throws {
        let tables = try ReferenceLoader.bundled()
        let today = CalendarDate(year: 2026, month: 12, day: 1)!
        let bytes = [UInt8](Data(base64Encoded: base64)!)
        var fields = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while fields.count < 10 { fields.append("") }
        func field(_ index: Int) -> String? { fields[index].isEmpty ? nil : fields[index] }
        #expect(throws: ProfileError.self) {
            try ProfileInput(
                country: field(0),
                city: field(1),
                businessCountry: field(2),
                years: field(3),
                level: field(4),
                skills: ProfileInput.skillList(field(5)),
                role: field(6),
                employment: field(7),
                currency: field(8),
                asOf: field(9)
            )
            .resolve(tables: tables, today: today)
        }
        #expect(throws: ProfileError.self) {
            try SelfReportInput(
                country: field(0),
                city: field(1),
                years: field(3),
                skills: ProfileInput.skillList(field(5)),
                role: field(6),
                employment: field(7),
                amount: field(4),
                currency: field(8),
                period: field(9)
            )
            .resolve(normaliser: PayNormaliser(tables: tables), today: today)
        }
    }
}
