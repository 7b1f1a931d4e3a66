internal import CLibXML2
#if canImport(Glibc)
import Glibc
#endif
import GongkaiModel

/// Thin, safe views of libxml2's tree for the XML layouts (DOCX, pdftotext's word boxes).
struct XMLNodeRef {
    let node: xmlNodePtr

    var isElement: Bool { node.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's local name (`tc`, `word`).
    var name: String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n)
    }

    var children: XMLChildren { XMLChildren(first: node.pointee.children) }

    /// The node's own text (text and CDATA nodes).
    var content: String {
        guard let c = node.pointee.content else { return "" }
        return String(cString: c)
    }

    /// The text of the node and everything below it.
    var textContent: String {
        guard let v = xmlNodeGetContent(node) else { return "" }
        defer { free(v) }
        return String(cString: v)
    }

    /// The source line where the node starts.
    var line: Int { Int(xmlGetLineNo(node)) }

    /// An attribute in any namespace, by local name (`w:val`).
    func attribute(local name: String) -> String? {
        var a = node.pointee.properties
        while let attr = a {
            if let n = attr.pointee.name, String(cString: n) == name {
                guard let v = xmlNodeGetContent(UnsafeMutablePointer<xmlNode>(OpaquePointer(attr))) else { return nil }
                defer { free(v) }
                return String(cString: v)
            }
            a = attr.pointee.next
        }
        return nil
    }

    /// The first child element with the given local name.
    func child(_ name: String) -> XMLNodeRef? {
        children.first { $0.isElement && $0.name == name }
    }

    /// The element's number among its siblings of the same name (1-based), for its element
    /// path (`appendingPathStep`), counted by walking back over the earlier siblings.
    var siblingIndex: Int {
        var k = 1
        var p = node.pointee.prev
        let own = name
        while let s = p {
            if s.pointee.type == XML_ELEMENT_NODE, let n = s.pointee.name, String(cString: n) == own { k += 1 }
            p = s.pointee.prev
        }
        return k
    }
}

struct XMLChildren: Sequence {
    let first: xmlNodePtr?

    struct Iterator: IteratorProtocol {
        var current: xmlNodePtr?

        mutating func next() -> XMLNodeRef? {
            guard let c = current else { return nil }
            current = c.pointee.next
            return XMLNodeRef(node: c)
        }
    }

    func makeIterator() -> Iterator { Iterator(current: first) }
}

/// Numbers sibling elements by name as they come (`p[1]`, `p[2]`, `table[1]`), for element
/// paths in one pass over the siblings (`siblingIndex` on each would walk the earlier ones again).
struct PathSteps<Name: Equatable> {
    private var seen: [(name: Name, count: Int)] = []

    /// Forgets the names seen, keeping the storage, for the next parent's children.
    mutating func removeAll() { seen.removeAll(keepingCapacity: true) }

    /// The next element of this name's number among its siblings of the same name (1-based).
    mutating func index(of name: Name) -> Int {
        if let i = seen.firstIndex(where: { $0.name == name }) {
            seen[i].count += 1
            return seen[i].count
        }
        seen.append((name, 1))
        return 1
    }
}

extension XMLNodeRef {
    /// The child elements, each with its name and its number among its siblings of that name
    /// (for the element path `name[index]`, made with `appendingPathStep`), numbered in one
    /// pass and made as they are asked for.
    var elementChildren: XMLElementChildren { XMLElementChildren(children: children) }
}

struct XMLElementChildren: Sequence {
    let children: XMLChildren

    struct Iterator: IteratorProtocol {
        var nodes: XMLChildren.Iterator
        var steps = PathSteps<String>()

        mutating func next() -> (node: XMLNodeRef, name: String, index: Int)? {
            while let node = nodes.next() {
                guard node.isElement else { continue }
                let name = node.name
                return (node, name, steps.index(of: name))
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(nodes: children.makeIterator()) }
}

/// Collapses white space runs to one space and trims, as a browser shows text (a no-break or
/// ideographic space counts as white space: `&nbsp;` alone marks an empty cell).
func collapsedWhiteSpace(_ s: String) -> String {
    var bytes = Array(s.utf8)
    collapseWhiteSpace(&bytes)
    // Whole white-space scalars taken out of valid text leave it valid.
    return bytes.withUnsafeBufferPointer(String.init(knownValidUTF8:))
}

/// Collapses the white space of UTF-8 text in place, as `collapsedWhiteSpace` does.
func collapseWhiteSpace(_ buffer: inout [UInt8]) {
    let end = buffer.withUnsafeMutableBufferPointer { collapseWhiteSpace($0) }
    if end < buffer.count { buffer.removeLast(buffer.count - end) }
}

/// Collapses the white space of the UTF-8 text in `b` in place, moving the text to the front,
/// and returns the collapsed text's byte count.
func collapseWhiteSpace(_ b: UnsafeMutableBufferPointer<UInt8>) -> Int {
    // White space: ASCII space, tab, LF, CR, FF; U+00A0 (C2 A0); U+3000 (E3 80 80).
    @inline(__always) func spaceLength(at i: Int) -> Int {
        switch b[i] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C: return 1
        case 0xC2 where i + 1 < b.count && b[i + 1] == 0xA0: return 2
        case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80: return 3
        default: return 0
        }
    }
    // Bytes that may begin white space.
    @inline(__always) func maySpace(_ c: UInt8) -> Bool {
        c <= 0x20 || c == 0xC2 || c == 0xE3
    }
    guard let base = b.baseAddress else { return 0 }
    // Runs between white space are moved whole (not at all while nothing has been taken
    // out before them); each run of white space becomes one space, written only after it
    // has been read, so the write position never passes the read position.
    var o = 0
    var i = 0
    var pendingSpace = false
    while i < b.count {
        // A run ends at white space; the leads E4…EF (most Chinese characters) begin none,
        // so their characters are passed at one step.
        var j = i
        while j < b.count {
            let c = b[j]
            if c >= 0xE4 && c < 0xF0 {
                j = Swift.min(j + 3, b.count)
            } else if maySpace(c) && spaceLength(at: j) > 0 {
                break
            } else {
                j += 1
            }
        }
        if j > i {
            if pendingSpace {
                b[o] = 0x20
                o += 1
                pendingSpace = false
            }
            if o != i { (base + o).update(from: base + i, count: j - i) }
            o += j - i
            i = j
        }
        if i < b.count {
            pendingSpace = o > 0
            i += spaceLength(at: i)
        }
    }
    return o
}

extension String {
    /// The text with ASCII letters lowercased, returned as is when it has none uppercase (tag
    /// and attribute names, which libxml2's HTML parser already lowercases).
    var asciiLowercased: String {
        guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
