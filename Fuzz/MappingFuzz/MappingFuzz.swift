import Foundation
import FuzzDriver
import RateImport

/// libFuzzer entry (scripts/fuzz.sh): any bytes as a column-mapping file (`--mapping`). Load
/// errors are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMapping(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    let path = FuzzFiles.write(Data(bytes: data, count: count), name: "mapping.json")
    _ = try? ImportMapping.load(path: path)
    return 0
}

/// One scratch file per process, rewritten for every input.
enum FuzzFiles {
    static let directory: String = {
        let directory = NSTemporaryDirectory() + "ratecard-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }()

    static func write(_ data: Data, name: String) -> String {
        let path = directory + "/" + name
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}

@_cdecl("MappingFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzMapping($0, $1) }
}
