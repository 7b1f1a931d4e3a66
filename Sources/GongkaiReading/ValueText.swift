import GongkaiModel

/// The text of a value cell parsed: a number with its unit, a blank or placeholder, or neither.
package enum ValueText {
    enum Parsed: Equatable {
        case number(ReportNumberText)
        case blank
    }

    /// A number and the unit printed with it.
    struct ReportNumberText: Equatable {
        var digits: String
        var unit: String?
        /// The digits parsed.
        var number: ReportNumber
    }

    static let placeholders: Set<String> = ["-", "/", "—", "——", "－", "―", "–", "无", "／", "\\", "&nbsp;", "--", "—-", "空"]
    static let units = ["万元", "元", "件", "项", "笔", "条", "个", "次"]

    static let unitBytes: [(unit: String, bytes: [UInt8])] = units.map { ($0, Array($0.utf8)) }

    /// The longest a value cell's text may be, in UTF-8 bytes; longer text is prose.
    static let maximumValueLength = 64

    /// Parses a trimmed cell text; nil when it is neither a number nor a placeholder.
    static func parse(_ text: Substring) -> Parsed? { text.withUTF8Bytes(parse(bytes:)) }

    /// Parses the UTF-8 bytes of a trimmed cell text.
    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        // Most value cells are plain ASCII digits.
        if isDigits(b) {
            guard let number = ReportNumber.parse(b) else { return nil }
            return .number(ReportNumberText(digits: String(decoding: b, as: UTF8.self), unit: nil, number: number))
        }
        // The placeholders as printed (`-`, `—`, `无`) are the next most common.
        if isPlaceholder(b) { return .blank }
        // A value cell is short; long text is prose.
        guard b.count <= maximumValueLength else { return nil }
        // Labels and prose are turned away at their first character.
        var i = Tokenizer.trimmed(b, 0..<b.count).lowerBound
        guard i < b.count else { return .blank }
        guard let first = Unicode.Scalar(UTF8Search.decode(b, at: i).scalar), mayStartValue(first) else { return nil }
        // The text without white space, full-width digits and signs made ASCII: never longer
        // than the text, so it fits a buffer on the stack.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumValueLength) { buffer -> Parsed? in
            var n = 0
            while i < b.count {
                let (u, length) = UTF8Search.decode(b, at: i)
                i += length
                if LabelNormalization.isSpace(u) { continue }
                switch u {
                case 0xFF10...0xFF19:
                    buffer[n] = UInt8(u - 0xFEE0)
                    n += 1
                case 0xFF0B:
                    buffer[n] = UInt8(ascii: "+")
                    n += 1
                case 0xFF0E:
                    buffer[n] = UInt8(ascii: ".")
                    n += 1
                case 0xFF0C:
                    buffer[n] = UInt8(ascii: ",")
                    n += 1
                default: n = UTF8Search.encode(u, into: buffer, at: n)
                }
            }
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<n])
            if bytes.isEmpty || isPlaceholder(bytes) {
                return .blank
            }
            var body = bytes[...]
            var unit: String?
            for entry in unitBytes
            where n >= entry.bytes.count
                && entry.bytes.withUnsafeBufferPointer({ UTF8Search.equal(bytes, from: n - $0.count, $0) })
            {
                unit = entry.unit
                body = body.dropLast(entry.bytes.count)
                break
            }
            guard let first = body.first,
                first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39)
            else { return nil }
            for b in body {
                guard b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || (b >= 0x30 && b <= 0x39)
                else { return nil }
            }
            let digits = String(decoding: UnsafeBufferPointer(rebasing: body), as: UTF8.self)
            guard let number = ReportNumber(parsing: digits) else { return nil }
            return .number(ReportNumberText(digits: digits, unit: unit, number: number))
        }
    }

    /// Whether UTF-8 text is one of `placeholders`, told by a switch on its bytes packed into
    /// one word (length above them): no table is looked up, and this runs on most value cells.
    @inline(__always)
    static func isPlaceholder(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !b.isEmpty, b.count <= 6 else { return false }
        var key: UInt64 = 0
        for byte in b { key = key << 8 | UInt64(byte) }
        switch UInt64(b.count) << 48 | key {
        case 0x1_0000_0000_002D,  // -
            0x1_0000_0000_002F,  // /
            0x1_0000_0000_005C,  // \
            0x2_0000_0000_2D2D,  // --
            0x3_0000_00E2_8094,  // —
            0x3_0000_00E2_8095,  // ―
            0x3_0000_00E2_8093,  // –
            0x3_0000_00EF_BC8D,  // －
            0x3_0000_00EF_BC8F,  // ／
            0x3_0000_00E6_97A0,  // 无
            0x3_0000_00E7_A9BA,  // 空
            0x4_0000_E280_942D,  // —-
            0x6_E280_94E2_8094,  // ——
            0x6_266E_6273_703B:  // &nbsp;
            return true
        default:
            return false
        }
    }

    /// Whether `parse` would give a value (a number or a blank), without building its text;
    /// `bytes` are the text's UTF-8. Plain digit cells, the most common, are decided at once.
    static func isValue(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count <= 18, isDigits(bytes) { return true }
        return parse(bytes: bytes) != nil
    }

    /// Whether the text is one or more ASCII digits and nothing else.
    @inline(__always)
    static func isDigits(_ b: UnsafeBufferPointer<UInt8>) -> Bool { !b.isEmpty && b.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// The characters a number or a placeholder can start with: ASCII ones by a table, the
    /// few others by a search (no hashing: this runs on every token).
    static let asciiValueStarts: [Bool] = (0..<128).map { b in
        "0123456789+-.".utf8.contains(UInt8(b)) || placeholders.contains { $0.unicodeScalars.first?.value == UInt32(b) }
    }
    static let otherValueStarts: [UInt32] = Array(
        Set(
            placeholders.compactMap { $0.unicodeScalars.first?.value } + "０１２３４５６７８９＋".unicodeScalars.map(\.value)
        ).filter { $0 >= 0x80 }
    ).sorted()

    @inline(__always)
    static func mayStartValue(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? asciiValueStarts[Int(u.value)] : otherValueStarts.contains(u.value)
    }

    /// The dashes a page number is printed between: - — － –.
    @inline(__always)
    static func isPageMarkerDash(_ u: UInt32) -> Bool { u == 0x2D || u == 0x2014 || u == 0xFF0D || u == 0x2013 }

    /// A page number printed inside a table by a PDF extraction: `-3-`, `- 4 -`, `—5—`.
    package static func isPageMarker(_ text: Substring) -> Bool { text.withUTF8Bytes(isPageMarker(bytes:)) }

    /// `isPageMarker` of UTF-8 text, decided on its scalars in label form (white space dropped,
    /// full-width made ASCII): a dash, one or more ASCII digits, a dash. Other text is turned
    /// away by its first byte (the dashes begin with 2D, E2 or EF), and no string is made.
    static func isPageMarker(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let lead = b.first, lead == 0x2D || lead == 0xE2 || lead == 0xEF,
            isPageMarkerDash(UTF8Search.decode(b, at: 0).scalar)
        else { return false }
        // The label form's scalars: the first is the dash just tested; each one before the
        // last must be a digit, which is known once the next one is seen.
        var count = 0
        var last: UInt32 = 0
        var i = 0
        while i < b.count {
            let (u, length) = UTF8Search.decode(b, at: i)
            i += length
            guard let c = LabelNormalization.canonical(u) else { continue }
            if count >= 2 && !(last >= 0x30 && last <= 0x39) { return false }
            last = c
            count += 1
        }
        return count >= 3 && isPageMarkerDash(last)
    }
}
