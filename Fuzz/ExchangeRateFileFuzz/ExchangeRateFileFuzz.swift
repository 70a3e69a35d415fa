import RateImport

/// libFuzzer entry (scripts/fuzz.sh): any bytes as an ECB exchange-rate table
/// (`ratecard rates import`). Refusals are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchangeRateFile(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    _ = try? ExchangeRateFile.parse(Array(UnsafeBufferPointer(start: data, count: count)), path: "fuzz.csv")
    return 0
}
