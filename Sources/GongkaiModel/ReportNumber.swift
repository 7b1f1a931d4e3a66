/// An exact decimal number as a report prints it (`0`, `+19`, `-18`, `96171.6`, `24252.311082`).
///
/// Stored as a scaled integer so that sums are exact and the number prints back as printed
/// (a leading `+` is not kept; trailing zeros after the point are).
public struct ReportNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The digits as an integer: `96171.6` is `961716` with `scale` 1.
    public var units: Int64
    /// How many digits stand after the decimal point.
    public var scale: Int

    @inlinable
    public init(units: Int64, scale: Int = 0) {
        self.units = units
        self.scale = scale
    }

    public init(_ integer: Int) { self.init(units: Int64(integer)) }

    /// Parses `123`, `+19`, `-18`, `96171.6`, `1,234` (thousands separators); nil for anything else.
    @inlinable
    public init?(parsing text: some StringProtocol) {
        guard let parsed = text.withUTF8Bytes(Self.parse) else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of a number (see `init(parsing:)`).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ReportNumber? {
        var negative = false
        var units: Int64 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        var index = 0
        for byte in bytes {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "+") where index == 0: continue
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (m, o1) = units.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                units = s
                digits += 1
                if seenPoint { scale += 1 }
            case UInt8(ascii: ".") where !seenPoint && digits > 0: seenPoint = true
            case UInt8(ascii: ","): if seenPoint || digits == 0 { return nil }
            default: return nil
            }
        }
        guard digits > 0, !(seenPoint && scale == 0) else { return nil }
        return ReportNumber(units: negative ? -units : units, scale: scale)
    }

    public static let zero = ReportNumber(units: 0)

    @inlinable
    public var isInteger: Bool {
        if scale == 0 { return true }
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        return units % divisor == 0
    }

    @inlinable
    public var isNegative: Bool { units < 0 }
    @inlinable
    public var isZero: Bool { units == 0 }

    /// The value as a Double, for display and plausibility only, never for arithmetic rules.
    /// The nearest `Double` (parsed from the decimal digits, so that it prints back as them).
    public var doubleValue: Double {
        Double(description)
            ?? {
                var d = Double(units)
                for _ in 0..<scale { d /= 10 }
                return d
            }()
    }

    @inlinable
    func rescaled(to newScale: Int) -> Int64 {
        var u = units
        for _ in scale..<newScale { u = u &* 10 }
        return u
    }

    @inlinable
    public static func + (lhs: ReportNumber, rhs: ReportNumber) -> ReportNumber {
        let s = max(lhs.scale, rhs.scale)
        return ReportNumber(units: lhs.rescaled(to: s) &+ rhs.rescaled(to: s), scale: s)
    }

    @inlinable
    public static func - (lhs: ReportNumber, rhs: ReportNumber) -> ReportNumber {
        let s = max(lhs.scale, rhs.scale)
        return ReportNumber(units: lhs.rescaled(to: s) &- rhs.rescaled(to: s), scale: s)
    }

    @inlinable
    public static func == (lhs: ReportNumber, rhs: ReportNumber) -> Bool {
        let s = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: s) == rhs.rescaled(to: s)
    }

    public func hash(into hasher: inout Hasher) {
        var u = units
        var s = scale
        while s > 0 && u % 10 == 0 {
            u /= 10
            s -= 1
        }
        hasher.combine(u)
        hasher.combine(s)
    }

    @inlinable
    public static func < (lhs: ReportNumber, rhs: ReportNumber) -> Bool {
        let s = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: s) < rhs.rescaled(to: s)
    }

    /// The number as a JSON number / as printed: `96171.6`, `-18`, `0`.
    public var description: String {
        if scale == 0 { return String(units) }
        let negative = units < 0
        var digits = String(negative ? -units : units)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int64.self) {
            self.init(units: int)
        } else {
            let double = try container.decode(Double.self)
            guard let parsed = ReportNumber(parsing: "\(double)") else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal number")
            }
            self = parsed
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if scale == 0 { try container.encode(units) } else { try container.encode(doubleValue) }
    }
}

extension Sequence where Element == ReportNumber {
    /// The exact sum of the numbers.
    @inlinable
    public func sum() -> ReportNumber { reduce(ReportNumber.zero, +) }
}
