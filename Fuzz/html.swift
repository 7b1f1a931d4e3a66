// libFuzzer target: saved web pages, laid out, read and checked.
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    // The page is taken as a page whatever its first bytes, as a saved page is.
    let bytes = Array("<html>".utf8) + Array(UnsafeRawBufferPointer(start: start, count: count))
    if let report = try? DocumentReader().read(bytes: bytes) { _ = Checker().check(report) }
    return 0
}
