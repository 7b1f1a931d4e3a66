import GongkaiModel

/// The lines of one text, each known by its UTF-8 range in it: a line's text is cut only when
/// asked for, and words are searched for in the whole text at once rather than line by line.
struct TextLines {
    let text: String
    /// Each line's UTF-8 range in `text`, in order.
    let ranges: [Range<Int>]

    var count: Int { ranges.count }

    /// The line at `index` (counted from 0).
    subscript(index: Int) -> Substring { text.utf8Slice(ranges[index]) }

    /// The text from the start of line `lines.lowerBound` to the end of line `lines.upperBound`.
    func text(of lines: ClosedRange<Int>) -> Substring {
        text.utf8Slice(ranges[lines.lowerBound].lowerBound..<ranges[lines.upperBound].upperBound)
    }

    /// The indices, in order, of the lines that contain one of `words` (UTF-8, each made of
    /// whole characters): the text is searched once for each word, and each hit is given the
    /// line it stands in.
    func indices(containing words: [[UInt8]]) -> [Int] {
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
