/// The lines of one text, each known by its UTF-8 range in it. A line's text is cut only when
/// asked for, and words are searched for in the whole text at once rather than line by line.
///
/// ```swift
/// let lines = TextLines(text: "一、总体情况\n二、主动公开", ranges: [0..<18, 19..<37])
/// print(lines[1])  // 二、主动公开
/// ```
public struct TextLines: RandomAccessCollection, Sendable {
    /// The text the lines are cut from.
    public let text: String
    /// Each line's UTF-8 range in `text`, in order, on scalar boundaries.
    public let ranges: [Range<Int>]

    public init(text: String = "", ranges: [Range<Int>] = []) {
        self.text = text
        self.ranges = ranges
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ranges.count }

    /// The line at `index` (counted from 0).
    public subscript(index: Int) -> Substring { text.utf8Slice(ranges[index]) }

    /// The text from the start of line `lines.lowerBound` to the end of line `lines.upperBound`.
    public func text(of lines: ClosedRange<Int>) -> Substring {
        text.utf8Slice(ranges[lines.lowerBound].lowerBound..<ranges[lines.upperBound].upperBound)
    }

    /// The indices, in order, of the lines that contain one of `words` (UTF-8, each made of
    /// whole characters): the text is searched once for each word, and each hit is given the
    /// line it stands in.
    public func lineIndices(containing words: [[UInt8]]) -> [Int] {
        let ends = ranges.map(\.upperBound)
        var found = Set<Int>()
        text.withUTF8Bytes { b in
            for word in words where !word.isEmpty {
                word.withUnsafeBufferPointer { w in
                    var line = 0
                    var from = 0
                    while let p = UTF8Search.first(w, in: b, from: from) {
                        from = p + 1
                        while line < ends.count && ends[line] <= p { line += 1 }
                        // A hit that runs past its line's end spans a line break.
                        guard line < ends.count, p >= ranges[line].lowerBound, p + w.count <= ends[line] else { continue }
                        found.insert(line)
                    }
                }
            }
        }
        return found.sorted()
    }
}
