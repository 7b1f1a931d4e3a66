internal import CLibXML2
import Foundation
import GongkaiModel
import GongkaiReading

/// Lays out a Word document (`word/document.xml` of the zip): each paragraph a line, each table
/// row a line of tab-separated cells. Cells continuing a vertical merge (`w:vMerge` without
/// `restart`) are left out as HTML leaves out cells under a `rowspan`; a `w:gridSpan` cell is one
/// piece; runs split mid-word are joined; field instructions, deleted text and the fallback copy
/// of text boxes are skipped; text boxes are laid out where they are anchored.
enum DOCXLayout {
    static func layOut(_ bytes: [UInt8]) throws(ReadError) -> LaidOutText {
        let tree = try parse(documentPart(bytes))
        var walker = Walker(tree: tree)
        guard let root = tree.root, let body = walker.child(of: root, .body) else {
            throw .damaged(kind: "DOCX", reason: "word/document.xml has no w:body")
        }
        walker.blocks(body, path: "w:body")
        return walker.output
    }

    /// The elements and text of `word/document.xml`, from libxml2's XML parser's SAX events (no
    /// network, no error output; white space alone between elements dropped, as Word's own
    /// reading drops it); only `w:vMerge`'s `w:val` is kept of the attributes.
    static func parse(_ xml: [UInt8]) throws(ReadError) -> ElementTree {
        xmlInitParser()
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, name, _, _, _, _, attributeCount, _, attributes in
            guard let context, let name else { return }
            let builder = ElementTree.Builder.of(context)
            builder.pointee.start(name, line: ElementTree.Builder.line(context))
            // `w:vMerge w:val="restart"` starts a vertical merge; without it, the cell continues one.
            guard attributeCount > 0, let attributes, xmlStrEqual(name, "vMerge") != 0 else { return }
            // Five pointers an attribute: local name, prefix, URI, value start, value end.
            for k in 0..<Int(attributeCount) {
                guard let local = attributes[5 * k], xmlStrEqual(local, "val") != 0,
                    let start = attributes[5 * k + 3], let end = attributes[5 * k + 4]
                else { continue }
                let value = UnsafeBufferPointer(start: start, count: start.distance(to: end))
                builder.pointee.setValue(String(decoding: value, as: UTF8.self))
            }
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            ElementTree.Builder.of(context).pointee.end()
        }
        handler.characters = ElementTree.Builder.characters
        handler.cdataBlock = ElementTree.Builder.characters
        // Errors are told by the context's `wellFormed`, not printed.
        handler.serror = { _, _ in }
        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, "document.xml") else {
            throw .damaged(kind: "DOCX", reason: "libxml2 could not make a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        let options =
            XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_HUGE.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        xmlCtxtUseOptions(context, Int32(options))
        let tree = ElementTree.Builder.build(byteCount: xml.count, context: context) {
            xml.withUnsafeBytes { raw in
                let chars = raw.bindMemory(to: CChar.self)
                _ = xmlParseChunk(context, chars.baseAddress, Int32(clamping: chars.count), 1)
            }
        }
        guard context.pointee.wellFormed != 0, tree.root != nil else {
            throw .damaged(kind: "DOCX", reason: "word/document.xml is not well-formed XML")
        }
        return tree
    }

    /// The bytes of `word/document.xml`.
    static func documentPart(_ bytes: [UInt8]) throws(ReadError) -> [UInt8] {
        guard let part = try ZipParts(bytes).part(named: "word/document.xml") else {
            throw .damaged(kind: "DOCX", reason: "the zip holds no word/document.xml")
        }
        return part
    }

    /// The WordprocessingML elements the layout tells apart, by local name.
    enum Tag: String {
        case body, p, tbl, tr, tc, tcPr, vMerge, sdt, sdtContent, customXml, smartTag, txbxContent
        case t, tab, ptab, br, cr, noBreakHyphen
        case instrText, delText, del, pPr, rPr, fldData
        case fallback = "Fallback"
        case other
    }

    struct Walker {
        let tree: ElementTree
        /// The tag of each of the tree's names.
        let tags: [Tag]
        /// The path step name (`w:` and the local name) of each of the tree's names.
        let stepNames: [String]
        var output = LaidOutText(source: .docx)
        /// The laid-out text's path part of each element name.
        var nameParts: NamePathParts

        init(tree: ElementTree) {
            self.tree = tree
            tags = tree.names.map { Tag(rawValue: $0) ?? .other }
            stepNames = tree.names.map { "w:" + $0 }
            nameParts = NamePathParts(count: tree.names.count)
        }

        func tag(_ node: Int32) -> Tag {
            let name = tree[node].name
            return name >= 0 ? tags[Int(name)] : .other
        }

        /// The first child element of `node` with tag `tag`.
        func child(of node: Int32, _ tag: Tag) -> Int32? {
            tree.children(of: node).first { self.tag($0) == tag }
        }

        /// The child elements of `node`, each with its number among its siblings of that name.
        func elementChildren(of node: Int32) -> [(node: Int32, index: Int)] {
            var steps = PathSteps<Int32>()
            return tree.children(of: node).compactMap { child in
                tree[child].isText ? nil : (child, steps.index(of: tree[child].name))
            }
        }

        func path(_ parent: String, _ node: Int32, _ index: Int) -> String {
            parent.appendingPathStep(stepNames[Int(tree[node].name)], index)
        }

        mutating func blocks(_ container: Int32, path: String) {
            for (child, index) in elementChildren(of: container) {
                switch tag(child) {
                case .p:
                    let p = self.path(path, child, index)
                    var boxes: [(Int32, String)] = []
                    var text: [UInt8] = []
                    appendParagraphText(child, path: p, to: &text, boxes: &boxes)
                    collapseWhiteSpace(&text)
                    if !text.isEmpty {
                        text.withUnsafeBufferPointer { output.appendPiece($0, origin: SourceOrigin(path: p), startsLine: true) }
                    }
                    for (box, boxPath) in boxes { blocks(box, path: boxPath) }
                case .tbl: table(child, path: self.path(path, child, index))
                case .sdt, .customXml, .smartTag:
                    let p = self.path(path, child, index)
                    if let content = self.child(of: child, .sdtContent) { blocks(content, path: p + "/w:sdtContent") } else { blocks(child, path: p) }
                default: continue
                }
            }
        }

        mutating func table(_ table: Int32, path: String) {
            for (row, index) in elementChildren(of: table) where tag(row) == .tr {
                let rowPath = self.path(path, row, index)
                let rowPart = output.addPathPart(rowPath)
                // Tables and text boxes inside a cell are laid out after the row, not lost.
                var inner: [(Int32, String)] = []
                var startsLine = true
                var text: [UInt8] = []
                for cell in cells(of: row) {
                    if let properties = child(of: cell, .tcPr), let merge = child(of: properties, .vMerge),
                        tree.value(of: merge) != "restart"
                    {
                        continue
                    }
                    let cellIndex = tree.siblingIndex(of: cell)
                    let cellPath = self.path(rowPath, cell, cellIndex)
                    text.removeAll(keepingCapacity: true)
                    for block in tree.children(of: cell) where tag(block) == .p {
                        appendParagraphText(block, path: cellPath, to: &text, boxes: &inner)
                    }
                    if child(of: cell, .tbl) != nil { inner.append((cell, cellPath)) }
                    // White space is collapsed, tabs included: a cell's text holds none.
                    collapseWhiteSpace(&text)
                    let name = nameParts.part(of: tree[cell].name, step: stepNames[Int(tree[cell].name)], in: &output)
                    text.withUnsafeBufferPointer {
                        output.appendCell($0, parent: rowPart, name: name, index: cellIndex, startsLine: startsLine)
                    }
                    startsLine = false
                }
                for (container, containerPath) in inner {
                    if tag(container) == .tc {
                        for nested in tree.children(of: container) where tag(nested) == .tbl {
                            self.table(nested, path: self.path(containerPath, nested, tree.siblingIndex(of: nested)))
                        }
                    } else {
                        blocks(container, path: containerPath)
                    }
                }
            }
        }

        /// The cells of a row, also those wrapped in content controls.
        func cells(of row: Int32) -> [Int32] {
            var out: [Int32] = []
            for c in tree.children(of: row) {
                switch tag(c) {
                case .tc: out.append(c)
                case .sdt:
                    if let content = child(of: c, .sdtContent) { out += tree.children(of: content).filter { tag($0) == .tc } }
                default: continue
                }
            }
            return out
        }

        /// Appends the text of a paragraph to `out`: its runs' `w:t` (hyperlinks, fields' results
        /// and insertions included), `w:tab` as a space; text boxes are collected to be laid out
        /// after it.
        func appendParagraphText(_ node: Int32, path: String, to out: inout [UInt8], boxes: inout [(Int32, String)]) {
            for child in tree.children(of: node) where !tree[child].isText {
                switch tag(child) {
                case .t:
                    for text in tree.children(of: child) where tree[text].isText { tree.appendContent(of: text, to: &out) }
                case .tab, .ptab, .br, .cr: out.append(0x20)
                case .noBreakHyphen: out.append(UInt8(ascii: "-"))
                case .instrText, .delText, .del, .pPr, .rPr, .fallback, .fldData: continue
                case .txbxContent: boxes.append((child, path + "/w:txbxContent"))
                default: appendParagraphText(child, path: path, to: &out, boxes: &boxes)
                }
            }
        }
    }
}
