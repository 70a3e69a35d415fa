import FuzzDriver
import RateCore
import RateImport

let tables = try! ReferenceLoader.bundled()
let today = CalendarDate(iso: "2026-12-01")!
let normaliser = PayNormaliser(tables: tables)

/// libFuzzer entry (scripts/fuzz.sh): any text as the fields of a profile (what `estimate`, the
/// API's query and the batch columns hand to `ProfileInput`) and of a self-report, split on
/// newlines. Profile errors are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    var fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while fields.count < 10 { fields.append("") }
    func field(_ index: Int) -> String? { fields[index].isEmpty ? nil : fields[index] }
    let profile = ProfileInput(
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
    _ = try? profile.resolve(tables: tables, today: today)
    let report = SelfReportInput(
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
    _ = try? report.resolve(normaliser: normaliser, today: today)
    return 0
}

@_cdecl("ProfileFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzProfile($0, $1) }
}
