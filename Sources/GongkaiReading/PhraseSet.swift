import GongkaiModel

/// A fixed list of up to 64 phrases, each beginning with a three-byte character (as Chinese
/// phrases do), found in one pass over a text. The phrases are filed by the low ten bits of
/// their first character's three UTF-8 bytes: most characters of a text find an empty bucket
/// and are passed over, and a phrase is compared only where a character of its bucket stands.
/// Searching for each phrase in turn costs a pass over the text per phrase.
struct PhraseSet {
    let phrases: [[UInt8]]
    /// For each bucket (the low ten bits of a first character), the phrases filed in it: bit k
    /// for phrase k.
    private let buckets: [UInt64]

    init(_ phrases: [String]) {
        precondition(phrases.count <= 64, "a PhraseSet holds at most 64 phrases")
        self.phrases = phrases.map { Array($0.utf8) }
        var buckets = [UInt64](repeating: 0, count: 1024)
        for (k, p) in self.phrases.enumerated() {
            precondition(p.count >= 3 && p[0] >= 0xE0 && p[0] < 0xF0, "a phrase must begin with a three-byte character")
            buckets[Self.bucket(p[0], p[1], p[2])] |= 1 << UInt64(k)
        }
        self.buckets = buckets
    }

    @inline(__always)
    private static func bucket(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Int {
        Int(UInt32(b0) << 16 | UInt32(b1) << 8 | UInt32(b2)) & 0x3FF
    }

    /// Which phrases occur in the bytes: bit k for phrase k.
    func occurring(in b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = b.baseAddress else { return 0 }
        return buckets.withUnsafeBufferPointer { buckets in
            var found: UInt64 = 0
            let end = b.count - 2
            var i = 0
            while i < end {
                let lead = base[i]
                guard lead >= 0xE0 && lead < 0xF0 else {
                    i += 1
                    continue
                }
                var candidates = buckets[Self.bucket(lead, base[i + 1], base[i + 2])] & ~found
                while candidates != 0 {
                    let k = candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    if phrases[k].withUnsafeBufferPointer({ UTF8Search.equal(b, from: i, $0) }) { found |= 1 << UInt64(k) }
                }
                i += 3
            }
            return found
        }
    }

    /// Which phrases occur in the text: bit k for phrase k.
    func occurring(in text: some StringProtocol) -> UInt64 { text.withUTF8Bytes(occurring(in:)) }
}
