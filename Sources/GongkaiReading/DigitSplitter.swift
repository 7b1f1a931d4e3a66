import GongkaiModel

/// Recovers the cells of a row whose numbers were printed without separators
/// (`规范性文件898989`, `640020470`): every split of the digit strings into the row's cells is
/// tried; a split is taken only when it is the only one the row's structure and identities admit.
enum DigitSplitter {
    enum Outcome: Equatable {
        /// The one admissible split; `fused` is false when the printed separators already gave it.
        case unique([String], fused: Bool)
        /// No split, or several, are admissible; up to a handful of candidates are kept.
        case ambiguous([[String]])
    }

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
        var results: [[String]] = []
        var current: [String] = []
        var overflow = false
        func recurse(_ pieceIndex: Int) {
            if overflow { return }
            if pieceIndex == pieces.count {
                if current.count == count { results.append(current) }
                if results.count > 5000 { overflow = true }
                return
            }
            let piece = Array(pieces[pieceIndex])
            let remainingPieces = pieces.count - pieceIndex - 1
            let slotsLeft = count - current.count - remainingPieces
            guard slotsLeft >= 1 else { return }
            func cut(_ start: Int) {
                if start == piece.count { recurse(pieceIndex + 1); return }
                if count - current.count - remainingPieces < 1 { return }
                for end in (start + 1)...piece.count {
                    let part = String(piece[start..<end])
                    guard isValid(Substring(part), decimal: allowsDecimal(current.count)) else { continue }
                    current.append(part)
                    cut(end)
                    current.removeLast()
                    if overflow { return }
                }
            }
            cut(0)
        }
        recurse(0)
        if results.count == 1 { return .unique(results[0], fused: true) }
        guard let identity, !overflow else { return .ambiguous(Array(results.prefix(64))) }
        let admissible = results.filter { split in
            let numbers = split.compactMap { ReportNumber(parsing: $0) }
            return numbers.count == split.count && identity(numbers)
        }
        if admissible.count == 1 { return .unique(admissible[0], fused: true) }
        return .ambiguous(Array((admissible.isEmpty ? results : admissible).prefix(64)))
    }

    /// A printed number: no leading zero (but `0` and `0.5`), a point only where decimals are allowed.
    static func isValid(_ part: Substring, decimal: Bool) -> Bool {
        guard let first = part.first, first != "." , part.last != "." else { return false }
        let points = part.filter { $0 == "." }.count
        if points > 1 || (points == 1 && !decimal) { return false }
        if first == "0" && part.count > 1 && part.dropFirst().first != "." { return false }
        return part.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
    }
}
