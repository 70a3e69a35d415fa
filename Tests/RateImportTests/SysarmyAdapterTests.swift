import Foundation
import RateCore
import RateTestSupport
import Testing

@testable import RateImport

/// sysarmy's Argentine salary survey, on real rows of three waves: the Spanish layout of 2019, the
/// dollarised-pay questions of 2023 and the snake_case columns of 2025, each under its banner.
@Suite("sysarmy surveys")
struct SysarmyAdapterTests {
    @Test func the2019WaveSkipsItsBannerAndConvertsAtTheOfficialRate() throws {
        let outcome = try AdapterTests.read("sysarmy_2019.1_sample.csv")
        #expect(outcome.format == .sysarmy)
        #expect(outcome.read == 60)
        #expect(outcome.observations.count == 58)
        #expect(outcome.warnings.contains { $0.contains("skipped 3 banner rows above the header (line 4)") })
        #expect(outcome.warnings.contains { $0.contains("ARS at 38 per USD") && $0.contains("Comunicación A 3500") })
        // "89" and "1" peso a month are thousands (or dollars) typed short: refused by line and field.
        #expect(outcome.rejected.map(\.value).sorted() == ["1", "89"])
        for issue in outcome.rejected {
            #expect(issue.reason == .invalidAmount)
            #expect(issue.field == "Salario mensual BRUTO (en tu moneda local)")
            #expect(issue.message.contains("below any full-time pay"))
        }
        let first = try #require(outcome.observations.first)
        #expect(first.recordKey == "sysarmy-2019.1:line-5")
        #expect(first.location.country.alpha2 == "AR")
        #expect(first.reported.amount.currency.code == "ARS" && first.reported.period == .month && first.reported.basis == .gross)
        #expect(first.observedOn == CalendarDate(iso: "2019-02-15"))
        // 35,000 pesos a month at 38 per dollar.
        #expect(first.reported.amount.amount == 35_000)
        #expect(abs(first.normalised.annualUSD.amount - 35_000 * 12 / 38) < 0.01)
        #expect(first.normalised.fxOrigin == .source)
        #expect(first.qualityRule?.contains("BCRA") == true)
        // "Remoto (empresa de otro país)": a contractor whose client is abroad.
        let remote = outcome.observations.filter { $0.business == .abroad }
        #expect(remote.count == 2)
        #expect(remote.allSatisfy { $0.employment == .freelancer })
        // "Tercerizado" is placed through a consultancy; part-time pay is kept apart.
        #expect(outcome.observations.filter { $0.employment == .agency }.count == 2)
        #expect(outcome.observations.filter { $0.employment == .employeePartTime }.count == 2)
    }

    @Test func the2023WaveUsesEachRespondentsOwnDollarRateAndElseTheWaves() throws {
        let outcome = try AdapterTests.read("sysarmy_2023.1_sample.csv")
        #expect(outcome.read == 80 && outcome.observations.count == 74)
        // Too few of the sample's rows report a rate, so the full wave's median stands in.
        #expect(outcome.warnings.contains { $0.contains("312 per USD") && $0.contains("985 respondents of the full sysarmy 2023.1") })
        // Line 15: 892,000 pesos dollarised at the respondent's own 174 per dollar.
        let own = try #require(outcome.observations.first { $0.recordKey == "sysarmy-2023.1:line-15" })
        #expect(abs(1 / own.normalised.fxRate - 174) < 0.01)
        #expect(own.qualityRule?.contains("the rate the respondent reports") == true)
        // Line 12: a staff .NET developer paid in pesos, converted at the wave's median.
        let staff = try #require(outcome.observations.first { $0.recordKey == "sysarmy-2023.1:line-12" })
        #expect(abs(staff.normalised.annualUSD.amount - 874_000 * 12 / 312) < 0.01)
        #expect(staff.role == .backend && staff.employment == .employeeFullTime && staff.business == nil)
        #expect(staff.location.city == "Buenos Aires" && staff.location.subdivision == "Ciudad Autónoma de Buenos Aires")
        #expect(staff.experience.years == 18)
        #expect(staff.skills.map(\.name).contains("PostgreSQL"))
        #expect(staff.remoteWork == .hybrid)
        #expect(outcome.observations.filter { $0.business == .abroad }.count == 10)
        #expect(outcome.rejected.allSatisfy { $0.reason == .invalidAmount && $0.line > 9 })
    }

    @Test func the2025SnakeCaseWaveKeepsSeniorityAndContractorsAbroad() throws {
        let outcome = try AdapterTests.read("sysarmy_2025.2_sample.csv")
        #expect(outcome.format == .sysarmy)
        #expect(outcome.read == 80 && outcome.rejected.isEmpty)
        #expect(outcome.observations.allSatisfy { $0.observedOn == CalendarDate(iso: "2025-07-01") })
        // 2025's "Contractor" paid all in dollars works for a company abroad; a staff employee does not.
        let abroad = outcome.observations.filter { $0.business == .abroad }
        #expect(abroad.count == 8 && abroad.allSatisfy { $0.employment == .freelancer })
        #expect(outcome.observations.contains { $0.experience.statedLevel == .mid && $0.experience.years != nil })
        #expect(outcome.observations.filter { $0.employment == .selfEmployed }.count == 1)
    }

    @Test(arguments: [
        ("1250000", 1_250_000.0), ("1.250.000", 1_250_000), ("476.416,00", 476_416), ("ARS 260.000", 260_000), ("AR$580000", 580_000),
        ("98000 ARS", 98_000), ("800.000 pesos", 800_000), ("1,250,000", 1_250_000), ("150.5", 150.5), ("282.087,18", 282_087.18),
    ])
    func pesoAmountsAreReadAsArgentinesWriteThem(text: String, value: Double) throws {
        #expect(try #require(SysarmyAdapter.parsePesos(text)) == value)
    }

    @Test(arguments: ["3000usd", "USD 3500", "70 mil", "50k", "No se", "1.2.3,4,5", ""])
    func amountsInDollarsOrWordsAreNotGuessedAt(text: String) {
        #expect(SysarmyAdapter.parsePesos(text) == nil)
    }

    @Test func aFileWithoutItsWaveInTheNameSaysHowToNameIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sysarmy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("encuesta.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path("sysarmy_2025.2_sample.csv"), toPath: file.path)
        #expect {
            _ = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        } throws: { error in
            let text = "\(error)"
            return text.contains("encuesta.csv") && text.contains("no date such as 2025.2") && text.contains("sysarmy_2025.2_argentina.csv")
        }
    }

    @Test func aBannerWithNoHeaderBelowItIsAnUnknownLayout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("banner-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("notes_2025.2.csv")
        try "A title,,\n,,\nname,pay,city\nAna,10,Rosario\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try SourceReader(path: file.path, format: nil, mapping: nil, context: AdapterTests.context)
        } throws: { "\($0)".contains("matches no layout") }
    }
}
