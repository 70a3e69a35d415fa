import FuzzDriver
import RateImport

/// libFuzzer entry (scripts/fuzz.sh): any bytes through the CSV reader, with a small record limit
/// so that long inputs reach the limit's error path too. Errors are expected; a crash, a hang or a
/// sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        guard let reader = try? CSVReader(source: MemoryByteSource(bytes), path: "fuzz", delimiter: delimiter, maximumRecordBytes: 4096) else {
            continue
        }
        while let record = try? reader.next() {
            for index in 0..<record.count { _ = record.field(index) }
        }
    }
    return 0
}

@_cdecl("CSVReaderFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzCSVReader($0, $1) }
}
