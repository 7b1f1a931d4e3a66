#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast text primitives on UTF-8 code units, for the hot paths of reading and checking.
///
/// Swift's `String.contains(_:)` and `firstRange(of:)` compare by `Character` (grapheme clusters,
/// canonical equivalence), which is correct but costs microseconds per call. Report text is NFC
/// and the needles here are fixed Chinese phrases, so comparing UTF-8 bytes gives the same
/// answers at memory speed.
extension StringProtocol {
    /// The first occurrence of `needle`, compared byte by byte as UTF-8.
    @inlinable
    public func utf8Range(of needle: String) -> Range<Index>? {
        guard let offset = utf8Offset(of: needle) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        let end = utf8.index(start, offsetBy: needle.utf8.count)
        return start..<end
    }

    /// Whether `needle` occurs, compared byte by byte as UTF-8.
    @inlinable
    public func utf8Contains(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// Whether the text ends with `suffix`, compared byte by byte as UTF-8.
    @inlinable
    public func utf8HasSuffix(_ suffix: String) -> Bool {
        let n = suffix.utf8.count
        let count = utf8.count
        guard count >= n else { return false }
        return withUTF8Bytes { h in suffix.withUTF8Bytes { UTF8Search.equal(h, from: count - n, $0) } }
    }

    /// Whether the text starts with `prefix`, compared byte by byte as UTF-8.
    @inlinable
    public func utf8HasPrefix(_ prefix: String) -> Bool {
        let n = prefix.utf8.count
        guard utf8.count >= n else { return false }
        return withUTF8Bytes { h in prefix.withUTF8Bytes { UTF8Search.equal(h, from: 0, $0) } }
    }

    /// Whether the text equals `other` byte for byte.
    @inlinable
    public func utf8Equals(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return withUTF8Bytes { h in other.withUTF8Bytes { UTF8Search.equal(h, from: 0, $0) } }
    }

    /// Calls `body` with the text's UTF-8 bytes (copied only when the text is not stored contiguously).
    @inlinable
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// The byte offset of the first occurrence of `needle` in the UTF-8 form of the text.
    @inlinable
    public func utf8Offset(of needle: String) -> Int? {
        withUTF8Bytes { h in needle.withUTF8Bytes { UTF8Search.first($0, in: h) } }
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The piece between two UTF-8 offsets (which must fall on scalar boundaries); O(1) on
    /// native strings, where cutting by scalar counts walks the text.
    @inlinable
    public func utf8Slice(_ range: Range<Int>) -> Substring {
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return self[lower..<utf8.index(lower, offsetBy: range.count)]
    }
}

/// Byte search and scalar mapping on UTF-8 buffers.
public enum UTF8Search {
    /// The offset of the first occurrence of `needle` in `haystack`.
    public static func first(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        let m = needle.count
        if m == 0 { return start }
        guard haystack.count >= m + start, let h = haystack.baseAddress, let n = needle.baseAddress else { return nil }
        // memchr (many bytes at a time) for the needle's third byte, then memcmp for the whole
        // needle. In Chinese text a lead byte (E4…E9) is every third byte; a character's second
        // byte clusters (0x80 leads 、。「」 and many common characters), its last byte (its low
        // six bits) spreads over all 64 continuation values, so it stops memchr least often.
        let k = min(m - 1, 2)
        let probe = Int32(n[k])
        var i = start  // candidate start of the needle
        let last = haystack.count - m
        while i <= last {
            guard let hit = memchr(h + i + k, probe, last - i + 1) else { return nil }
            let candidate = UnsafeRawPointer(h).distance(to: UnsafeRawPointer(hit)) - k
            // The first byte is compared here: most candidates fail on it, without a call.
            if h[candidate] == n[0] && memcmp(h + candidate, n, m) == 0 { return candidate }
            i = candidate + 1
        }
        return nil
    }

    /// The offset of the first `byte` in `bytes` from `start` (memchr: many bytes at a time).
    @inlinable
    public static func first(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let b = bytes.baseAddress, start < bytes.count, let hit = memchr(b + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(b).distance(to: UnsafeRawPointer(hit))
    }

    /// Whether `byte` occurs in `bytes`.
    @inlinable
    public static func contains(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool { first(byte, in: bytes) != nil }

    /// Whether `part` stands in `bytes` at `offset` (the caller checks that it fits).
    @inlinable
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard part.count > 0 else { return true }
        guard offset + part.count <= bytes.count, let b = bytes.baseAddress, let p = part.baseAddress else { return false }
        // The last byte is compared here: most mismatches show in it, without a call.
        return b[offset + part.count - 1] == p[part.count - 1] && memcmp(b + offset, p, part.count) == 0
    }

    /// How far to step from a byte of valid UTF-8 to the next scalar's first byte: the length
    /// of the scalar a leading byte starts, 1 for a continuation byte.
    @inlinable @inline(__always)
    public static func stride(_ b: UInt8) -> Int {
        b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// Decodes the scalar starting at `i` of valid UTF-8 and returns it with its length.
    @inlinable @inline(__always)
    public static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// Appends the UTF-8 form of `scalar` at `o` and returns the next write offset.
    @inlinable @inline(__always)
    public static func encode(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        switch scalar {
        case ..<0x80:
            out[o] = UInt8(scalar)
            return o + 1
        case ..<0x800:
            out[o] = UInt8(0xC0 | scalar >> 6)
            out[o + 1] = UInt8(0x80 | scalar & 0x3F)
            return o + 2
        case ..<0x10000:
            out[o] = UInt8(0xE0 | scalar >> 12)
            out[o + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar & 0x3F)
            return o + 3
        default:
            out[o] = UInt8(0xF0 | scalar >> 18)
            out[o + 1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
            out[o + 2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
            out[o + 3] = UInt8(0x80 | scalar & 0x3F)
            return o + 4
        }
    }
}

/// The canonical form in which labels, headings and phrases are compared: white space of every
/// kind removed (ideographic and no-break spaces included), full-width ASCII made ASCII, curly
/// and corner quotes made `"`, `∶` made `:`, markdown `#` and `*` dropped. So `（一） 予以公开`,
/// `(一)予以公开` and `## (一)予以公开` compare equal.
public enum LabelNormalization {
    /// Whether a scalar is white space as reports use it: ASCII white space, the no-break space,
    /// the ideographic space (U+3000), the typographic spaces U+2002…U+200B and the BOM.
    @inlinable @inline(__always)
    public static func isSpace(_ u: UInt32) -> Bool {
        switch u {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000, 0x2002...0x200B, 0xFEFF: true
        default: false
        }
    }

    /// The canonical form of one scalar; nil drops it.
    @inlinable @inline(__always)
    public static func canonical(_ u: UInt32) -> UInt32? {
        if isSpace(u) { return nil }
        switch u {
        case 0xFF01...0xFF5E: return u - 0xFEE0
        case 0x201C, 0x201D, 0x300C, 0x300D: return 0x22  // quotes → "
        case 0x2236: return 0x3A  // ∶ → :
        case 0x23, 0x2A: return nil  // markdown # and *
        default: return u
        }
    }

    /// What `canonical` makes of each ASCII byte (0xFF: dropped).
    @usableFromInline
    static let asciiMap: [UInt8] = (0..<128).map { b in canonical(UInt32(b)).map(UInt8.init) ?? 0xFF }

    /// The normalized text. Works on UTF-8 bytes: scalars outside the few blocks that change
    /// are copied as they are, so most of a Chinese text costs a byte comparison per byte, and
    /// a text that is already canonical is returned without being copied or re-validated.
    @inlinable
    public static func normalize<S: StringProtocol>(_ text: S) -> String {
        text.withUTF8Bytes { bytes -> String in
            guard let first = firstChange(in: bytes) else {
                if let s = text as? String { return s }
                if let s = text as? Substring { return String(s) }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[...]), as: UTF8.self)
            }
            return normalize(bytes: bytes, from: first)
        }
    }

    /// The label form of a piece of text: the piece itself, not copied, when it is already
    /// canonical (most label cells are), else the normalized text.
    public static func labelForm(of text: Substring) -> Substring {
        text.withUTF8Bytes { bytes -> Substring in
            guard let first = firstChange(in: bytes) else { return text }
            return Substring(normalize(bytes: bytes, from: first))
        }
    }

    public static func normalize(bytes input: UnsafeBufferPointer<UInt8>) -> String {
        guard let first = firstChange(in: input) else { return String(decoding: input, as: UTF8.self) }
        return normalize(bytes: input, from: first)
    }

    /// How many scalars the normalized text has, counted without building it.
    @inlinable
    public static func normalizedLength<S: StringProtocol>(_ text: S) -> Int {
        text.withUTF8Bytes(normalizedLength(bytes:))
    }

    /// The label form of UTF-8 text, handed to `body`: the bytes themselves when they are
    /// already canonical, else their normalized form in a buffer on the stack (no string is made).
    public static func withLabelForm<R>(of input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let first = firstChange(in: input) else { return body(input) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count) { out in
            let n = asciiMap.withUnsafeBufferPointer { write(input, canonicalUpTo: first, into: out, at: 0, map: $0) }
            return body(UnsafeBufferPointer(rebasing: out[..<n]))
        }
    }

    /// How many scalars the normalized form of UTF-8 text has, counted without building it.
    @inlinable
    public static func normalizedLength(bytes input: UnsafeBufferPointer<UInt8>) -> Int {
        normalizedSize(bytes: input).scalars
    }

    /// How many UTF-8 bytes the normalized form of UTF-8 text has, counted without building it:
    /// where a piece of a line starts in the line's label form.
    @inlinable
    public static func normalizedByteCount(bytes input: UnsafeBufferPointer<UInt8>) -> Int {
        normalizedSize(bytes: input).bytes
    }

    /// The scalars and UTF-8 bytes of the normalized form of UTF-8 text: a scalar normalizing
    /// changes becomes one ASCII byte, one it keeps keeps its bytes.
    @inlinable @inline(__always)
    static func normalizedSize(bytes input: UnsafeBufferPointer<UInt8>) -> (scalars: Int, bytes: Int) {
        asciiMap.withUnsafeBufferPointer { map in
            var scalars = 0
            var bytes = 0
            var i = 0
            let n = input.count
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    if map[Int(b)] != 0xFF {
                        scalars += 1
                        bytes += 1
                    }
                    i += 1
                } else if b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF {
                    let (u, length) = UTF8Search.decode(input, at: i)
                    if let c = canonical(u) {
                        scalars += 1
                        bytes += c == u ? length : 1
                    }
                    i += length
                } else {
                    let length = UTF8Search.stride(b)
                    scalars += 1
                    bytes += length
                    i += length
                }
            }
            return (scalars, bytes)
        }
    }

    /// The offset of the first scalar that normalizing changes or drops, or nil.
    @inlinable @inline(__always)
    static func firstChange(in input: UnsafeBufferPointer<UInt8>) -> Int? {
        asciiMap.withUnsafeBufferPointer { map in
            var i = 0
            let n = input.count
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    if map[Int(b)] != b { return i }
                    i += 1
                    continue
                }
                // Only U+00A0 (C2 A0) and scalars led by E2, E3 and EF can change.
                guard b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF else {
                    i += UTF8Search.stride(b)
                    continue
                }
                let (u, length) = UTF8Search.decode(input, at: i)
                if canonical(u) != u { return i }
                i += length
            }
            return nil
        }
    }

    /// Normalizes `input`, whose bytes before `first` are already canonical.
    @usableFromInline
    static func normalize(bytes input: UnsafeBufferPointer<UInt8>, from first: Int) -> String {
        asciiMap.withUnsafeBufferPointer { map in
            String(unsafeUninitializedCapacity: input.count) { out in
                write(input, canonicalUpTo: first, into: out, at: 0, map: map)
            }
        }
    }

    /// The label form of each of the lines, cut from one normalized text: their concatenation
    /// (line ends are white space, so they drop out), as the format detector and the checker
    /// search it. One string is made for the whole text instead of one per line.
    public static func labelForms(of lines: TextLines) -> TextLines {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(lines.count)
        // Normalizing never lengthens a text: every changed scalar becomes one ASCII byte or none.
        let capacity = lines.ranges.reduce(0) { $0 + $1.count }
        let normalized = asciiMap.withUnsafeBufferPointer { map in
            lines.text.withUTF8Bytes { source in
                [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
                    var o = 0
                    for line in lines.ranges {
                        let start = o
                        o = write(UnsafeBufferPointer(rebasing: source[line]), canonicalUpTo: 0, into: out, at: o, map: map)
                        ranges.append(start..<o)
                    }
                    count = o
                }
            }
        }
        // Valid text changed a whole scalar at a time stays valid: not checked again.
        return TextLines(text: normalized.withUnsafeBufferPointer(String.init(knownValidUTF8:)), ranges: ranges)
    }

    /// Writes the normalized form of `input` into `out` from offset `start` and returns the end
    /// offset; the bytes of `input` before `first` are known to be canonical.
    @usableFromInline
    static func write(
        _ input: UnsafeBufferPointer<UInt8>, canonicalUpTo first: Int,
        into out: UnsafeMutableBufferPointer<UInt8>, at start: Int, map: UnsafeBufferPointer<UInt8>
    ) -> Int {
        guard let src = input.baseAddress, let dst = out.baseAddress else { return start }
        (dst + start).update(from: src, count: first)
        var o = start + first
        var run = first  // start of the bytes copied unchanged since the last change
        var i = first
        let n = input.count
        while i < n {
            let b = src[i]
            var c: UInt32
            var length = 1
            if b < 0x80 {
                let m = map[Int(b)]
                if m == b {
                    i += 1
                    continue
                }
                c = m == 0xFF ? 0xFFFF_FFFF : UInt32(m)
            } else {
                guard b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF else {
                    i += UTF8Search.stride(b)
                    continue
                }
                let (u, k) = UTF8Search.decode(input, at: i)
                length = k
                guard let canon = canonical(u) else {
                    (dst + o).update(from: src + run, count: i - run)
                    o += i - run
                    i += length
                    run = i
                    continue
                }
                if canon == u {
                    i += length
                    continue
                }
                c = canon
            }
            (dst + o).update(from: src + run, count: i - run)
            o += i - run
            if c != 0xFFFF_FFFF { o = UTF8Search.encode(c, into: out, at: o) }
            i += length
            run = i
        }
        (dst + o).update(from: src + run, count: n - run)
        return o + n - run
    }
}

extension StringProtocol {
    /// The text's first `limit` scalars as an array, decoded from the UTF-8 directly
    /// (`Array(unicodeScalars)` goes through the generic collection paths, several times slower).
    @inlinable
    public func unicodeScalarArray(limit: Int = .max) -> [Unicode.Scalar] {
        withUTF8Bytes { b -> [Unicode.Scalar] in
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(Swift.min(b.count, limit))
            var i = 0
            while i < b.count && scalars.count < limit {
                let (u, length) = UTF8Search.decode(b, at: i)
                scalars.append(Unicode.Scalar(u) ?? "\u{FFFD}")
                i += length
            }
            return scalars
        }
    }
}

extension String {
    /// The text with each tab replaced by a space (a table row shown on one line).
    public func replacingTabs() -> String {
        String(scalars: unicodeScalars.map { $0 == "\t" ? " " : $0 })
    }

    /// A string made from scalars, encoded directly (`String(String.UnicodeScalarView(array))`
    /// goes through UTF-32 transcoding with repair and is two orders of magnitude slower).
    @inlinable
    public init<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { out in
            var o = 0
            for s in scalars { o = UTF8Search.encode(s.value, into: out, at: o) }
            return o
        }
    }
}

/// UTF-8 validity checked in one pass — eight ASCII bytes to a load, two Chinese characters to
/// a load — about three times as fast as the standard library's check on report text; and
/// strings made from bytes known to be valid without checking them again.
public enum UTF8Validation {
    /// Whether `b` is well-formed UTF-8: no stray continuation byte, no sequence cut short, no
    /// overlong form, no surrogate, nothing beyond U+10FFFF.
    public static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        let n = b.count
        @inline(__always) func isContinuation(_ c: UInt8) -> Bool { c & 0xC0 == 0x80 }
        var i = 0
        while i < n {
            // Three-byte characters (Chinese text), two to a load: each a lead 1110xxxx and two
            // continuation bytes 10xxxxxx, and neither lead E0 nor ED (whose low nibbles, 0 and
            // D, mark them in 0x2001; they need their second byte checked, below).
            while i + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                guard w & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0,
                    (0x2001 >> (w & 0x0F)) & 1 == 0, (0x2001 >> ((w >> 24) & 0x0F)) & 1 == 0
                else { break }
                i += 6
            }
            let c = p[i]
            if c < 0x80 {
                // An ASCII run, eight bytes at a time.
                i += 1
                while i + 8 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            } else if c & 0xF0 == 0xE0 {
                // Three bytes (every Chinese character): E0 needs A0…BF after it (no overlong
                // form), ED needs 80…9F (no surrogate).
                guard i + 2 < n else { return false }
                let c1 = p[i + 1]
                guard (UInt16(c1) << 8 | UInt16(p[i + 2])) & 0xC0C0 == 0x8080 else { return false }
                if (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) { return false }
                i += 3
            } else if c >= 0xC2 && c < 0xE0 {
                guard i + 1 < n, isContinuation(p[i + 1]) else { return false }
                i += 2
            } else if c >= 0xF0 && c < 0xF5 {
                // Four bytes: F0 needs 90…BF after it (no overlong form), F4 needs 80…8F
                // (nothing beyond U+10FFFF).
                guard i + 3 < n else { return false }
                let c1 = p[i + 1]
                let low: UInt8 = c == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
                guard c1 >= low && c1 <= high, isContinuation(p[i + 2]), isContinuation(p[i + 3]) else { return false }
                i += 4
            } else {
                // A continuation byte, the lead of an overlong two-byte form, or F5…FF.
                return false
            }
        }
        return true
    }
}

extension String {
    /// The string whose UTF-8 is `bytes`, or nil if they are not well-formed UTF-8; checked
    /// once, by `UTF8Validation`.
    public init?(checkingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard UTF8Validation.isValid(bytes) else { return nil }
        self.init(knownValidUTF8: bytes)
    }

    /// The string whose UTF-8 is `bytes`, which the caller knows to be well-formed (checked by
    /// `UTF8Validation`, or cut and joined from valid text at scalar boundaries): copied without
    /// the standard library checking them again. Checked in debug builds.
    package init(knownValidUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        assert(UTF8Validation.isValid(bytes), "the bytes are not well-formed UTF-8")
        if #available(macOS 26, *) {
            self.init(copying: unsafe UTF8Span(unchecked: bytes.span))
        } else {
            self.init(decoding: bytes, as: UTF8.self)
        }
    }
}
