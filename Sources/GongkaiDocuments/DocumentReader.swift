import GongkaiModel
import GongkaiReading

/// Reads a report from any form it comes in — text, a saved web page, a Word file, a PDF with
/// a text layer, a scanned PDF or a page image (by OCR) — telling the kind from the content
/// (magic bytes, markup), never from a name.
///
/// ```swift
/// let report = try DocumentReader().read(bytes: Array(data))
/// print(report.source, report[CellID("t3.new.total")]?.origin?.path ?? "")
/// ```
public struct DocumentReader: Sendable {
    /// Where to find poppler, tesseract and netpbm.
    public var programs: ExternalPrograms

    public init(programs: ExternalPrograms = .environment) {
        self.programs = programs
    }

    /// The kind of document the bytes hold.
    public static func kind(of bytes: [UInt8]) -> SourceKind {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .docx }
        if ImageFormat(magic: bytes) != nil { return .ocr }
        if looksLikeHTML(bytes) { return .html }
        return .text
    }

    public func read(bytes: [UInt8]) throws(ReadError) -> Report {
        switch Self.kind(of: bytes) {
        case .text: return try ReportReader().read(bytes: bytes)
        case .html: return try ReportReader().read(laidOut: HTMLLayout.layOut(bytes))
        case .docx: return try ReportReader().read(laidOut: DOCXLayout.layOut(bytes))
        case .pdf: return try ReportReader().read(laidOut: PDFLayout.layOut(bytes, programs: programs))
        case .ocr: return try ReportReader().read(laidOut: OCRLayout.layOut(image: bytes, programs: programs))
        }
    }

    /// Markup near the start: a doctype, `<html`, `<body`, `<table` or `<p` after optional
    /// white space, BOM and comments.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let scalars = head.unicodeScalars
        // Most inputs are text, turned away at their first character; only markup is lowercased.
        guard let start = scalars.firstIndex(where: { !LabelNormalization.isSpace($0.value) }), scalars[start] == "<" else {
            return false
        }
        let markup = String(scalars[start...]).lowercased()
        return ["<!doctype html", "<html", "<body", "<table", "<p", "<div", "<meta", "<head", "<!--"].contains { markup.hasPrefix($0) }
            && ["<table", "<p", "<div", "<html"].contains { markup.utf8Contains($0) }
    }
}
