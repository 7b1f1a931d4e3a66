/// Canonical forms of label text, so that `（一）予以公开`, `(一) 予以公开` and `（一）予以公开　` match.
enum LabelText {
    /// White space of any kind, including the ideographic space and the no-break space.
    @inline(__always)
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000, 0x2002...0x200B, 0xFEFF: true
        default: false
        }
    }

    /// Maps one scalar to its canonical form; nil drops it.
    @inline(__always)
    static func canonical(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        if isSpace(u) { return nil }
        switch u.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(u.value - 0xFEE0)
        case 0x201C, 0x201D, 0x300C, 0x300D: return "\""
        case 0x3001: return "、"
        case 0x2236: return ":"
        case 0x23, 0x2A: return nil  // markdown # and *
        default: return u
        }
    }

    /// The label text with white space removed and punctuation made canonical.
    static func normalize<S: StringProtocol>(_ s: S) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if let c = canonical(u) { out.append(c) }
        }
        return String(out)
    }

    /// The value of a Chinese numeral 一…十九 as ordinals use them.
    static func chineseNumeral(_ s: Substring) -> Int? {
        let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if s == "十" { return 10 }
        if s.count == 1, let d = digits[s.first!] { return d }
        if s.count == 2, s.first == "十", let d = digits[s.last!] { return 10 + d }
        return nil
    }

    /// An ordinal at the start of a normalized label: `一、`, `(一)`, `1.`, `1、`, `4、`.
    struct Ordinal: Equatable {
        enum Style: Equatable { case chinese, chineseParenthesized, digit, digitParenthesized }
        var value: Int
        var style: Style
    }

    /// Splits a normalized label into its ordinal and the rest.
    static func splitOrdinal(_ label: String) -> (Ordinal?, Substring) {
        let s = Substring(label)
        if s.hasPrefix("("), let close = s.firstIndex(of: ")") {
            let inner = s[s.index(after: s.startIndex)..<close]
            if let v = chineseNumeral(inner) { return (Ordinal(value: v, style: .chineseParenthesized), s[s.index(after: close)...]) }
            if let v = Int(inner), v < 100 { return (Ordinal(value: v, style: .digitParenthesized), s[s.index(after: close)...]) }
        }
        var end = s.startIndex
        while end < s.endIndex, "一二三四五六七八九十".contains(s[end]) { end = s.index(after: end) }
        if end > s.startIndex, end < s.endIndex, "、.,:".contains(s[end]), let v = chineseNumeral(s[s.startIndex..<end]) {
            return (Ordinal(value: v, style: .chinese), s[s.index(after: end)...])
        }
        end = s.startIndex
        while end < s.endIndex, s[end].isASCII, s[end].isNumber { end = s.index(after: end) }
        if end > s.startIndex, end < s.endIndex, "、.,".contains(s[end]), let v = Int(s[s.startIndex..<end]), v < 100 {
            return (Ordinal(value: v, style: .digit), s[s.index(after: end)...])
        }
        return (nil, s)
    }
}

extension StringProtocol {
    /// Byte-wise substring test on UTF-8 (much faster than Character-wise `contains` in hot paths;
    /// equal for the NFC text compared here).
    @inline(__always)
    func containsBytes(_ needle: String) -> Bool {
        var n = needle
        return n.withUTF8 { nb -> Bool in
            let hay = Array(self.utf8)
            let m = nb.count
            if m == 0 { return true }
            if hay.count < m { return false }
            let first = nb[0]
            var i = 0
            let last = hay.count - m
            while i <= last {
                if hay[i] == first {
                    var j = 1
                    while j < m && hay[i + j] == nb[j] { j += 1 }
                    if j == m { return true }
                }
                i += 1
            }
            return false
        }
    }
}
