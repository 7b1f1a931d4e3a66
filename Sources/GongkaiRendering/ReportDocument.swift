import GongkaiModel

/// The whole typed report as JSON: metadata, sections with their text, every cell with its raw
/// text, source span and provenance, and the reader's notes.
public enum ReportDocument {
    public static func render(_ report: Report, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginObject()
        CellsDocument.write(report, into: &w)
        w.string(report.source.rawValue, key: "source")
        w.string(report.title, key: "title")
        w.string(report.publicationDate?.description, key: "publicationDate")
        w.bool(report.singleOtherHandlingRow, key: "singleOtherHandlingRow")
        w.beginArray(key: "sections")
        for s in report.sections {
            w.beginObject()
            w.int(s.kind.rawValue, key: "number")
            w.string(s.heading, key: "heading")
            span(s.headingSpan, key: "at", &w)
            w.string(s.text, key: "text")
            w.endObject()
        }
        w.endArray()
        w.beginArray(key: "tables")
        for t in TableID.allCases where report.tablesFound.contains(t) { w.string(t.rawValue) }
        w.endArray()
        w.beginObject(key: "cellDetails")
        for id in report.templateCellIDs {
            guard let cell = report.cells[id] else { continue }
            w.beginObject(key: id.rawValue)
            w.raw(CellsDocument.json(cell.value), key: "value")
            w.string(cell.raw, key: "raw")
            if let u = cell.unit { w.string(u, key: "unit") }
            if let s = cell.span { span(s, key: "at", &w) }
            if let o = cell.origin { origin(o, key: "origin", &w) }
            w.string(provenance(cell.provenance), key: "provenance")
            w.endObject()
        }
        w.endObject()
        w.beginArray(key: "readingNotes")
        for note in report.notes {
            w.beginObject()
            w.string(note.kind.rawValue, key: "kind")
            w.string(note.message, key: "message")
            w.beginArray(key: "cells")
            for c in note.cells { w.string(c.rawValue) }
            w.endArray()
            if let s = note.span { span(s, key: "at", &w) }
            if !note.candidates.isEmpty {
                w.beginArray(key: "candidates")
                for c in note.candidates {
                    w.beginArray()
                    for v in c { w.string(v) }
                    w.endArray()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }

    static func provenance(_ p: CellProvenance) -> String {
        switch p {
        case .read: "read"
        case .placed: "placed"
        case .recovered: "recovered"
        }
    }

    /// An origin as `{"path": "/html[1]/body[1]/…/td[3]", "sourceLine": 57}` or `{"path": "page 3", "page": 3}`.
    public static func origin(_ o: SourceOrigin, key: String?, _ w: inout JSONWriter) {
        w.beginObject(key: key)
        w.string(o.path, key: "path")
        if let l = o.sourceLine { w.int(l, key: "sourceLine") }
        if let p = o.page { w.int(p, key: "page") }
        if let c = o.confidence { w.raw("\((c * 10).rounded() / 10)", key: "confidence") }
        w.endObject()
    }

    /// A span as `{"line": 3, "column": 5, "endColumn": 9}`.
    public static func span(_ s: SourceSpan, key: String?, _ w: inout JSONWriter) {
        w.beginObject(key: key)
        w.int(s.line, key: "line")
        w.int(s.column, key: "column")
        w.int(s.endColumn, key: "endColumn")
        w.endObject()
    }
}
