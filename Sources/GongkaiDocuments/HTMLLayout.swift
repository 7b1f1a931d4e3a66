internal import CLibXML2
import GongkaiModel
import GongkaiReading

/// Lays out a saved web page: paragraphs and headings become lines, each table row becomes one
/// line with its cells separated by tabs (cells covered by a `rowspan` are not repeated, a
/// `colspan` cell is one piece, text inside a cell — nested `<span>`, `<p>`, `<br>` — is joined).
/// Scripts, styles, the head and site chrome outside the text are dropped; a layout table (one
/// whose cells hold tables) is walked as blocks. The charset comes from the page (`<meta charset>`,
/// GBK/GB2312 included) through libxml2's HTML parser.
enum HTMLLayout {
    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer",
        "nav", "center", "blockquote", "pre", "dl", "dt", "dd", "hr", "form", "caption", "title", "body", "main", "aside",
        "figure", "figcaption", "address", "fieldset", "table", "tr",
    ]

    /// Whether an element's text is not the page's text (script, style, head, noscript, iframe,
    /// template, svg, select, button, object), told from libxml2's name bytes (ASCII, any case)
    /// without making a string: every element inside every table cell is asked.
    static func isSkipped(_ node: XMLNodeRef) -> Bool {
        guard node.isElement, let name = node.node.pointee.name else { return false }
        // The skipped names begin with b, h, i, n, o, s or t; most elements in a cell (span, p,
        // font, br) are told by their first byte.
        switch name[0] | 0x20 {
        case UInt8(ascii: "b"): return node.isElement(named: "button")
        case UInt8(ascii: "h"): return node.isElement(named: "head")
        case UInt8(ascii: "i"): return node.isElement(named: "iframe")
        case UInt8(ascii: "n"): return node.isElement(named: "noscript")
        case UInt8(ascii: "o"): return node.isElement(named: "object")
        case UInt8(ascii: "s"):
            return node.isElement(named: "script") || node.isElement(named: "style") || node.isElement(named: "svg")
                || node.isElement(named: "select")
        case UInt8(ascii: "t"): return node.isElement(named: "template")
        default: return false
        }
    }

    static func layOut(_ bytes: [UInt8]) throws(ReadError) -> LaidOutText {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), "page.html", nil, options)
            }
        }
        guard let doc = parsed, let root = xmlDocGetRootElement(doc) else {
            throw .damaged(kind: "HTML", reason: "libxml2 found no document element")
        }
        defer { xmlFreeDoc(doc) }
        var walker = Walker()
        let top = XMLNodeRef(node: root)
        walker.walk(top, path: "".appendingPathStep(top.name, top.siblingIndex))
        walker.flush()
        return walker.output
    }

    struct Walker {
        var output = LaidOutText(source: .html)
        /// The UTF-8 of the text met since the last block boundary.
        var current: [UInt8] = []
        var currentOrigin: SourceOrigin?
        /// The bytes of the cell being read, kept from cell to cell so that a cell allocates none.
        var cellBytes: [UInt8] = []

        mutating func flush() {
            let text = current.withUnsafeBufferPointer(collapsedWhiteSpace(bytes:))
            if !text.isEmpty { output.append(.init(text, origin: currentOrigin)) }
            current.removeAll(keepingCapacity: true)
            currentOrigin = nil
        }

        mutating func walk(_ node: XMLNodeRef, path: String) {
            if node.isText {
                if currentOrigin == nil { currentOrigin = SourceOrigin(path: path, sourceLine: node.line) }
                node.appendContent(to: &current)
                return
            }
            guard node.isElement else { return }
            let name = node.name.asciiLowercased
            if HTMLLayout.isSkipped(node) { return }
            if name == "br" { flush(); return }
            if name == "table" && !isLayoutTable(node) {
                flush()
                table(node, path: path)
                return
            }
            let isBlock = HTMLLayout.blocks.contains(name) || name == "td" || name == "th"
            if isBlock { flush() }
            var steps = PathSteps()
            for child in node.children {
                guard child.isElement else {
                    walk(child, path: path)
                    continue
                }
                let name = child.name
                walk(child, path: path.appendingPathStep(name, steps.index(of: name)))
            }
            if isBlock { flush() }
        }

        /// A table whose cells hold tables lays out the page rather than data.
        func isLayoutTable(_ table: XMLNodeRef) -> Bool {
            rows(of: table, path: nil).contains { row in
                row.node.children.contains { isCell($0) && $0.contains("table") }
            }
        }

        func isCell(_ node: XMLNodeRef) -> Bool { node.isElement(named: "td") || node.isElement(named: "th") }

        /// The rows of a table, through thead/tbody/tfoot, not those of nested tables, with
        /// their element paths below `path` (empty when `path` is nil: none are made).
        func rows(of table: XMLNodeRef, path: String?) -> [(node: XMLNodeRef, path: String)] {
            var out: [(XMLNodeRef, String)] = []
            for (child, name, index) in table.elementChildren {
                let n = name.asciiLowercased
                if n == "tr" {
                    out.append((child, path?.appendingPathStep(name, index) ?? ""))
                } else if n == "thead" || n == "tbody" || n == "tfoot" {
                    let p = path?.appendingPathStep(name, index)
                    for (row, rowName, rowIndex) in child.elementChildren where rowName.asciiLowercased == "tr" {
                        out.append((row, p?.appendingPathStep(rowName, rowIndex) ?? ""))
                    }
                }
            }
            return out
        }

        mutating func table(_ table: XMLNodeRef, path: String) {
            for (child, name, index) in table.elementChildren where name.asciiLowercased == "caption" {
                walk(child, path: path.appendingPathStep(name, index))
                flush()
            }
            for (row, rowPath) in rows(of: table, path: path) {
                var pieces: [String] = []
                var origins: [SourceOrigin?] = []
                pieces.reserveCapacity(8)
                origins.reserveCapacity(8)
                for (cell, name, index) in row.elementChildren where isCell(cell) {
                    // White space is collapsed, tabs included: a cell's text holds none.
                    pieces.append(cellText(cell))
                    origins.append(SourceOrigin(path: rowPath.appendingPathStep(name, index), sourceLine: cell.line))
                }
                // A row of empty cells is kept (a blank form's value row), as in DOCX.
                if !pieces.isEmpty { output.append(.init(pieces: pieces, origins: origins)) }
            }
        }

        /// A cell's text: its descendants' text joined, line breaks inside the cell dropped
        /// (`本年新<br>制作数量` is one header), white space collapsed.
        mutating func cellText(_ node: XMLNodeRef) -> String {
            cellBytes.removeAll(keepingCapacity: true)
            node.appendText(to: &cellBytes, skipping: HTMLLayout.isSkipped)
            return cellBytes.withUnsafeBufferPointer(collapsedWhiteSpace(bytes:))
        }
    }
}
