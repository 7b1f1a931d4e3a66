internal import CLibXML2
#if canImport(Glibc)
import Glibc
#endif
import GongkaiModel

/// Thin, safe views of libxml2's tree for the layout walkers.
struct XMLNodeRef {
    let node: xmlNodePtr

    var isElement: Bool { node.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's local name, lowercased for HTML (`td`, `p`); the local name for XML (`tc`).
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

    /// Whether an element of the given name is below this one.
    func contains(_ name: String) -> Bool {
        for c in children where c.isElement {
            if c.name == name || c.contains(name) { return true }
        }
        return false
    }

    /// `name[k]` among the element's siblings of the same name (1-based), for element paths.
    var pathStep: String {
        var k = 1
        var p = node.pointee.prev
        let own = name
        while let s = p {
            if s.pointee.type == XML_ELEMENT_NODE, let n = s.pointee.name, String(cString: n) == own { k += 1 }
            p = s.pointee.prev
        }
        return "\(own)[\(k)]"
    }
}

struct XMLChildren: Sequence {
    let first: xmlNodePtr?

    func makeIterator() -> AnyIterator<XMLNodeRef> {
        var current = first
        return AnyIterator {
            guard let c = current else { return nil }
            current = c.pointee.next
            return XMLNodeRef(node: c)
        }
    }
}

/// Collapses white space runs to one space and trims, as a browser shows text (a no-break or
/// ideographic space counts as white space: `&nbsp;` alone marks an empty cell).
func collapsedWhiteSpace(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for u in s.unicodeScalars {
        switch u {
        case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}", "\u{3000}":
            pendingSpace = !out.isEmpty
        default:
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(u)
        }
    }
    return String(out)
}
