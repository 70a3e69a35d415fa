import FuzzDriver
import RateImport

/// libFuzzer entry (scripts/fuzz.sh): any bytes as an ECB exchange-rate table
/// (`ratecard rates import`). Refusals are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchangeRateFile(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    _ = try? ExchangeRateFile.parse(Array(UnsafeBufferPointer(start: data, count: count)), path: "fuzz.csv")
    return 0
}

@_cdecl("ExchangeRateFileFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc: argc, argv: argv) { fuzzExchangeRateFile($0, $1) }
}
