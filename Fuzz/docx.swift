// libFuzzer target: Word files (the zip container and document.xml), read and checked.
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDOCX(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [0x50, 0x4B, 0x03, 0x04] + Array(UnsafeRawBufferPointer(start: start, count: count))
    if let report = try? DocumentReader().read(bytes: bytes) { _ = Checker().check(report) }
    return 0
}
