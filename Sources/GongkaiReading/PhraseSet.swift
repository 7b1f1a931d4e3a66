import GongkaiModel

/// A 1,024-bit filter of a set of values (the first characters of a list of words, as scalars or
/// as their UTF-8 bytes read as one number), by their low ten bits: a value not in the filter is
/// not in the set, so most characters of a text are passed over without looking at the words.
struct ScalarFilter {
    private var bits = [UInt64](repeating: 0, count: 16)

    init(_ values: some Sequence<UInt32>) {
        for value in values {
            let v = Int(value & 0x3FF)
            bits[v >> 6] |= 1 << UInt64(v & 63)
        }
    }

    /// Whether the value may be in the set (false: it certainly is not).
    @inline(__always)
    func mayContain(_ value: UInt32) -> Bool {
        let v = Int(value & 0x3FF)
        return bits[v >> 6] & (1 << UInt64(v & 63)) != 0
    }
}

/// A fixed list of up to 64 phrases, each beginning with a three-byte character (as Chinese
/// phrases do), found in one pass over a text: most characters are passed over by the filter
/// of the phrases' first characters, and a phrase is compared only where its first character
/// stands. Searching for each phrase in turn costs a pass over the text per phrase.
struct PhraseSet {
    let phrases: [[UInt8]]
    /// The first character of each phrase (its three UTF-8 bytes as one number).
    private let heads: [UInt32]
    private let filter: ScalarFilter

    init(_ phrases: [String]) {
        precondition(phrases.count <= 64, "a PhraseSet holds at most 64 phrases")
        self.phrases = phrases.map { Array($0.utf8) }
        heads = self.phrases.map { p in
            precondition(p.count >= 3 && p[0] >= 0xE0 && p[0] < 0xF0, "a phrase must begin with a three-byte character")
            return UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
        }
        filter = ScalarFilter(heads)
    }

    /// Which phrases occur in the bytes: bit k for phrase k.
    func occurring(in b: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
            let head = UInt32(lead) << 16 | UInt32(base[i + 1]) << 8 | UInt32(base[i + 2])
            if filter.mayContain(head) { found |= matches(at: i, head: head, in: b, skipping: found) }
            i += 3
        }
        return found
    }

    /// The phrases not in `skipping` that begin with `head` and stand at `i`.
    private func matches(at i: Int, head: UInt32, in b: UnsafeBufferPointer<UInt8>, skipping: UInt64) -> UInt64 {
        var found: UInt64 = 0
        for k in heads.indices where heads[k] == head && skipping & (1 << UInt64(k)) == 0 {
            if phrases[k].withUnsafeBufferPointer({ UTF8Search.equal(b, from: i, $0) }) { found |= 1 << UInt64(k) }
        }
        return found
    }

    /// Which phrases occur in the text: bit k for phrase k.
    func occurring(in text: some StringProtocol) -> UInt64 { text.withUTF8Bytes(occurring(in:)) }
}
