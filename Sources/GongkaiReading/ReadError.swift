/// Why an input could not be read as a report. Every case says what is wrong; the CLI adds which file.
public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input holds no bytes, or only white space.
    case empty
    /// The input is binary (NUL bytes, an image, an archive), not text.
    case binary(kind: String)
    /// The bytes are neither UTF-8, UTF-16 with a BOM, nor GB18030/GBK.
    case undecodable
    /// The text is not a 政府信息公开工作年度报告: none of its sections or tables were found.
    case notAReport
    /// The file could not be opened or read.
    case io(String)
    /// A document of a known kind (DOCX, PDF, HTML) that is damaged: a truncated zip, a PDF
    /// poppler cannot parse, a Word file without its document part.
    case damaged(kind: String, reason: String)
    /// A password-protected document.
    case encrypted(kind: String)
    /// A program the reader needs is not installed.
    case missingTool(tool: String, package: String)
    /// A PDF or image with no text layer, and no OCR available or no text found by it.
    case noText(reason: String)

    public var description: String {
        switch self {
        case .empty: "the input is empty"
        case .binary(let kind): "the input is binary (\(kind)), not a report's text"
        case .undecodable: "the input is not text in UTF-8, UTF-16 or GB18030/GBK"
        case .notAReport:
            "no section heading or table of a 政府信息公开工作年度报告 was found in the text"
        case .io(let message): message
        case .damaged(let kind, let reason): "the \(kind) document is damaged: \(reason)"
        case .encrypted(let kind): "the \(kind) document is password-protected; remove the password and read it again"
        case .missingTool(let tool, let package):
            "`\(tool)` is needed to read this document but is not installed (Debian: apt-get install \(package))"
        case .noText(let reason): reason
        }
    }
}
