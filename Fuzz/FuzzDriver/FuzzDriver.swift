/// libFuzzer's driver, started from a fuzz target's `main`.
///
/// SwiftPM links an executable on Linux with `main` aliased to `<Target>_main`, so libFuzzer's own
/// `main` is never used; each target defines `<Target>_main` and hands its entry to this driver
/// (`LLVMFuzzerRunDriver`, exported by libFuzzer since LLVM 11), which parses the usual libFuzzer
/// flags.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the process's arguments and `entry` as the target.
public func runFuzzer(
    argc: Int32,
    argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, entry)
}
