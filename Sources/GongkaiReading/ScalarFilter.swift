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
