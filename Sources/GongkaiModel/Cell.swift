/// What a table cell holds.
public enum CellValue: Hashable, Sendable {
    /// A number as printed (sign and decimals kept).
    case number(ReportNumber)
    /// An empty cell, or a placeholder the template does not allow (`-` `/` `—` `无` blank).
    case blank
    /// Text where a number belongs (`见附件`, `不适用`).
    case text(String)

    public var number: ReportNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The value for arithmetic rules: blank counts as 0; text has no value.
    public var arithmeticValue: ReportNumber? {
        switch self {
        case .number(let n): n
        case .blank: .zero
        case .text: nil
        }
    }
}

/// How a cell's value was obtained.
public enum CellProvenance: Hashable, Sendable {
    /// Read as printed, in its row and column.
    case read
    /// Placed by the table's structure where the printed order was lost (values printed before
    /// their row labels, interleaved columns), the placement being the only one the structure admits.
    case placed
    /// Recovered from a fused digit string as the only split that satisfies the table's identities.
    case recovered
}

/// One table cell of a report.
public struct Cell: Hashable, Sendable {
    public var id: CellID
    public var value: CellValue
    /// The cell's text as it stands in the source, trimmed.
    public var raw: String
    /// Where the cell stands in the source.
    public var span: SourceSpan?
    public var provenance: CellProvenance
    /// The unit printed with an amount (`元`, `万元`), if any.
    public var unit: String?
    /// Where the cell came from in a structured document (element path, page, OCR confidence).
    public var origin: SourceOrigin? = nil
}

extension Cell {
    // Declared here, not in the type, so that it can hand over to the memberwise initializer:
    // assigning the properties one by one, the optimizer built the cell twice and copied it
    // (a retain and a release for each of its strings, for every cell read).
    public init(
        id: CellID, value: CellValue, raw: String, span: SourceSpan?,
        provenance: CellProvenance = .read, unit: String? = nil
    ) {
        self.init(id: id, value: value, raw: raw, span: span, provenance: provenance, unit: unit, origin: nil)
    }
}
