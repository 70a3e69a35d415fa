import Foundation
import FuzzDriver
import RateCore
import RateImport

let tables = try! ReferenceLoader.bundled()
let fixtures = ProcessInfo.processInfo.environment["RATECARD_FUZZ_FIXTURES"] ?? "Tests/RateTestSupport/Fixtures"

/// A model fitted on real fixture rows, so that the batch's profiles reach the estimator's every
/// fallback level rather than stopping at "no model".
let estimator: Estimator = {
    let context = ImportContext(normaliser: PayNormaliser(tables: tables))
    var observations: [Observation] = []
    var datasets: [Int64: String] = [:]
    let files: [(SourceFormat, String, String?)] = [
        (.so2016, "so2016_extract_sample.csv", nil),
        (.so2024, "so2024_single_response_sample.csv", "so2024_single_response_sample_crosswalk.csv"),
        (.dou, "dou_harmonised_sample.csv", nil),
    ]
    for (index, (format, name, labels)) in files.enumerated() {
        let sourceID = Int64(index + 1)
        datasets[sourceID] = format.rawValue
        let reader = try! SourceReader(
            path: fixtures + "/" + name,
            format: format,
            mapping: nil,
            context: context,
            labels: labels.map { fixtures + "/" + $0 },
            limits: InputLimits()
        )
        try! reader.forEachItem { item in
            if case .observation(var observation) = item {
                observation.sourceID = sourceID
                observations.append(observation)
            }
        }
    }
    let asOf = CalendarDate(iso: "2026-06-30")!
    let model = try! ModelFitter(tables: tables).fit(
        observations: observations,
        sourceDatasets: datasets,
        distributions: [],
        asOf: asOf,
        dataVersion: 1,
        fittedAt: "fuzz"
    )
    return Estimator(model: model, tables: tables)
}()
let batch = BatchEstimator(estimator: estimator, today: CalendarDate(iso: "2026-12-01")!)
let path = NSTemporaryDirectory() + "ratecard-fuzz-\(ProcessInfo.processInfo.processIdentifier)-batch.csv"

/// libFuzzer entry (scripts/fuzz.sh): any bytes as the CSV file of `ratecard estimate --batch`,
/// header included. Refused files and rows with an error are expected; a crash is a finding. The
/// output CSV is written too, since every cell of it is escaped from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: count))
    if let results = try? batch.run(path: path) {
        _ = BatchEstimator.csv(results)
    }
    return 0
}

@_cdecl("BatchFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzBatch($0, $1) }
}
