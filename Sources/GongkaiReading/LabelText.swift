import GongkaiModel

/// Canonical forms of label text, so that `（一）予以公开`, `(一) 予以公开` and `（一）予以公开　` match.
enum LabelText {
    /// White space of any kind, including the ideographic space and the no-break space.
    @inline(__always)
    static func isSpace(_ u: Unicode.Scalar) -> Bool { LabelNormalization.isSpace(u.value) }

    /// Maps one scalar to its canonical form; nil drops it.
    @inline(__always)
    static func canonical(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        LabelNormalization.canonical(u.value).flatMap(Unicode.Scalar.init)
    }

    /// The value of a Chinese numeral 一…十九 as ordinals use them.
    static func chineseNumeral(_ s: Substring) -> Int? {
        var first: Int?
        var second: Int?
        for u in s.unicodeScalars {
            guard let d = chineseDigit(u) else { return nil }
            if first == nil {
                first = d
            } else if second == nil {
                second = d
            } else {
                return nil
            }
        }
        switch (first, second) {
        case (let a?, nil): return a
        case (10?, let b?) where b < 10: return 10 + b
        default: return nil
        }
    }

    @inline(__always)
    static func chineseDigit(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        case "十": 10
        default: nil
        }
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
        let v = s.unicodeScalars
        guard let first = v.first else { return (nil, s) }
        func rest(after index: String.UnicodeScalarView.Index) -> Substring { Substring(v[v.index(after: index)...]) }
        if first == "(", let close = v.firstIndex(of: ")") {
            let inner = Substring(v[v.index(after: v.startIndex)..<close])
            if let n = chineseNumeral(inner) { return (Ordinal(value: n, style: .chineseParenthesized), rest(after: close)) }
            if let n = Int(inner), n < 100 { return (Ordinal(value: n, style: .digitParenthesized), rest(after: close)) }
        }
        var end = v.startIndex
        while end < v.endIndex, chineseDigit(v[end]) != nil { end = v.index(after: end) }
        if end > v.startIndex, end < v.endIndex, "、.,:".unicodeScalars.contains(v[end]),
            let n = chineseNumeral(Substring(v[v.startIndex..<end]))
        {
            return (Ordinal(value: n, style: .chinese), rest(after: end))
        }
        end = v.startIndex
        while end < v.endIndex, v[end].isASCII, ("0"..."9").contains(v[end]) { end = v.index(after: end) }
        if end > v.startIndex, end < v.endIndex, "、.,".unicodeScalars.contains(v[end]),
            let n = Int(Substring(v[v.startIndex..<end])), n < 100
        {
            return (Ordinal(value: n, style: .digit), rest(after: end))
        }
        return (nil, s)
    }
}
