internal import CLibXML2
import GongkaiModel

#if canImport(Glibc)
import Glibc
#endif

/// Thin, safe views of libxml2's tree, for pdftotext's word boxes.
struct XMLNodeRef {
    let node: xmlNodePtr

    var isElement: Bool { node.pointee.type == XML_ELEMENT_NODE }

    /// The element's local name (`tc`, `word`).
    var name: String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n)
    }

    var children: XMLChildren { XMLChildren(first: node.pointee.children) }

    /// The text of the node and everything below it.
    var textContent: String {
        guard let v = xmlNodeGetContent(node) else { return "" }
        defer { free(v) }
        return String(cString: v)
    }

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
/// paths in one pass over the siblings (counting the earlier siblings for each would walk them again).
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

/// Collapses white space runs to one space and trims, in place, as a browser shows text (a
/// no-break or ideographic space counts as white space: `&nbsp;` alone marks an empty cell).
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
