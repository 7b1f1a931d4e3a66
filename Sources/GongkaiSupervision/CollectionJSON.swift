import GongkaiCollection
import GongkaiModel
import GongkaiRendering
import GongkaiStore

/// The collection's JSON documents, the same from the CLI (`--json`) and the API.
public enum CollectionJSON {
    public static func agency(_ a: Agency, level: Int?, into w: inout JSONWriter, key: String? = nil) {
        w.beginObject(key: key)
        w.string(a.id, key: "id")
        w.string(a.name, key: "name")
        w.string(a.parent, key: "parent")
        w.string(a.kind.rawValue, key: "kind")
        w.beginArray(key: "aliases")
        for alias in a.aliases { w.string(alias) }
        w.endArray()
        w.bool(a.sumsChildren, key: "sums_children")
        if let level { w.int(level, key: "level") }
        w.endObject()
    }

    public static func register(_ r: Register, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginArray()
        for a in r.agencies { agency(a, level: r.level(of: a.id), into: &w) }
        w.endArray()
        return w.output
    }

    static func counts(_ c: FindingCounts, into w: inout JSONWriter) {
        w.int(c.errors, key: "errors")
        w.int(c.warnings, key: "warnings")
        w.int(c.doubts, key: "reading_doubts")
    }

    /// `collection status`: one object per agency.
    public static func status(_ rows: [AgencyStatus], year: Int, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginArray()
        for s in rows {
            w.beginObject()
            w.string(s.agency.id, key: "agency_id")
            w.string(s.agency.name, key: "name")
            w.string(s.agency.parent, key: "parent")
            w.int(s.level, key: "level")
            w.int(year, key: "year")
            w.string(s.state.rawValue, key: "state")
            w.string(s.state.label, key: "state_label")
            w.bool(s.received, key: "received")
            w.int(s.version, key: "version")
            w.int(s.versions, key: "versions")
            counts(s.counts, into: &w)
            w.int(s.pending, key: "pending_review")
            w.bool(s.received && s.pending == 0, key: "reviewed")
            w.string(s.file, key: "file")
            if let f = s.failure { w.string(f, key: "failure") }
            w.endObject()
        }
        w.endArray()
        return w.output
    }

    /// `collection missing`: the agencies with no report.
    public static func missing(_ rows: [AgencyStatus], year: Int, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginArray()
        for s in rows {
            w.beginObject()
            w.string(s.agency.id, key: "agency_id")
            w.string(s.agency.name, key: "name")
            w.string(s.agency.parent, key: "parent")
            w.string(s.agency.kind.rawValue, key: "kind")
            w.int(s.level, key: "level")
            w.int(year, key: "year")
            w.string(s.state == .failed ? "failed" : "missing", key: "reason")
            if let f = s.failure { w.string(f, key: "failure") }
            w.endObject()
        }
        w.endArray()
        return w.output
    }

    public static func finding(_ f: CollectionFinding, review: CollectionStore.Review?, into w: inout JSONWriter) {
        w.beginObject()
        w.string(f.rule, key: "rule")
        w.string(f.severity.rawValue, key: "severity")
        w.string(f.findingClass.rawValue, key: "class")
        w.string(f.message, key: "message")
        w.beginArray(key: "cells")
        for c in f.cells { w.string(c) }
        w.endArray()
        w.raw(f.expected.map { ReportNumber(parsing: $0) != nil ? $0 : JSONWriter.quoted($0) } ?? "null", key: "expected")
        w.raw(f.actual.map { ReportNumber(parsing: $0) != nil ? $0 : JSONWriter.quoted($0) } ?? "null", key: "actual")
        w.string(f.at, key: "at")
        if let o = f.origin { w.string(o, key: "origin") }
        w.int(f.cause, key: "cause")
        if let other = f.other {
            w.beginObject(key: "other")
            w.string(other.agencyID, key: "agency_id")
            w.string(other.agency, key: "agency")
            w.int(other.year, key: "year")
            w.int(other.version, key: "version")
            w.beginArray(key: "cells")
            for c in f.otherCells { w.string(c) }
            w.endArray()
            w.endObject()
        }
        w.string(f.fingerprint, key: "fingerprint")
        if let r = review {
            w.beginObject(key: "review")
            w.string(r.decision.rawValue, key: "decision")
            w.string(r.comment, key: "comment")
            w.string(r.actor, key: "by")
            w.string(r.at, key: "at")
            w.endObject()
        } else {
            w.raw("null", key: "review")
        }
        w.endObject()
    }

    /// `collection findings`: one object per report with its findings.
    public static func findings(_ entries: [FindingsEntry], indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginArray()
        for e in entries {
            w.beginObject()
            w.string(e.agencyID, key: "agency_id")
            w.string(e.agency, key: "agency")
            w.int(e.year, key: "year")
            w.int(e.version, key: "version")
            w.string(e.file, key: "file")
            w.beginArray(key: "findings")
            for f in e.findings { finding(f, review: e.reviews[f.fingerprint], into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        return w.output
    }

    public static func measures(_ this: MeasureTotals, last: MeasureTotals, into w: inout JSONWriter, key: String = "measures") {
        w.beginArray(key: key)
        for m in Measure.all {
            w.beginObject()
            w.string(m.id, key: "id")
            w.string(m.name, key: "name")
            w.string(m.formula, key: "formula")
            w.beginArray(key: "cells")
            for c in m.sourceCells { w.string(c.rawValue) }
            w.endArray()
            let v = this.value(of: m), p = last.value(of: m)
            w.raw(v.map { "\($0)" } ?? "null", key: "value")
            w.raw(p.map { "\($0)" } ?? "null", key: "last_year")
            w.raw(v.flatMap { v in p.map { "\(((v - $0) * 10).rounded() / 10)" } } ?? "null", key: "change")
            w.string(m.isRate ? "%" : "件", key: "unit")
            w.endObject()
        }
        w.endArray()
    }

    /// `collection measures --json`: an agency's (or its subtree's) measures with last year's.
    public static func measures(agencyID: String, year: Int, subtree: Bool, this: MeasureTotals, last: MeasureTotals) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.string(agencyID, key: "agency_id")
        w.int(year, key: "year")
        w.bool(subtree, key: "subtree")
        w.int(this.reports, key: "reports")
        measures(this, last: last, into: &w)
        w.endObject()
        return w.output
    }

    public static func comparison(_ c: Collection.Comparison, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginObject()
        agency(c.agency, level: nil, into: &w, key: "agency")
        w.beginArray(key: "years")
        for (y, v) in zip(c.years, c.versions) {
            w.beginObject()
            w.int(y, key: "year")
            w.int(v, key: "version")
            measures(c.measures[y] ?? MeasureTotals(), last: c.measures[y - 1] ?? MeasureTotals(), into: &w)
            w.beginArray(key: "cross_findings")
            for f in c.crossFindings[y] ?? [] { finding(f, review: nil, into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.beginArray(key: "cells")
        for r in c.rows {
            w.beginObject()
            w.string(r.cell.rawValue, key: "cell")
            w.string(r.label, key: "label")
            w.beginArray(key: "values")
            for v in r.values { w.raw(v.map(CellsDocument.json) ?? "null") }
            w.endArray()
            w.bool(r.differs, key: "differs")
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }
}

extension CollectionJSON {
    /// What a batch came to.
    public static func summary(_ s: Collection.Summary, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginObject()
        w.int(s.stored, key: "stored")
        w.int(s.known, key: "known")
        w.int(s.queued, key: "queued")
        for (key, list) in [("unassigned", s.unassigned), ("failed", s.failed), ("skipped", s.skipped)] {
            w.beginArray(key: key)
            for item in list {
                w.beginObject()
                w.string(item.path, key: "file")
                w.string(item.reason, key: "reason")
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        return w.output
    }

    /// The reports waiting for an agency or a year.
    public static func unassigned(_ rows: [CollectionStore.StoredReport], indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginArray()
        for r in rows {
            w.beginObject()
            w.int(r.rowID, key: "id")
            w.string(r.path, key: "file")
            w.string(r.namedAgency, key: "named_agency")
            w.int(r.year, key: "year")
            w.string(r.reason, key: "reason")
            w.string(r.collectedAt, key: "collected_at")
            w.endObject()
        }
        w.endArray()
        return w.output
    }
}
