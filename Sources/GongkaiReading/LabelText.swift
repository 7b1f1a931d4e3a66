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

    /// The value of a Chinese numeral 一…十九 as ordinals use them, from its scalars.
    static func chineseNumeral(_ digits: [Int]) -> Int? {
        switch digits.count {
        case 1: return digits[0]
        case 2 where digits[0] == 10 && digits[1] < 10: return 10 + digits[1]
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

    /// Splits a normalized label (UTF-8) into its ordinal and the offset where the rest starts
    /// (0 when there is no ordinal).
    static func splitOrdinal(bytes b: UnsafeBufferPointer<UInt8>) -> (Ordinal?, Int) {
        guard !b.isEmpty else { return (nil, 0) }
        /// The Chinese digits from `start` up to the first other scalar, and where that stands.
        func chineseDigits(from start: Int) -> (digits: [Int], end: Int) {
            var digits: [Int] = []
            var i = start
            while i < b.count {
                let (u, length) = UTF8Search.decode(b, at: i)
                guard let scalar = Unicode.Scalar(u), let d = chineseDigit(scalar) else { break }
                digits.append(d)
                i += length
            }
            return (digits, i)
        }
        /// The ASCII digits from `start` (with an optional sign, as `Int(_:)` reads them) up to `end`, as a number below 100.
        func number(_ start: Int, _ end: Int) -> Int? {
            guard start < end, let n = Int(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)), n < 100 else { return nil }
            return n
        }
        if b[0] == UInt8(ascii: "("), let close = b.firstIndex(of: UInt8(ascii: ")")) {
            let (digits, end) = chineseDigits(from: 1)
            if end == close, let n = chineseNumeral(digits) { return (Ordinal(value: n, style: .chineseParenthesized), close + 1) }
            if let n = number(1, close) { return (Ordinal(value: n, style: .digitParenthesized), close + 1) }
        }
        let (digits, end) = chineseDigits(from: 0)
        if end > 0, end < b.count, let separator = separatorLength(b, at: end, allowsColon: true), let n = chineseNumeral(digits) {
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
