import GongkaiModel

/// A section heading found in the source.
struct SectionHeading {
    var kind: SectionKind
    /// The heading as printed (from its ordinal to the end of its wording).
    var text: String
    var span: SourceSpan
    /// The heading's UTF-8 offsets in its line (the span's columns, as bytes).
    var bytes: Range<Int>
    /// Normalized heading text, for comparison with the standard wording.
    var normalized: String
}

/// Finds the six section headings (一、总体情况 … 六、其他需要报告的事项) wherever they stand:
/// on a line of their own, after markdown `#`, or glued into a flattened page's text.
enum SectionFinder {
    static func find(in lines: [Substring]) -> [SectionHeading] {
        var candidates: [SectionHeading] = []
        for (index, line) in lines.enumerated() {
            candidates += headings(in: line, lineNumber: index + 1)
        }
        // For each kind take the first candidate after the previous section; a kind found only
        // before it is taken out of order (the checker reports the order).
        var chosen: [SectionHeading] = []
        var lastPosition = (0, 0)
        for kind in SectionKind.allCases {
            let ofKind = candidates.filter { $0.kind == kind }
            if let next = ofKind.first(where: { ($0.span.line, $0.span.column) > lastPosition }) {
                chosen.append(next)
                lastPosition = (next.span.line, next.span.column)
            } else if let any = ofKind.first {
                chosen.append(any)
            }
        }
        return chosen.sorted { ($0.span.line, $0.span.column) < ($1.span.line, $1.span.column) }
    }

    /// Whether a scalar is one of the numerals `numeral` reads (a test without a switch on
    /// scalars, for the pass over every character of a line).
    @inline(__always)
    private static func isNumeral(_ u: UInt32) -> Bool {
        (u >= 0x31 && u <= 0x36) || u == 0x4E00 || u == 0x4E8C || u == 0x4E09 || u == 0x56DB || u == 0x4E94 || u == 0x516D
    }

    @inline(__always)
    private static func numeral(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "一", "1": 1
        case "二", "2": 2
        case "三", "3": 3
        case "四", "4": 4
        case "五", "5": 5
        case "六", "6": 6
        default: nil
        }
    }

    /// The last characters of the words every heading ends with (情况, 概述, 申请, 改进, 事项,
    /// 主动公开政府信息; see `headingLength`) as UTF-8: a line without any of them holds no
    /// heading. Single characters, so white space inside the heading cannot hide them.
    static let endingCharacters: [UInt32] = ["况", "述", "请", "进", "项", "息"].map { (c: Unicode.Scalar) in
        Array(String(c).utf8).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func mayHoldHeading(_ line: Substring) -> Bool {
        let endings = endingCharacters
        func scan(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            while i + 2 < b.count {
                let lead = b[i]
                if lead >= 0xE5 && lead <= 0xE9 {
                    let v = UInt32(lead) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
                    if endings.contains(v) { return true }
                    i += 3
                } else {
                    i += 1
                }
            }
            return false
        }
        return line.withUTF8Bytes(scan)
    }

    /// The headings on one line. The line is decoded once; only at a numeral 一…六 or 1…6
    /// followed by a character a heading of that number may begin with are the following
    /// scalars collected and the wording matched, so prose costs one pass over its bytes.
    static func headings(in line: Substring, lineNumber: Int) -> [SectionHeading] {
        guard mayHoldHeading(line) else { return [] }
        return line.withUTF8Bytes { b -> [SectionHeading] in
            var found: [SectionHeading] = []
            var count = 0  // scalars in label form so far
            var previous: UInt32?
            var column = 0
            var i = 0
            while i < b.count {
                let at = i
                let u: UInt32
                if b[i] < 0x80 {
                    u = UInt32(b[i])
                    i += 1
                } else {
                    let (value, length) = UTF8Search.decode(b, at: i)
                    u = value
                    i += length
                }
                column += 1
                guard let c = LabelNormalization.canonical(u) else { continue }
                count += 1
                let before = previous
                previous = c
                guard isNumeral(c), let ordinal = Unicode.Scalar(c), let number = numeral(ordinal) else { continue }
                if let heading = heading(
                    numbered: number, ordinal: ordinal, at: at, column: column,
                    after: before.flatMap(Unicode.Scalar.init), in: b, line: line)
                {
                    found.append(SectionHeading(
                        kind: heading.kind, text: heading.text,
                        span: SourceSpan(line: lineNumber, column: column, endColumn: heading.endColumn),
                        bytes: heading.bytes, normalized: heading.normalized))
                }
            }
            // A line of fewer than four characters (in label form) holds no heading.
            return count >= 4 ? found : []
        }
    }

    /// The heading whose ordinal `ordinal` (numbered `number`) starts at UTF-8 offset `offset`
    /// and scalar column `column` of the line, or nil. `previous` is the scalar before it in
    /// label form.
    private static func heading(
        numbered number: Int, ordinal: Unicode.Scalar, at offset: Int, column: Int,
        after previous: Unicode.Scalar?, in b: UnsafeBufferPointer<UInt8>, line: Substring
    ) -> (kind: SectionKind, text: String, endColumn: Int, bytes: Range<Int>, normalized: String)? {
        let isDigit = ordinal.isASCII && ("0"..."9").contains(ordinal)
        if let before = previous {
            let beforeIsDigit = before.isASCII && ("0"..."9").contains(before)
            if before == "(" || before == "第" || before == "十" || before == "." { return nil }
            if numeral(before) != nil && !(beforeIsDigit && !isDigit) { return nil }
        }
        // The next two scalars in label form decide, before anything is collected.
        var peek = offset + UTF8Search.decode(b, at: offset).length
        func peekNext() -> Unicode.Scalar? {
            while peek < b.count {
                let (value, length) = UTF8Search.decode(b, at: peek)
                peek += length
                if let c = LabelNormalization.canonical(value).flatMap(Unicode.Scalar.init) { return c }
            }
            return nil
        }
        guard let separator = peekNext(), let second = peekNext() else { return nil }
        let hasSeparator = separator == "、" || separator == "." || separator == "," || separator == ":"
        // A digit ordinal needs its separator; a Chinese one may lack it (一总体情况 is rare but seen).
        if isDigit && !hasSeparator { return nil }
        let start = hasSeparator ? 2 : 1
        guard mayBegin(number, hasSeparator ? second : separator) else { return nil }
        // The scalars from the ordinal in label form, with their columns and offsets: the
        // separator, if any, and up to 44 of the wording.
        var norm: [Unicode.Scalar] = [ordinal]
        var columns: [Int] = [column]
        var offsets: [Int] = [offset]
        var j = offset + UTF8Search.decode(b, at: offset).length
        var k = column
        func next() -> Bool {
            while j < b.count {
                let (value, length) = UTF8Search.decode(b, at: j)
                k += 1
                defer { j += length }
                guard let c = LabelNormalization.canonical(value).flatMap(Unicode.Scalar.init) else { continue }
                norm.append(c)
                columns.append(k)
                offsets.append(j)
                return true
            }
            return false
        }
        while norm.count < start + 44, next() {}
        let following = String(scalars: norm[start...])
        guard let kind = SectionKind(rawValue: number), let length = headingLength(kind, following) else { return nil }
        let end = start + length
        let bytes = offset..<nextScalarOffset(in: line, after: offsets[end - 1])
        return (kind, String(line.utf8Slice(bytes)), columns[end - 1] + 1, bytes, String(scalars: norm[..<end]))
    }

    /// The UTF-8 offset just past the scalar that starts at `offset`.
    static func nextScalarOffset(in line: Substring, after offset: Int) -> Int {
        line.withUTF8Bytes { b in offset + UTF8Search.decode(b, at: offset).length }
    }

    /// Whether a heading of the section numbered `value` may begin with `first` (the first
    /// characters of the wordings `headingLength` accepts): turns away the numerals of prose
    /// (一是, 进一步) before any text is built.
    @inline(__always)
    static func mayBegin(_ value: Int, _ first: Unicode.Scalar) -> Bool {
        switch value {
        case 1: "总概政基工".unicodeScalars.contains(first)
        case 2: first == "主"
        case 3: first == "收" || first == "依"
        case 5: "存政主工".unicodeScalars.contains(first)
        case 6: first == "其"
        default: true
        }
    }

    /// How many normalized scalars of `following` form the heading of `kind`, or nil when it is not one.
    static func headingLength(_ kind: SectionKind, _ following: String) -> Int? {
        func upTo(_ endings: [String], within limit: Int) -> Int? {
            var best: Int?
            for ending in endings {
                if let r = following.utf8Range(of: ending) {
                    let n = following.unicodeScalars.distance(from: following.startIndex, to: r.upperBound)
                    if n <= limit { best = min(best ?? n, n) }
                }
            }
            return best
        }
        switch kind {
        case .overview:
            guard following.utf8HasPrefix("总体") || following.utf8HasPrefix("概述") || following.utf8HasPrefix("政府信息公开总体")
                || following.utf8HasPrefix("基本情况") || following.utf8HasPrefix("工作概述")
            else { return nil }
            return upTo(["情况", "概述"], within: 14)
        case .proactive:
            guard following.utf8HasPrefix("主动公开") else { return nil }
            return upTo(["情况"], within: 14) ?? (following.utf8HasPrefix("主动公开政府信息") ? 8 : nil)
        case .applications:
            guard following.utf8HasPrefix("收到和处理") || following.utf8HasPrefix("收到及处理") || following.utf8HasPrefix("依申请公开") else { return nil }
            return upTo(["情况"], within: 22) ?? upTo(["申请"], within: 20)
        case .reviewAndLitigation:
            guard let r = following.utf8Range(of: "行政复议"),
                following.unicodeScalars.distance(from: following.startIndex, to: r.lowerBound) <= 14,
                following.utf8Contains("诉讼")
            else { return nil }
            return upTo(["情况"], within: 30)
        case .problems:
            guard following.utf8HasPrefix("存在") || following.utf8HasPrefix("政府信息公开工作存在") || following.utf8HasPrefix("主要问题")
                || following.utf8HasPrefix("工作中存在") || following.utf8HasPrefix("政务公开工作存在")
            else { return nil }
            return upTo(["改进情况"], within: 26) ?? upTo(["改进措施"], within: 26) ?? upTo(["改进"], within: 24)
        case .otherMatters:
            guard following.utf8HasPrefix("其他需要报告") || following.utf8HasPrefix("其他事项") || following.utf8HasPrefix("其他需报告") else { return nil }
            return upTo(["事项"], within: 12)
        }
    }
}
