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
        guard utf8.count >= n else { return false }
        return utf8.suffix(n).elementsEqual(suffix.utf8)
    }

    /// Whether the text starts with `prefix`, compared byte by byte as UTF-8.
    @inlinable
    public func utf8HasPrefix(_ prefix: String) -> Bool {
        let n = prefix.utf8.count
        guard utf8.count >= n else { return false }
        return utf8.prefix(n).elementsEqual(prefix.utf8)
    }

    /// Whether the text equals `other` byte for byte.
    @inlinable
    public func utf8Equals(_ other: some StringProtocol) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    /// The byte offset of the first occurrence of `needle` in the UTF-8 form of the text.
    @inlinable
    public func utf8Offset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            if let found = utf8.withContiguousStorageIfAvailable({ UTF8Search.first(n, in: $0) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { UTF8Search.first(n, in: $0) }
        }
    }
}

/// Byte search and scalar mapping on UTF-8 buffers.
public enum UTF8Search {
    /// The offset of the first occurrence of `needle` in `haystack`.
    @inlinable
    public static func first(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        let m = needle.count
        if m == 0 { return start }
        guard haystack.count >= m + start else { return nil }
        let lead = needle[0]
        var i = start
        let last = haystack.count - m
        while i <= last {
            if haystack[i] == lead {
                var j = 1
                while j < m && haystack[i + j] == needle[j] { j += 1 }
                if j == m { return i }
            }
            i += 1
        }
        return nil
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

    /// The text with every scalar passed through `transform` (nil drops it), without building
    /// `Character`s. A mapped scalar must not need more UTF-8 bytes than the original.
    @inlinable
    public static func mapScalars<S: StringProtocol>(_ text: S, _ transform: (UInt32) -> UInt32?) -> String {
        func run(_ input: UnsafeBufferPointer<UInt8>) -> String {
            String(unsafeUninitializedCapacity: input.count) { out in
                var i = 0
                var o = 0
                while i < input.count {
                    let (scalar, length) = decode(input, at: i)
                    i += length
                    if let mapped = transform(scalar) { o = encode(mapped, into: out, at: o) }
                }
                return o
            }
        }
        if let s = text.utf8.withContiguousStorageIfAvailable(run) { return s }
        return Array(text.utf8).withUnsafeBufferPointer(run)
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
