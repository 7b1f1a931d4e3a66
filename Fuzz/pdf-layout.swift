import GongkaiChecks
import GongkaiReading

// libFuzzer target: the PDF layout from poppler's word boxes (what pdftotext -bbox-layout
// writes), without running poppler: the boxes are the input.
@testable import GongkaiDocuments

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDFLayout(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let pages = try? PDFLayout.parseBoxes(bytes) else { return 0 }
    if let report = try? ReportReader().read(laidOut: WordGrid.layOut(pages, source: .pdf)) { _ = Checker().check(report) }
    return 0
}
