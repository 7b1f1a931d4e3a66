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
    static func find(in lines: TextLines) -> [SectionHeading] {
        var candidates: [SectionHeading] = []
        lines.text.withUTF8Bytes { whole in
            for (index, line) in lines.ranges.enumerated() {
                let b = UnsafeBufferPointer(rebasing: whole[line])
                if mayHoldHeading(b) { candidates += headings(in: b, lineNumber: index + 1) }
            }
        }
        // For each kind take the first candidate after the previous section; a kind found only
        // before it is taken out of order (the checker reports the order).
        // By index: a heading copied out of the array is two strings retained.
        var chosen: [SectionHeading] = []
        var lastPosition = (0, 0)
        for kind in SectionKind.allCases {
            var first: Int?
            var next: Int?
            for k in candidates.indices where candidates[k].kind == kind {
                if first == nil { first = k }
                if (candidates[k].span.line, candidates[k].span.column) > lastPosition {
                    next = k
                    break
                }
            }
            if let next {
                chosen.append(candidates[next])
                lastPosition = (candidates[next].span.line, candidates[next].span.column)
            } else if let first {
                chosen.append(candidates[first])
            }
        }
        return chosen.sorted { ($0.span.line, $0.span.column) < ($1.span.line, $1.span.column) }
    }

    /// The numeral (in label form: full-width digits made ASCII) whose three UTF-8 bytes, read
    /// as one number, are `utf8`; nil for any other character.
    @inline(__always)
    private static func numeralValue(utf8: UInt32) -> UInt32? {
        switch utf8 {
        case 0xE4_B880: 0x4E00  // 一
        case 0xE4_BA8C: 0x4E8C  // 二
        case 0xE4_B889: 0x4E09  // 三
        case 0xE5_9B9B: 0x56DB  // 四
        case 0xE4_BA94: 0x4E94  // 五
        case 0xE5_85AD: 0x516D  // 六
        case 0xEF_BC91...0xEF_BC96: utf8 - 0xEF_BC91 + 0x31  // １…６
        default: nil
        }
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
    @inline(__always)
    static func isEndingCharacter(_ utf8: UInt32) -> Bool {
        switch utf8 {
        case 0xE5_86B5, 0xE8_BFB0, 0xE8_AFB7, 0xE8_BF9B, 0xE9_A1B9, 0xE6_81AF: true  // 况 述 请 进 项 息
        default: false
        }
    }

    /// Whether a line's bytes hold one of the characters every heading ends with.
    static func mayHoldHeading(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i + 2 < b.count {
            let lead = b[i]
            if lead >= 0xE5 && lead <= 0xE9 {
                if isEndingCharacter(UInt32(lead) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])) { return true }
                i += 3
            } else {
                i += UTF8Search.stride(lead)
            }
        }
        return false
    }

    /// The scalars of a line in label form (`LabelNormalization`), each with its scalar column
    /// in the line (dropped scalars counted) and its UTF-8 offset. A copy goes on from where the
    /// original stands, so a heading's wording is read ahead without decoding the line again.
    struct LabelFormScalars: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        var column = 0

        @inline(__always)
        mutating func next() -> (scalar: Unicode.Scalar, column: Int, offset: Int)? {
            while offset < bytes.count {
                let at = offset
                let (value, length) = UTF8Search.decode(bytes, at: offset)
                offset += length
                column += 1
                if let c = LabelNormalization.canonical(value).flatMap(Unicode.Scalar.init) { return (c, column, at) }
            }
            return nil
        }
    }

    /// The headings on one line. The bytes are scanned for the numerals 一…六, 1…6 and １…６;
    /// only at one followed by a character a heading of that number may begin with are the
    /// following scalars collected and the wording matched, so prose costs a byte test or two
    /// per character.
    static func headings(in b: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> [SectionHeading] {
        var found: [SectionHeading] = []
        var i = 0
        while i < b.count {
            let lead = b[i]
            let offset = i
            let c: UInt32
            if lead < 0x80 {
                i += 1
                guard lead >= 0x31 && lead <= 0x36 else { continue }
                c = UInt32(lead)
            } else {
                // 一二三四五 are led by E4, 六 by E5, the full-width digits by EF.
                guard lead == 0xE4 || lead == 0xE5 || lead == 0xEF else {
                    i += UTF8Search.stride(lead)
                    continue
                }
                guard i + 2 < b.count, let numeral = numeralValue(utf8: UInt32(lead) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])) else {
                    i += 3
                    continue
                }
                i += 3
                c = numeral
            }
            guard let ordinal = Unicode.Scalar(c), let number = numeral(ordinal) else { continue }
            // The character right after the numeral turns most numerals of prose and tables
            // away before anything is decoded: a Chinese character (never dropped, never a
            // separator) must be one a heading of that number may begin with, and a digit
            // ordinal needs its separator, so another digit or a letter ends it.
            if i < b.count {
                let next = b[i]
                if next >= 0xE4 && next <= 0xE9 {
                    if c < 0x80 { continue }
                    if i + 2 < b.count, !mayBegin(number, Unicode.Scalar(UTF8Search.decode(b, at: i).scalar) ?? "\0") { continue }
                } else if c < 0x80 && ((next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)) {
                    continue
                }
            }
            let following = LabelFormScalars(bytes: b, offset: i, column: 0)
            guard
                let heading = heading(
                    numbered: number, ordinal: ordinal, after: labelFormScalar(before: offset, in: b),
                    following: following)
            else { continue }
            // Columns count every scalar, dropped ones included.
            let column = UnsafeBufferPointer(rebasing: b[..<offset]).scalarCount + 1
            found.append(
                SectionHeading(
                    kind: heading.kind, text: String(decoding: UnsafeBufferPointer(rebasing: b[offset..<heading.end]), as: UTF8.self),
                    span: SourceSpan(line: lineNumber, column: column, endColumn: column + heading.endColumn),
                    bytes: offset..<heading.end, normalized: heading.normalized))
        }
        // A line of fewer than four characters (in label form) holds no heading.
        guard !found.isEmpty else { return [] }
        var count = 0
        var scalars = LabelFormScalars(bytes: b)
        while count < 4, scalars.next() != nil { count += 1 }
        return count >= 4 ? found : []
    }

    /// The last scalar in label form that ends at or before `offset`, or nil.
    private static func labelFormScalar(before offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var end = offset
        while end > 0 {
            var start = end - 1
            while start > 0 && b[start] & 0xC0 == 0x80 { start -= 1 }
            if let c = LabelNormalization.canonical(UTF8Search.decode(b, at: start).scalar) { return Unicode.Scalar(c) }
            end = start
        }
        return nil
    }

    /// The heading whose ordinal `ordinal` (numbered `number`) was just read, with `previous`
    /// the scalar before it and `following` standing after it; nil when there is none. Returns
    /// the UTF-8 offset where the heading ends and its last column.
    private static func heading(
        numbered number: Int, ordinal: Unicode.Scalar, after previous: Unicode.Scalar?,
        following: LabelFormScalars
    ) -> (kind: SectionKind, end: Int, endColumn: Int, normalized: String)? {
        let isDigit = ordinal.isASCII && ("0"..."9").contains(ordinal)
        if let before = previous {
            let beforeIsDigit = before.isASCII && ("0"..."9").contains(before)
            if before == "(" || before == "第" || before == "十" || before == "." { return nil }
            if numeral(before) != nil && !(beforeIsDigit && !isDigit) { return nil }
        }
        // The next two scalars decide, before anything is collected.
        var peek = following
        guard let separator = peek.next()?.scalar, let second = peek.next()?.scalar else { return nil }
        let hasSeparator = separator == "、" || separator == "." || separator == "," || separator == ":"
        // A digit ordinal needs its separator; a Chinese one may lack it (一总体情况 is rare but seen).
        if isDigit && !hasSeparator { return nil }
        guard mayBegin(number, hasSeparator ? second : separator) else { return nil }
        // The separator, if any, and up to 44 scalars of the wording.
        let start = hasSeparator ? 1 : 0
        var rest: [(scalar: Unicode.Scalar, column: Int, offset: Int)] = []
        rest.reserveCapacity(start + 44)
        var scalars = following
        while rest.count < start + 44, let next = scalars.next() { rest.append(next) }
        let wording = String(scalars: rest[start...].map(\.scalar))
        guard let kind = SectionKind(rawValue: number), let length = headingLength(kind, wording) else { return nil }
        let last = rest[start + length - 1]
        let end = last.offset + UTF8Search.decode(following.bytes, at: last.offset).length
        return (kind, end, last.column + 1, String(scalars: [ordinal] + rest[..<(start + length)].map(\.scalar)))
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
            guard
                following.utf8HasPrefix("总体") || following.utf8HasPrefix("概述") || following.utf8HasPrefix("政府信息公开总体")
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
            guard
                following.utf8HasPrefix("存在") || following.utf8HasPrefix("政府信息公开工作存在") || following.utf8HasPrefix("主要问题")
                    || following.utf8HasPrefix("工作中存在") || following.utf8HasPrefix("政务公开工作存在")
            else { return nil }
            return upTo(["改进情况"], within: 26) ?? upTo(["改进措施"], within: 26) ?? upTo(["改进"], within: 24)
        case .otherMatters:
            guard following.utf8HasPrefix("其他需要报告") || following.utf8HasPrefix("其他事项") || following.utf8HasPrefix("其他需报告") else { return nil }
            return upTo(["事项"], within: 12)
        }
    }
}
