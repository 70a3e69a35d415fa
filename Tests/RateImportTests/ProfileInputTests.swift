import RateCore
import RateImport
import Testing

/// Profile fields as users type them, resolved against the bundled tables.
@Suite("Profile input")
struct ProfileInputTests {
    @Test func profileFieldsRefuseHexYearsAndJunkDates() throws {
        let tables = try ReferenceLoader.bundled()
        let today = CalendarDate(year: 2026, month: 12, day: 1)!
        #expect(throws: ProfileError.self) { try ProfileInput(country: "PL", years: "0x10").resolve(tables: tables, today: today) }
        #expect(throws: ProfileError.self) { try ProfileInput(country: "PL", years: "6", asOf: "2026-12-01Tgarbage").resolve(tables: tables, today: today) }
        #expect(ProfileInput.skillList("Go;PostgreSQL, Kotlin,,") == ["Go", "PostgreSQL", "Kotlin"])
        let huge = String(repeating: "\u{0}", count: 100_000)
        let error = #expect(throws: ProfileError.self) { try ProfileInput(country: huge, years: "6").resolve(tables: tables, today: today) }
        #expect((error?.value.count ?? .max) < 300 && (error?.message.count ?? .max) < 400)
    }
}
