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
    /// `/html[1]/body[1]/div[2]/table[1]/tr[4]/td[3]`, `w:body/w:tbl[2]/w:tr[5]/w:tc[3]`, `page 3`.
    public var path: String {
        get { lastStep.map { base.appendingPathStep($0.name, $0.index) } ?? base }
        set {
            base = newValue
            lastStep = nil
        }
    }
    /// The line of the source file (HTML) where the element starts.
    public var sourceLine: Int?
    /// The page (PDF, scans), counted from 1.
    public var page: Int?
    /// The mean OCR confidence of the words (0–100), for cells read by OCR.
    public var confidence: Double?
    /// The path, or its parent's path when `lastStep` holds the last step: a table's cells
    /// share their row's path, and a cell's own path is written out only when it is asked for.
    private var base: String
    private var lastStep: (name: String, index: Int)?

    public static func == (a: SourceOrigin, b: SourceOrigin) -> Bool {
        a.path == b.path && a.sourceLine == b.sourceLine && a.page == b.page && a.confidence == b.confidence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(sourceLine)
        hasher.combine(page)
        hasher.combine(confidence)
    }

    public var description: String {
        var parts = [path]
        if let sourceLine { parts.append("line \(sourceLine)") }
        if let confidence { parts.append("OCR confidence \(Int(confidence.rounded()))") }
        return parts.joined(separator: ", ")
    }
}

extension SourceOrigin {
    // Declared here, not in the type, so that they hand over to the memberwise initializer:
    // assigning the properties one by one, the optimizer built the origin twice and copied it.
    public init(path: String, sourceLine: Int? = nil, page: Int? = nil, confidence: Double? = nil) {
        self.init(sourceLine: sourceLine, page: page, confidence: confidence, base: path, lastStep: nil)
    }

    /// The origin of the `index`-th element named `name` (from 1) below the element at `parent`:
    /// its path is `parent/name[index]`.
    public init(parent: String, name: String, index: Int, sourceLine: Int? = nil) {
        self.init(sourceLine: sourceLine, page: nil, confidence: nil, base: parent, lastStep: (name, index))
    }
}

extension String {
    /// The element path one step down to the `index`-th element named `name`, `self/name[index]`,
    /// written into one new string (a path is made for every cell of every table).
    package func appendingPathStep(_ name: String, _ index: Int) -> String {
        var base = self, name = name
        return base.withUTF8 { b in
            name.withUTF8 { n in
                String(unsafeUninitializedCapacity: b.count + ElementPath.stepLength(nameCount: n.count, index: index)) { out in
                    guard let dst = out.baseAddress else { return 0 }
                    // The base path is copied whole, not byte by byte.
                    if let src = b.baseAddress { dst.update(from: src, count: b.count) }
                    return b.count + ElementPath.writeStep(n, index, to: dst + b.count)
                }
            }
        }
    }
}

/// The steps of element paths (`/html[1]/body[1]/div[2]`, `/w:tbl[2]/w:tr[5]`): the one place
/// a step `/name[index]` is written, by the layouts that make paths.
package enum ElementPath {
    /// The UTF-8 length of the step `/name[index]` for a name of `nameCount` bytes.
    package static func stepLength(nameCount: Int, index: Int) -> Int { nameCount + 3 + digits(index) }

    /// Writes the step `/name[index]` at `out` (which has room for `stepLength`) and returns
    /// how many bytes it wrote.
    package static func writeStep(_ name: UnsafeBufferPointer<UInt8>, _ index: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        out[o] = UInt8(ascii: "/")
        o += 1
        if let src = name.baseAddress { (out + o).update(from: src, count: name.count) }
        o += name.count
        out[o] = UInt8(ascii: "[")
        o += 1
        var rest = index
        let count = digits(index)
        for k in stride(from: count - 1, through: 0, by: -1) {
            out[o + k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        o += count
        out[o] = UInt8(ascii: "]")
        return o + 1
    }

    /// The number of decimal digits of a non-negative number.
    private static func digits(_ n: Int) -> Int {
        var digits = 1
        var power = 10
        while n >= power {
            digits += 1
            power *= 10
        }
        return digits
    }
}

/// The kind of document a report was read from.
public enum SourceKind: String, Hashable, Sendable, CaseIterable {
    case text, html, docx, pdf
    /// A scanned PDF or an image, read by OCR.
    case ocr
}
