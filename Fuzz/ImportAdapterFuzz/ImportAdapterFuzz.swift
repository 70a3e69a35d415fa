import Foundation
import FuzzDriver
import RateCore
import RateImport

let context = ImportContext(normaliser: PayNormaliser(tables: try! ReferenceLoader.bundled()))
let fixtures = ProcessInfo.processInfo.environment["RATECARD_FUZZ_FIXTURES"] ?? "Tests/RateTestSupport/Fixtures"

/// Each layout with the header of its real fixture: the fuzzer varies the rows under a header the
/// adapter accepts, which reaches far more of the adapter than random headers would.
let layouts: [(format: SourceFormat, header: String, labels: String?)] = {
    let files: [(SourceFormat, String)] = [
        (.so2016, "so2016_extract_sample.csv"), (.so2019, "so2019_sample.csv"), (.so2023, "so2023_sample.csv"),
        (.so2024, "so2024_single_response_sample.csv"), (.so2025, "so2025_salary_subset_sample.csv"), (.oews, "oews_sample.csv"),
        (.dou, "dou_harmonised_sample.csv"), (.douRaw, "dou_2024_dec_raw_sample.csv"), (.colombiaDev, "colombia_dev_2020_sample.csv"),
        (.colombiaDev, "colombia_dev_2021_sample.csv"),
    ]
    return files.map { format, name in
        let text = (try? String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)) ?? ""
        let header = String(text.prefix { $0 != "\n" && $0 != "\r" })
        precondition(!header.isEmpty, "no fixture \(fixtures)/\(name): run from the repository root or set RATECARD_FUZZ_FIXTURES")
        return (format, header, format == .so2024 ? fixtures + "/so2024_single_response_sample_crosswalk.csv" : nil)
    }
}()

let mapping = ImportMapping(columns: [
    "amount": "pay", "currency": "cur", "country": "country", "years": "years", "skills": "skills",
    "period": "period", "date": "date", "weight": "weight", "employment": "type", "id": "id",
])

/// libFuzzer entry (scripts/fuzz.sh): the first byte picks a layout (every adapter, a user mapping,
/// or a gzip file as it arrives); the rest are the rows under that layout's real header. Rejected
/// rows and refused files are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportAdapter(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    guard count > 0 else { return 0 }
    let choice = Int(data[0]) % (layouts.count + 2)
    let rows = Data(bytes: data + 1, count: count - 1)
    let path: String
    var format: SourceFormat?
    var labels: String?
    var userMapping: ImportMapping?
    if choice < layouts.count {
        (format, labels) = (layouts[choice].format, layouts[choice].labels)
        path = write(Data((layouts[choice].header + "\n").utf8) + rows, name: "input.csv")
    } else if choice == layouts.count {
        (format, userMapping) = (.csv, mapping)
        path = write(Data("id,pay,cur,country,years,skills,period,date,weight,type\n".utf8) + rows, name: "input.csv")
    } else {
        path = write(rows, name: "input.csv.gz")
    }
    do {
        let reader = try SourceReader(
            path: path,
            format: format,
            mapping: userMapping,
            context: context,
            labels: labels,
            limits: InputLimits(maximumRecordBytes: 64 * 1024, maximumDecompressedBytes: 16 * 1024 * 1024)
        )
        try reader.forEachItem { _ in }
    } catch {}
    return 0
}

func write(_ data: Data, name: String) -> String {
    let path = NSTemporaryDirectory() + "ratecard-fuzz-\(ProcessInfo.processInfo.processIdentifier)-" + name
    FileManager.default.createFile(atPath: path, contents: data)
    return path
}

@_cdecl("ImportAdapterFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzImportAdapter($0, $1) }
}
