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

    /// Splits a normalized label (UTF-8) into its ordinal and the offset where the rest starts
    /// (0 when there is no ordinal).
    static func splitOrdinal(bytes b: UnsafeBufferPointer<UInt8>) -> (Ordinal?, Int) {
        guard !b.isEmpty else { return (nil, 0) }
        /// The value of the Chinese numeral (一…十九, as ordinals use them) from `start` up to
        /// the first other scalar, nil when the digits form none, and where that scalar stands.
        func chineseDigits(from start: Int) -> (value: Int?, end: Int) {
            var first = 0, second = 0, count = 0
            var i = start
            while i < b.count {
                let (u, length) = UTF8Search.decode(b, at: i)
                guard let scalar = Unicode.Scalar(u), let d = chineseDigit(scalar) else { break }
                if count == 0 { first = d } else if count == 1 { second = d }
                count += 1
                i += length
            }
            let value: Int? =
                switch count {
                case 1: first
                case 2 where first == 10 && second < 10: 10 + second
                default: nil
                }
            return (value, i)
        }
        /// The number from `start` to `end` (an optional sign, then ASCII digits, as `Int(_:)`
        /// reads them) when it is below 100; read on the bytes, without making a string.
        func number(_ start: Int, _ end: Int) -> Int? {
            guard start < end else { return nil }
            let negative = b[start] == UInt8(ascii: "-")
            let first = negative || b[start] == UInt8(ascii: "+") ? start + 1 : start
            // Eighteen digits cannot overflow; an ordinal has one or two.
            guard first < end, end - first <= 18 else { return nil }
            var n = 0
            for i in first..<end {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            let value = negative ? -n : n
            return value < 100 ? value : nil
        }
        if b[0] == UInt8(ascii: "("), let close = UTF8Search.first(UInt8(ascii: ")"), in: b) {
            let (numeral, end) = chineseDigits(from: 1)
            if end == close, let n = numeral { return (Ordinal(value: n, style: .chineseParenthesized), close + 1) }
            if let n = number(1, close) { return (Ordinal(value: n, style: .digitParenthesized), close + 1) }
        }
        let (numeral, end) = chineseDigits(from: 0)
        if end > 0, end < b.count, let separator = separatorLength(b, at: end, allowsColon: true), let n = numeral {
            return (Ordinal(value: n, style: .chinese), end + separator)
        }
        var digitEnd = 0
        while digitEnd < b.count, b[digitEnd] >= 0x30 && b[digitEnd] <= 0x39 { digitEnd += 1 }
        if digitEnd > 0, digitEnd < b.count, let separator = separatorLength(b, at: digitEnd, allowsColon: false), let n = number(0, digitEnd) {
            return (Ordinal(value: n, style: .digit), digitEnd + separator)
        }
        return (nil, 0)
    }

    /// The byte length of the ordinal separator (`、`, `.`, `,`, and `:` where allowed) at `i`, or nil.
    @inline(__always)
    static func separatorLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int, allowsColon: Bool) -> Int? {
        switch b[i] {
        case UInt8(ascii: "."), UInt8(ascii: ","): return 1
        case UInt8(ascii: ":"): return allowsColon ? 1 : nil
        case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x81: return 3  // 、
        default: return nil
        }
    }
}
