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
        // Markup starts with `<` after white space (ASCII, a BOM, an ideographic space): most
        // inputs are text, turned away at their first other character without decoding.
        let head = bytes.prefix(4096)
        var start = head.startIndex
        while start < head.endIndex {
            let b = head[start]
            if b < 0x80 {
                guard b == 0x20 || (0x09...0x0D).contains(b) else { break }
                start += 1
                continue
            }
            let length = UTF8Search.stride(b)
            guard start + length <= head.endIndex else { return false }
            var value = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length { value = value << 6 | UInt32(head[start + k] & 0x3F) }
            guard LabelNormalization.isSpace(value) else { return false }
            start += length
        }
        guard start < head.endIndex, head[start] == UInt8(ascii: "<") else { return false }
        return head[start...].withUnsafeBufferPointer { m in
            // The tags sought are ASCII and start with `<`: they are compared, ASCII letters
            // in any case, only where a `<` stands.
            func hasTag(_ tag: StaticString, at i: Int) -> Bool {
                let t = UnsafeBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount)
                guard i + t.count <= m.count else { return false }
                for k in 0..<t.count {
                    let b = m[i + k]
                    if (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) != t[k] { return false }
                }
                return true
            }
            let opening: [StaticString] = ["<!doctype html", "<html", "<body", "<table", "<p", "<div", "<meta", "<head", "<!--"]
            guard opening.contains(where: { hasTag($0, at: 0) }) else { return false }
            let content: [StaticString] = ["<table", "<p", "<div", "<html"]
            var from = 0
            while let i = UTF8Search.first(UInt8(ascii: "<"), in: m, from: from) {
                if content.contains(where: { hasTag($0, at: i) }) { return true }
                from = i + 1
            }
            return false
        }
    }
}
