internal import CLibXML2
import Foundation
import GongkaiModel
import GongkaiReading
import ZIPFoundation

/// Lays out a Word document (`word/document.xml` of the zip): each paragraph a line, each table
/// row a line of tab-separated cells. Cells continuing a vertical merge (`w:vMerge` without
/// `restart`) are left out as HTML leaves out cells under a `rowspan`; a `w:gridSpan` cell is one
/// piece; runs split mid-word are joined; field instructions, deleted text and the fallback copy
/// of text boxes are skipped; text boxes are laid out where they are anchored.
enum DOCXLayout {
    static func layOut(_ bytes: [UInt8]) throws(ReadError) -> LaidOutText {
        let xml = try documentPart(bytes)
        let parsed: xmlDocPtr? = xml.withUnsafeBytes { raw in
            let chars = raw.bindMemory(to: CChar.self)
            return xmlReadMemory(chars.baseAddress, Int32(chars.count), "document.xml", nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_HUGE.rawValue))
        }
        guard let doc = parsed, let root = xmlDocGetRootElement(doc) else {
            throw .damaged(kind: "DOCX", reason: "word/document.xml is not well-formed XML")
        }
        defer { xmlFreeDoc(doc) }
        var walker = Walker()
        let rootRef = XMLNodeRef(node: root)
        guard let body = rootRef.child("body") else { throw .damaged(kind: "DOCX", reason: "word/document.xml has no w:body") }
        walker.blocks(body, path: "w:body")
        return walker.output
    }

    /// The bytes of `word/document.xml`.
    static func documentPart(_ bytes: [UInt8]) throws(ReadError) -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw .damaged(kind: "DOCX", reason: "the zip container cannot be opened (\(error))")
        }
        guard let entry = archive["word/document.xml"] else {
            throw .damaged(kind: "DOCX", reason: "the zip holds no word/document.xml")
        }
        var data = Data()
        // The part in one piece where it is of a usual size (ZIPFoundation inflates chunk by
        // chunk, each chunk a new zeroed buffer), in chunks of 4 MB at the most; its CRC-32
        // checked here, eight bytes a step.
        let size = Int(clamping: entry.uncompressedSize)
        data.reserveCapacity(min(size, 64 << 20))
        do {
            _ = try archive.extract(entry, bufferSize: min(max(size, 16 << 10), 4 << 20), skipCRC32: true) { data.append($0) }
        } catch {
            throw .damaged(kind: "DOCX", reason: "word/document.xml cannot be extracted (\(error))")
        }
        guard data.withUnsafeBytes(CRC32.checksum) == entry.checksum else {
            throw .damaged(kind: "DOCX", reason: "word/document.xml is corrupt (its CRC-32 does not match the zip's)")
        }
        return data
    }

    struct Walker {
        var output = LaidOutText(source: .docx)

        mutating func blocks(_ container: XMLNodeRef, path: String) {
            for (child, name, index) in container.elementChildren {
                let p = path.appendingPathStep("w:" + name, index)
                switch name {
                case "p":
                    var boxes: [(XMLNodeRef, String)] = []
                    let text = collapsedWhiteSpace(paragraphText(child, path: p, boxes: &boxes))
                    if !text.isEmpty { output.append(.init(text, origin: SourceOrigin(path: p))) }
                    for (box, boxPath) in boxes { blocks(box, path: boxPath) }
                case "tbl": table(child, path: p)
                case "sdt", "customXml", "smartTag":
                    if let content = child.child("sdtContent") { blocks(content, path: p + "/w:sdtContent") } else { blocks(child, path: p) }
                default: continue
                }
            }
        }

        mutating func table(_ table: XMLNodeRef, path: String) {
            for (row, name, index) in table.elementChildren where name == "tr" {
                let rowPath = path.appendingPathStep("w:" + name, index)
                var pieces: [String] = []
                var origins: [SourceOrigin?] = []
                // Tables and text boxes inside a cell are laid out after the row, not lost.
                var inner: [(XMLNodeRef, String)] = []
                for cell in cells(of: row) {
                    let cellPath = rowPath.appendingPathStep("w:" + cell.name, cell.siblingIndex)
                    if let merge = cell.child("tcPr")?.child("vMerge"), merge.attribute(local: "val") != "restart" { continue }
                    var text = ""
                    for block in cell.children where block.isElement && block.name == "p" {
                        text += paragraphText(block, path: cellPath, boxes: &inner)
                    }
                    if cell.child("tbl") != nil { inner.append((cell, cellPath)) }
                    // White space is collapsed, tabs included: a cell's text holds none.
                    pieces.append(collapsedWhiteSpace(text))
                    origins.append(SourceOrigin(path: cellPath))
                }
                if !pieces.isEmpty { output.append(.init(pieces: pieces, origins: origins)) }
                for (container, containerPath) in inner {
                    if container.name == "tc" {
                        for nested in container.children where nested.isElement && nested.name == "tbl" { self.table(nested, path: containerPath.appendingPathStep("w:tbl", nested.siblingIndex)) }
                    } else {
                        blocks(container, path: containerPath)
                    }
                }
            }
        }

        /// The cells of a row, also those wrapped in content controls.
        func cells(of row: XMLNodeRef) -> [XMLNodeRef] {
            var out: [XMLNodeRef] = []
            for c in row.children where c.isElement {
                if c.name == "tc" { out.append(c) } else if c.name == "sdt", let content = c.child("sdtContent") {
                    out += content.children.filter { $0.isElement && $0.name == "tc" }
                }
            }
            return out
        }

        /// The text of a paragraph: its runs' `w:t` (hyperlinks, fields' results and insertions
        /// included), `w:tab` as a space; text boxes are collected to be laid out after it.
        func paragraphText(_ node: XMLNodeRef, path: String, boxes: inout [(XMLNodeRef, String)]) -> String {
            var out = ""
            for child in node.children where child.isElement {
                switch child.name {
                case "t": out += child.contentText
                case "tab", "ptab": out += " "
                case "br", "cr": out += " "
                case "noBreakHyphen": out += "-"
                case "instrText", "delText", "del", "pPr", "rPr", "Fallback", "fldData": continue
                case "txbxContent": boxes.append((child, path + "/w:txbxContent"))
                default: out += paragraphText(child, path: path, boxes: &boxes)
                }
            }
            return out
        }
    }
}

extension XMLNodeRef {
    /// The concatenated text of the node's text children.
    var contentText: String {
        var out = ""
        for c in children where c.isText { out += c.content }
        return out
    }
}
