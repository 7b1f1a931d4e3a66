// libFuzzer target: text reports, read and checked.
import GongkaiChecks
import GongkaiModel
import GongkaiReading

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let report = try? ReportReader().read(bytes: bytes) { _ = Checker().check(report) }
    return 0
}
