/// Where a piece of evidence stands in the source: a line and a column range.
///
/// Lines and columns count from 1; columns count Unicode scalars (a CJK character is one column).
public struct SourceSpan: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The column just past the end of the span.
    public var endColumn: Int

    public init(line: Int, column: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endColumn = max(endColumn, column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Where a piece of a structured document came from, beyond the laid-out text's line and column:
/// the element path and source line of an HTML or DOCX cell, the page and box of a PDF word,
/// and the OCR confidence of a scanned one.
public struct SourceOrigin: Hashable, Sendable, CustomStringConvertible {
    /// `/html/body/div[2]/table[1]/tr[4]/td[3]`, `w:body/w:tbl[2]/w:tr[5]/w:tc[3]`, `page 3`.
    public var path: String
    /// The line of the source file (HTML) where the element starts.
    public var sourceLine: Int?
    /// The page (PDF, scans), counted from 1.
    public var page: Int?
    /// The mean OCR confidence of the words (0–100), for cells read by OCR.
    public var confidence: Double?

    public init(path: String, sourceLine: Int? = nil, page: Int? = nil, confidence: Double? = nil) {
        self.path = path
        self.sourceLine = sourceLine
        self.page = page
        self.confidence = confidence
    }

    public var description: String {
        var parts = [path]
        if let sourceLine { parts.append("line \(sourceLine)") }
        if let confidence { parts.append("OCR confidence \(Int(confidence.rounded()))") }
        return parts.joined(separator: ", ")
    }
}

/// The kind of document a report was read from.
public enum SourceKind: String, Hashable, Sendable, CaseIterable {
    case text, html, docx, pdf
    /// A scanned PDF or an image, read by OCR.
    case ocr
}
