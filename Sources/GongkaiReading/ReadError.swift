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

    public var description: String {
        switch self {
        case .empty: "the input is empty"
        case .binary(let kind): "the input is binary (\(kind)), not a report's text"
        case .undecodable: "the input is not text in UTF-8, UTF-16 or GB18030/GBK"
        case .notAReport:
            "no section heading or table of a 政府信息公开工作年度报告 was found in the text"
        case .io(let message): message
        }
    }
}
