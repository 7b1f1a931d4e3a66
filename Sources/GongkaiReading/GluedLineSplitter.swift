import GongkaiModel

/// Splits a line whose table cells lost their separators (a flattened web page:
/// `…规章000规范性文件898989第二十条…`) into label, text and digit-run tokens.
enum GluedLineSplitter {
    /// Whether a token is worth splitting: long, with at least one row label inside.
    /// `lineForm` gives the label form of the token's line (cut only for long tokens):
    /// normalizing maps scalar by scalar, so a label in the token's form is in its line's form
    /// too, and a prose line without one is turned away without normalizing its tokens.
    /// `source` is the document's text.
    static func shouldSplit(_ token: Token, in source: String, lineForm: () -> Substring) -> Bool {
        guard token.style == .single || token.style == .tabRow, token.bytes.count > 40, hasRowLabel(lineForm()),
            token.endColumn - token.column > 40
        else { return false }
        // A single token is its whole line but for white space, so the line's form is its form.
        return token.style == .single || hasRowLabel(LabelNormalization.labelForm(of: token.text(in: source)))
    }

    private static func hasRowLabel(_ form: Substring) -> Bool {
        form.utf8Contains("规章") || form.utf8Contains("申请数量") || form.utf8Contains("结果维持")
    }

    /// The pieces of `token` of the document whose text is `source`.
    static func split(_ token: Token, in source: String, cutAt headings: [SourceSpan]) -> [Token] {
        source.withUTF8Bytes { split(token, of: $0, cutAt: headings) }
    }

    private static func split(_ token: Token, of source: UnsafeBufferPointer<UInt8>, cutAt headings: [SourceSpan]) -> [Token] {
        // Pieces are cut from the document at the scalars' offsets from the token's start.
        let (scalars, offsets) = scalarsAndOffsets(of: UnsafeBufferPointer(rebasing: source[token.bytes]))
        // Segment boundaries at section headings.
        var cuts: [(Int, Int, Bool)] = []  // (start, end, isHeading) in scalar offsets
        var position = 0
        for h in headings.sorted(by: { $0.column < $1.column }) {
            let s = h.column - token.column
            let e = h.endColumn - token.column
            guard s >= position, e <= scalars.count, s < e else { continue }
            if s > position { cuts.append((position, s, false)) }
            cuts.append((s, e, true))
            position = e
        }
        if position < scalars.count { cuts.append((position, scalars.count, false)) }

        var out: [Token] = []
        /// Emits the scalars `start..<end` (trimmed) as a token; `label` is their label match
        /// when the label search already made it.
        func emit(_ start: Int, _ end: Int, label: LabelMatch? = nil) {
            var s = start
            var e = end
            while s < e, LabelText.isSpace(scalars[s]) { s += 1 }
            while e > s, LabelText.isSpace(scalars[e - 1]) { e -= 1 }
            guard s < e else { return }
            let start = token.bytes.lowerBound
            out.append(
                Token(
                    bytes: (start + offsets[s])..<(start + offsets[e]), of: source, line: token.line,
                    column: token.column + s, endColumn: token.column + e, style: .glued, lineGroup: token.lineGroup, match: label))
        }
        for (start, end, isHeading) in cuts {
            if isHeading {
                emit(start, end)
                continue
            }
            // Runs: digit runs (digits, points, inner spaces, a trailing unit) and text runs.
            var runs: [(Int, Int, Bool)] = []
            var i = start
            while i < end {
                let isDigitStart = isDigit(scalars[i])
                var j = i + 1
                if isDigitStart {
                    while j < end {
                        if isDigit(scalars[j]) || scalars[j] == "." || scalars[j] == "," {
                            j += 1
                            continue
                        }
                        if LabelText.isSpace(scalars[j]) {
                            var k = j
                            while k < end, LabelText.isSpace(scalars[k]) { k += 1 }
                            if k < end, isDigit(scalars[k]) {
                                j = k
                                continue
                            }
                        }
                        break
                    }
                    if j < end, scalars[j] == "元" { j += 1 } else if j + 1 < end, scalars[j] == "万", scalars[j + 1] == "元" { j += 2 }
                } else {
                    while j < end, !isDigit(scalars[j]) { j += 1 }
                }
                runs.append((i, j, isDigitStart))
                i = j
            }
            // An ordinal glued to the digits before its label (`00000002.其他法律…`) goes to the label.
            var r = 0
            while r + 1 < runs.count {
                let (ds, de, isDigits) = runs[r]
                let (ts, te, nextIsDigits) = runs[r + 1]
                if isDigits, !nextIsDigits, de - ds >= 2, scalars[de - 1] == ".", isDigit(scalars[de - 2]) {
                    let ordinal = Int(scalars[de - 2].properties.numericType != nil ? String(scalars[de - 2]) : "") ?? -1
                    let following = String(scalars: scalars[ts..<min(te, ts + 46)])
                    if case .t3Row(let key) = LabelMatcher.match(normalized: LabelNormalization.normalize("\(ordinal)." + following)),
                        LabelMatcher.templateOrdinal(ofT3Row: key) == ordinal
                    {
                        runs[r] = (ds, de - 2, true)
                        runs[r + 1] = (de - 2, te, false)
                    }
                }
                r += 1
            }
            for (index, run) in runs.enumerated() {
                let (s, e, isDigits) = run
                if s >= e { continue }
                if isDigits {
                    emit(s, e)
                    continue
                }
                // A text run followed by digits ends with the row label when there is one.
                let followedByDigits = index + 1 < runs.count && runs[index + 1].2 && runs[index + 1].0 < runs[index + 1].1
                // Where the row label starts, and what it names.
                var label: (start: Int, match: LabelMatch)?
                if followedByDigits {
                    var te = e
                    while te > s, LabelText.isSpace(scalars[te - 1]) { te -= 1 }
                    let maxLength = min(te - s, LabelMatcher.maximumLabelLength)
                    // The suffixes are tried in label form, cut from the window's label form
                    // (normalizing is per scalar); one that adds only dropped scalars is the
                    // candidate already tried.
                    let window = LabelWindow(scalars[(te - maxLength)..<te])
                    // A label contains one of the anchor words; shorter suffixes cannot match.
                    let minLength = maxLength >= 2 ? latestAnchor(in: window).map { te - $0 } : nil
                    if let minLength, maxLength >= max(2, minLength) {
                        let suffixes = window.encoded()
                        var first = window.form.count
                        var tried = -1
                        for length in max(2, minLength)...maxLength {
                            while first > 0 && window.origin[first - 1] >= te - length { first -= 1 }
                            if first == tried { continue }
                            tried = first
                            switch suffixes.match(from: first) {
                            case let match? where match.namesDataRow: label = (te - length, match)
                            default: break
                            }
                            if label != nil { break }
                        }
                    }
                }
                if let label {
                    emit(s, label.start)
                    emit(label.start, e, label: label.match)
                } else {
                    emit(s, e)
                }
            }
        }
        return out
    }

    /// The scalars of valid UTF-8 and the offset of each (and of the end), decoded in one pass.
    private static func scalarsAndOffsets(of b: UnsafeBufferPointer<UInt8>) -> (scalars: [Unicode.Scalar], offsets: [Int]) {
        // A flattened page is one long line: both arrays are written in place, sized for the
        // worst case (a scalar per byte), not appended to scalar by scalar.
        var count = 0
        let offsets = [Int](unsafeUninitializedCapacity: b.count + 1) { offsetsOut, offsetsCount in
            var i = 0
            while i < b.count {
                offsetsOut[count] = i
                count += 1
                i += UTF8Search.stride(b[i])
            }
            offsetsOut[count] = b.count
            offsetsCount = count + 1
        }
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: count) { out, written in
            for k in 0..<count { out[k] = Unicode.Scalar(UTF8Search.decode(b, at: offsets[k]).scalar) ?? "\u{FFFD}" }
            written = count
        }
        return (scalars, offsets)
    }

    /// Words one of which every table-二/三 row label contains.
    static let anchors: [[Unicode.Scalar]] = {
        var words = LabelMatcher.table2Labels.map(\.label) + LabelMatcher.table3Stems.map(\.stem)
        words += ["予以公开", "部分公开", "总计", "合计", "其他"]
        return words.map { Array($0.unicodeScalars) }
    }()

    /// The anchors filed by the low ten bits of their first scalar: most scalars of a window
    /// find an empty bucket, and the others are compared only with the anchors of theirs.
    static let anchorBuckets: [[Int]] = {
        var buckets = [[Int]](repeating: [], count: 1024)
        for (k, anchor) in anchors.enumerated() { buckets[Int(anchor[0].value & 0x3FF)].append(k) }
        return buckets
    }()

    /// Scalars in label form (`LabelNormalization`), each with the index of the scalar it came from.
    struct LabelWindow {
        var form: [Unicode.Scalar] = []
        var origin: [Int] = []

        init(_ window: ArraySlice<Unicode.Scalar>) {
            form.reserveCapacity(window.count)
            origin.reserveCapacity(window.count)
            for k in window.indices {
                if let c = LabelText.canonical(window[k]) {
                    form.append(c)
                    origin.append(k)
                }
            }
        }

        /// The form as UTF-8, for matching its suffixes without building a string for each.
        func encoded() -> EncodedForm {
            var utf8: [UInt8] = []
            var offsets: [Int] = []
            utf8.reserveCapacity(form.count * 3)
            offsets.reserveCapacity(form.count + 1)
            for c in form {
                offsets.append(utf8.count)
                UTF8.encode(c) { utf8.append($0) }
            }
            offsets.append(utf8.count)
            return EncodedForm(utf8: utf8, offsets: offsets)
        }
    }

    /// A window's label form as UTF-8, with each scalar's offset in it (and the end's).
    struct EncodedForm {
        let utf8: [UInt8]
        let offsets: [Int]

        /// What the form from scalar `first` on names as a table label.
        func match(from first: Int) -> LabelMatch? {
            utf8.withUnsafeBufferPointer { LabelMatcher.match(bytes: UnsafeBufferPointer(rebasing: $0[offsets[first]...])) }
        }
    }

    /// The index where the last anchor word of the window starts (ignoring white space inside it).
    /// The window is scanned from its end, so the first position where any anchor starts is the
    /// latest (origins grow with positions), and only the few scalars after it are looked at.
    static func latestAnchor(in window: LabelWindow) -> Int? {
        let norm = window.form
        return anchorBuckets.withUnsafeBufferPointer { buckets in
            var i = norm.count - 1
            while i >= 0 {
                let c = norm[i]
                for k in buckets[Int(c.value & 0x3FF)] {
                    let anchor = anchors[k]
                    if anchor[0] == c && anchor.count <= norm.count - i && norm[i..<(i + anchor.count)].elementsEqual(anchor) {
                        return window.origin[i]
                    }
                }
                i -= 1
            }
            return nil
        }
    }

    @inline(__always)
    static func isDigit(_ u: Unicode.Scalar) -> Bool { ("0"..."9").contains(u) }
}
