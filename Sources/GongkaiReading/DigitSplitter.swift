import GongkaiModel

/// Recovers the cells of a row whose numbers were printed without separators
/// (`规范性文件898989`, `640020470`): every split of the digit strings into the row's cells is
/// tried; a split is taken only when it is the only one the row's structure and identities admit.
///
/// The search works on the digit bytes and builds each part's number as it cuts, so that the
/// tens of thousands of splits of a long table-四 string cost microseconds, not milliseconds.
enum DigitSplitter {
    enum Outcome: Equatable {
        /// The one admissible split; `fused` is false when the printed separators already gave it.
        case unique([String], fused: Bool)
        /// No split, or several, are admissible; up to a handful of candidates are kept.
        case ambiguous([[String]])
    }

    /// How many structurally valid splits are enumerated before the search gives up.
    static let maximumSplits = 5000
    /// How many cuts the search may try in all, dead ends included: garbled digit strings admit
    /// few whole splits but exponentially many partial ones. A row whose search runs out is
    /// left unread (ambiguous), with its reading note.
    static let maximumCuts = 200_000

    /// Splits `pieces` (digit strings, separated in the source by spaces) into `count` numbers.
    /// `allowsDecimal(i)` tells whether cell i may hold a decimal; `identity` is the row's
    /// arithmetic rule, used only to choose among several structurally valid splits.
    static func split(
        _ pieces: [String], into count: Int, allowsDecimal: (Int) -> Bool,
        identity: (([ReportNumber]) -> Bool)?
    ) -> Outcome {
        if pieces.count == count, pieces.enumerated().allSatisfy({ isValid(Substring($0.element), decimal: allowsDecimal($0.offset)) }) {
            return .unique(pieces, fused: false)
        }
        var search = Search(
            bytes: pieces.map { Array($0.utf8) }, count: count, decimals: (0..<count).map(allowsDecimal), identity: identity)
        search.cut(0, 0)
        let bytes = search.bytes
        /// The parts' text of each split kept in `splits`, one after another.
        func texts(_ splits: [(Int, Int, Int)]) -> [[String]] {
            stride(from: 0, to: splits.count, by: count).map { first in
                splits[first..<(first + count)].map { String(decoding: bytes[$0.0][$0.1..<$0.2], as: UTF8.self) }
            }
        }
        if search.splitCount == 1 { return .unique(texts(search.firstSplits)[0], fused: true) }
        guard identity != nil, !search.overflow else { return .ambiguous(texts(search.firstSplits)) }
        if search.admissibleCount == 1 { return .unique(texts(search.admissibleSplits)[0], fused: true) }
        return .ambiguous(texts(search.admissibleCount == 0 ? search.firstSplits : search.admissibleSplits))
    }

    /// The depth-first search over the cuts of the digit strings. A split is kept as the
    /// (piece, start, end) of each part; the parts and their numbers so far stand in arrays of
    /// the row's length, filled to `depth`, so that going down and back up allocates nothing.
    /// Only the first splits and the first admissible ones are kept (as many as are ever shown),
    /// one after another in one array each; the rest are counted.
    private struct Search {
        static let kept = 64
        let bytes: [[UInt8]]
        let count: Int
        let decimals: [Bool]
        let identity: (([ReportNumber]) -> Bool)?
        /// Digits left from piece p on (to bound the search: each part needs at least one).
        let digitsAfter: [Int]
        var parts: [(Int, Int, Int)]
        var numbers: [ReportNumber]
        var depth = 0
        var splitCount = 0
        var firstSplits: [(Int, Int, Int)] = []
        var admissibleCount = 0
        var admissibleSplits: [(Int, Int, Int)] = []
        var overflow = false
        var cuts = 0

        init(bytes: [[UInt8]], count: Int, decimals: [Bool], identity: (([ReportNumber]) -> Bool)?) {
            self.bytes = bytes
            self.count = count
            self.decimals = decimals
            self.identity = identity
            var after = [Int](repeating: 0, count: bytes.count + 1)
            for p in stride(from: bytes.count - 1, through: 0, by: -1) { after[p] = after[p + 1] + bytes[p].count }
            digitsAfter = after
            parts = Array(repeating: (0, 0, 0), count: count)
            numbers = Array(repeating: ReportNumber(0), count: count)
        }

        /// Cuts piece `p` from byte `start` on into the parts after the first `depth`.
        mutating func cut(_ p: Int, _ start: Int) {
            if overflow { return }
            cuts += 1
            if cuts > maximumCuts {
                overflow = true
                return
            }
            if p == bytes.count {
                if depth == count {
                    splitCount += 1
                    if splitCount <= Self.kept { firstSplits += parts }
                    if let identity, identity(numbers) {
                        admissibleCount += 1
                        if admissibleCount <= Self.kept { admissibleSplits += parts }
                    }
                    if splitCount > maximumSplits { overflow = true }
                }
                return
            }
            let piece = bytes[p]
            if start == piece.count {
                cut(p + 1, 0)
                return
            }
            let cellsLeft = count - depth
            let remainingPieces = bytes.count - p - 1
            // Every later piece needs a part of its own; the rest of this piece needs one too.
            guard cellsLeft >= 1 + remainingPieces else { return }
            let decimal = decimals[depth]
            var units: Int64 = 0
            var scale = 0
            var seenPoint = false
            for end in (start + 1)...piece.count {
                let b = piece[end - 1]
                if b == UInt8(ascii: ".") {
                    guard decimal, !seenPoint, end - 1 > start else { return }
                    seenPoint = true
                } else {
                    let (m, o1) = units.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int64(b &- UInt8(ascii: "0")))
                    if o1 || o2 { return }
                    units = s
                    if seenPoint { scale += 1 }
                }
                // No leading zero except `0` itself and `0.x`.
                if piece[start] == UInt8(ascii: "0"), end - start > 1, piece[start + 1] != UInt8(ascii: ".") { return }
                if b == UInt8(ascii: ".") { continue }  // a part may not end with its point
                // The digits after this part must still give each remaining cell one.
                let digitsLeft = (piece.count - end) + digitsAfter[p + 1]
                if digitsLeft < cellsLeft - 1 { return }
                parts[depth] = (p, start, end)
                numbers[depth] = ReportNumber(units: units, scale: scale)
                depth += 1
                cut(p, end)
                depth -= 1
                if overflow { return }
            }
        }
    }

    /// A printed number: no leading zero (but `0` and `0.5`), a point only where decimals are allowed.
    static func isValid(_ part: Substring, decimal: Bool) -> Bool {
        let u = part.utf8
        guard let first = u.first, first != UInt8(ascii: "."), u.last != UInt8(ascii: ".") else { return false }
        var points = 0
        for b in u {
            if b == UInt8(ascii: ".") {
                points += 1
                continue
            }
            guard b >= 0x30 && b <= 0x39 else { return false }
        }
        if points > 1 || (points == 1 && !decimal) { return false }
        if first == UInt8(ascii: "0") && u.count > 1 && u.dropFirst().first != UInt8(ascii: ".") { return false }
        return true
    }
}
