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

    /// Whether the bytes hold a numeral 一…六 or 1…6 (ASCII or full-width) followed, after white
    /// space and separators, by a character a heading of that number may begin with: a prose
    /// line holds none, and is turned away before its scalars are normalized.
    static func mayHoldOrdinal(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let (u, length) = UTF8Search.decode(b, at: i)
            i += length
            guard let c = LabelNormalization.canonical(u).flatMap(Unicode.Scalar.init), let value = numeral(c) else { continue }
            var j = i
            while j < b.count {
                let (next, k) = UTF8Search.decode(b, at: j)
                guard let n = LabelNormalization.canonical(next).flatMap(Unicode.Scalar.init) else { j += k; continue }
                if n == "、" || n == "." || n == "," || n == ":" { j += k; continue }
                if mayBegin(value, n) { return true }
                break
            }
        }
        return false
    }

    static func headings(in line: Substring, lineNumber: Int) -> [SectionHeading] {
        guard mayHoldHeading(line), line.withUTF8Bytes(mayHoldOrdinal) else { return [] }
        // Normalized scalars with their original columns and UTF-8 offsets in the line.
        var norm: [Unicode.Scalar] = []
        var columns: [Int] = []
        var offsets: [Int] = []
        var sawOrdinalCandidate = false
        line.withUTF8Bytes { b in
            norm.reserveCapacity(b.count / 2)
            columns.reserveCapacity(b.count / 2)
            offsets.reserveCapacity(b.count / 2)
            var column = 0
            var i = 0
            while i < b.count {
                let (value, length) = UTF8Search.decode(b, at: i)
                column += 1
                if let c = LabelNormalization.canonical(value).flatMap(Unicode.Scalar.init) {
                    if numeral(c) != nil { sawOrdinalCandidate = true }
                    norm.append(c)
                    columns.append(column)
                    offsets.append(i)
                }
                i += length
            }
        }
        guard sawOrdinalCandidate, norm.count >= 4 else { return [] }
        var found: [SectionHeading] = []
        var i = 0
        while i < norm.count - 2 {
            defer { i += 1 }
            guard let value = numeral(norm[i]) else { continue }
            let separator = norm[i + 1]
            let hasSeparator = separator == "、" || separator == "." || separator == "," || separator == ":"
            let isDigit = norm[i].isASCII && ("0"..."9").contains(norm[i])
            // A digit ordinal needs its separator; a Chinese one may lack it (一总体情况 is rare but seen).
            if isDigit && !hasSeparator { continue }
            if i > 0 {
                let before = norm[i - 1]
                let beforeIsDigit = before.isASCII && ("0"..."9").contains(before)
                if before == "(" || before == "第" || before == "十" || before == "." { continue }
                if numeral(before) != nil && !(beforeIsDigit && !isDigit) { continue }
            }
            let start = i + (hasSeparator ? 2 : 1)
            guard start < norm.count, mayBegin(value, norm[start]) else { continue }
            let following = String(scalars: norm[start..<min(norm.count, start + 44)])
            guard let kind = SectionKind(rawValue: value), let length = headingLength(kind, following) else { continue }
            let end = start + length
            let first = columns[i]
            let last = columns[end - 1]
            let bytes = offsets[i]..<nextScalarOffset(in: line, after: offsets[end - 1])
            let text = String(line.utf8Slice(bytes))
            found.append(SectionHeading(
                kind: kind, text: text, span: SourceSpan(line: lineNumber, column: first, endColumn: last + 1),
                bytes: bytes, normalized: String(scalars: norm[i..<end])))
        }
        return found
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
