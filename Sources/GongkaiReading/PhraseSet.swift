import GongkaiModel

/// A fixed list of up to 64 phrases, each beginning with a three-byte character (as Chinese
/// phrases do), found in one pass over a text. The phrases are filed by the low ten bits of
/// their first character's three UTF-8 bytes: most characters of a text find an empty bucket
/// and are passed over, and a phrase is compared only where a character of its bucket stands.
/// Searching for each phrase in turn costs a pass over the text per phrase.
struct PhraseSet {
    /// The phrases' UTF-8, one after another; phrase k is `bytes[ranges[k]]`. One flat buffer,
    /// so that comparing a phrase retains no array of its own.
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]
    /// For each bucket (the low ten bits of a first character), the phrases filed in it: bit k
    /// for phrase k.
    private let buckets: [UInt64]

    init(_ phrases: [String]) {
        precondition(phrases.count <= 64, "a PhraseSet holds at most 64 phrases")
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var buckets = [UInt64](repeating: 0, count: 1024)
        for (k, phrase) in phrases.enumerated() {
            let p = Array(phrase.utf8)
            precondition(p.count >= 3 && p[0] >= 0xE0 && p[0] < 0xF0, "a phrase must begin with a three-byte character")
            buckets[Self.bucket(p[0], p[1], p[2])] |= 1 << UInt64(k)
            ranges.append(bytes.count..<(bytes.count + p.count))
            bytes += p
        }
        self.bytes = bytes
        self.ranges = ranges
        self.buckets = buckets
    }

    @inline(__always)
    private static func bucket(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Int {
        Int(UInt32(b0) << 16 | UInt32(b1) << 8 | UInt32(b2)) & 0x3FF
    }

    /// Which phrases occur in the bytes: bit k for phrase k.
    func occurring(in b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { phrases in
            ranges.withUnsafeBufferPointer { ranges in
                buckets.withUnsafeBufferPointer { buckets in
                    Self.occurring(in: b, phrases: phrases, ranges: ranges, buckets: buckets)
                }
            }
        }
    }

    private static func occurring(
        in b: UnsafeBufferPointer<UInt8>, phrases: UnsafeBufferPointer<UInt8>,
        ranges: UnsafeBufferPointer<Range<Int>>, buckets: UnsafeBufferPointer<UInt64>
    ) -> UInt64 {
        guard let base = b.baseAddress else { return 0 }
        var found: UInt64 = 0
        let end = b.count - 2
        var i = 0
        while i < end {
            let lead = base[i]
            guard lead >= 0xE0 && lead < 0xF0 else {
                i += 1
                continue
            }
            var candidates = buckets[bucket(lead, base[i + 1], base[i + 2])] & ~found
            while candidates != 0 {
                let k = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                if UTF8Search.equal(b, from: i, UnsafeBufferPointer(rebasing: phrases[ranges[k]])) { found |= 1 << UInt64(k) }
            }
            i += 3
        }
        return found
    }

    /// Which phrases occur in the text: bit k for phrase k.
    func occurring(in text: some StringProtocol) -> UInt64 { text.withUTF8Bytes(occurring(in:)) }
}
