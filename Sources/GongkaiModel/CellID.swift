/// The stable id of one table cell (`table.row.column`, see Docs/Cells.md), e.g. `t3.new.total`.
///
/// The parts are split once when the id is made, so `table`, `row` and `column` cost nothing.
public struct CellID: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String
    /// UTF-8 offsets of the first and last dots (the end of the id when there are none); the
    /// parts are sliced on use so that an id is one string to copy and hash.
    private let firstDot: Int
    private let lastDot: Int
    /// FNV-1a of the id's bytes, computed once: ids are hashed on every cell lookup, and
    /// feeding the hasher one word instead of the string's bytes halves a lookup's cost.
    private let digest: Int
    /// The table the id belongs to (`t2`, `t3`, `t4`), found once; nil for any other prefix.
    public let tableID: TableID?

    /// `t2`, `t3` or `t4`.
    public var table: Substring { slice(0, firstDot) }
    /// The row part: `new`, `denied.third_party`, `review`.
    public var row: Substring {
        let end = rawValue.utf8.count
        if firstDot == end { return slice(end, end) }
        return slice(firstDot + 1, lastDot == firstDot ? end : lastDot)
    }
    /// The column part: `natural`, `total`, `issued`.
    public var column: Substring {
        let end = rawValue.utf8.count
        if firstDot == end { return slice(end, end) }
        return slice((lastDot == firstDot ? firstDot : lastDot) + 1, end)
    }

    /// Whether `other` names a cell of the same row of the same table (`t3.new.natural` and
    /// `t3.new.total`), compared on the ids' bytes without cutting their parts.
    public func isInSameRow(as other: CellID) -> Bool {
        let end = rowEnd
        guard end == other.rowEnd else { return false }
        return rawValue.withUTF8Bytes { a in
            other.rawValue.withUTF8Bytes { b in UTF8Search.equal(a, from: 0, UnsafeBufferPointer(rebasing: b[..<end])) }
        }
    }

    /// The UTF-8 offset where the table and row parts end.
    private var rowEnd: Int { lastDot == firstDot ? rawValue.utf8.count : lastDot }

    private func slice(_ from: Int, _ to: Int) -> Substring {
        let u = rawValue.utf8
        return rawValue[u.index(u.startIndex, offsetBy: from)..<u.index(u.startIndex, offsetBy: to)]
    }

    public init(rawValue: String) {
        self.rawValue = rawValue
        // One pass over the bytes finds the dots and the digest (ids made from literals are
        // made on many lookups).
        var (first, last, h) = (-1, -1, Self.fnvBasis)
        let table: TableID? = rawValue.withUTF8Bytes { b in
            for (i, byte) in b.enumerated() {
                if byte == UInt8(ascii: ".") {
                    if first < 0 { first = i }
                    last = i
                }
                h = (h ^ UInt64(byte)) &* Self.fnvPrime
            }
            if first < 0 { (first, last) = (b.count, b.count) }
            // `t2`, `t3`, `t4`: the only table prefixes.
            guard first == 2, b[0] == UInt8(ascii: "t") else { return nil }
            switch b[1] {
            case UInt8(ascii: "2"): return .t2
            case UInt8(ascii: "3"): return .t3
            case UInt8(ascii: "4"): return .t4
            default: return nil
            }
        }
        firstDot = first
        lastDot = last
        digest = Int(truncatingIfNeeded: h)
        tableID = table
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(_ table: String, _ row: String, _ column: String) {
        // Built in one allocation from the parts' bytes (three appends cost ten times more).
        let t = table.utf8.count, r = row.utf8.count, c = column.utf8.count
        let raw = String(unsafeUninitializedCapacity: t + r + c + 2) { out in
            var o = 0
            func put(_ part: String) {
                for byte in part.utf8 {
                    out[o] = byte
                    o += 1
                }
            }
            put(table)
            out[o] = UInt8(ascii: ".")
            o += 1
            put(row)
            out[o] = UInt8(ascii: ".")
            o += 1
            put(column)
            return o
        }
        // The dots, digest and table are found by the one scan every id is made with.
        self.init(rawValue: raw)
    }

    private static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func == (lhs: CellID, rhs: CellID) -> Bool { lhs.digest == rhs.digest && lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// The hash value sets and dictionaries use, with their per-table `seed`: the stored digest
    /// mixed with the seed by SplitMix64's finalizer instead of a `Hasher` (SipHash) run. A
    /// report's reading and checking look cells up about a thousand times, and the `Hasher`
    /// cost more than the rest of each lookup. Equal ids have equal digests, so equal hashes.
    public func _rawHashValue(seed: Int) -> Int { SeededHash.mix(digest, seed: seed) }

    public var description: String { rawValue }
    public static func < (lhs: CellID, rhs: CellID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The hash sets and dictionaries use for a value already reduced to one word: the word mixed
/// with the table's seed by SplitMix64's finalizer, instead of a `Hasher` (SipHash) run over it.
enum SeededHash {
    @inline(__always)
    static func mix(_ value: Int, seed: Int) -> Int {
        var z = UInt64(bitPattern: Int64(value ^ seed)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }
}
