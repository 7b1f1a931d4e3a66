internal import CLibXML2
import GongkaiModel
import GongkaiReading

/// A document's elements and text kept as flat arrays, made from the SAX events of one of
/// libxml2's parsers (HTML for web pages, XML for Word's `word/document.xml`). libxml2's own tree
/// (a heap block for every node, attribute and text, freed again) is never built: the layouts
/// need only the elements' names, their order and nesting, their text, their source lines and,
/// for Word, one attribute of one element.
struct ElementTree {
    /// An element, or a run of text (adjacent text joined, as libxml2's tree joins it).
    struct Node {
        /// The element's name, an index into `names`; `ElementTree.textName` for text.
        var name: Int32
        var parent: Int32 = -1
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var next: Int32 = -1
        /// The source line where the parser stood when it met the element or text.
        var line: Int32
        /// A text node's UTF-8 in `text`.
        var textStart: Int32 = 0
        var textEnd: Int32 = 0
        /// The index after the node's last descendant: nodes are kept in document order, so a
        /// node's descendants are the nodes from the next one up to `end`.
        var end: Int32 = 0

        var isText: Bool { name == ElementTree.textName }
    }

    static let textName: Int32 = -1
    /// The document: the parent of the top elements, at index 0.
    static let document: Int32 = 0

    private(set) var nodes: [Node] = [Node(name: -2, line: 0)]
    /// Each distinct element name, as the parser gives it (lowercased by the HTML parser, the
    /// local name without its prefix by the XML parser).
    private(set) var names: [String] = []
    /// The UTF-8 of each of `names`.
    private(set) var nameBytes: [[UInt8]] = []
    /// The text nodes' UTF-8, one after another.
    private(set) var text: [UInt8] = []
    /// The attribute values kept by the builder's `setValue`, by element: the few a layout
    /// asks for (Word's `w:val` of `w:vMerge`), not every attribute of the document.
    private(set) var values: [Int32: String] = [:]

    subscript(node: Int32) -> Node { nodes[Int(node)] }

    /// The children of `node`, in order.
    func children(of node: Int32) -> Children { Children(nodes: nodes, first: nodes[Int(node)].firstChild) }

    /// The children of a node; the sequence holds the node array alone, not the whole tree.
    struct Children: Sequence {
        let nodes: [Node]
        let first: Int32

        struct Iterator: IteratorProtocol {
            let nodes: [Node]
            var current: Int32
            mutating func next() -> Int32? {
                guard current >= 0 else { return nil }
                defer { current = nodes[Int(current)].next }
                return current
            }
        }

        func makeIterator() -> Iterator { Iterator(nodes: nodes, current: first) }
    }

    /// The first top element.
    var root: Int32? { children(of: Self.document).first { !nodes[Int($0)].isText } }

    /// The attribute value kept for the element, if any.
    func value(of node: Int32) -> String? { values[node] }

    /// The element's number among its siblings of the same name (1-based), counted over the
    /// earlier siblings.
    func siblingIndex(of node: Int32) -> Int {
        let name = nodes[Int(node)].name
        var index = 1
        var sibling = nodes[Int(nodes[Int(node)].parent)].firstChild
        while sibling != node {
            if nodes[Int(sibling)].name == name { index += 1 }
            sibling = nodes[Int(sibling)].next
        }
        return index
    }

    /// The element path of an element, `/html[1]/body[1]/div[2]/table[1]/tbody[1]/tr[4]`: each
    /// step its name and its number among its siblings of that name. Made only where an origin
    /// is kept, by walking up and counting the earlier siblings.
    func path(of node: Int32) -> String {
        var steps: [(name: Int32, index: Int)] = []
        steps.reserveCapacity(16)
        var length = 0
        var n = node
        while n > Self.document {
            let name = nodes[Int(n)].name
            let index = siblingIndex(of: n)
            steps.append((name, index))
            length += ElementPath.stepLength(nameCount: nameBytes[Int(name)].count, index: index)
            n = nodes[Int(n)].parent
        }
        return String(unsafeUninitializedCapacity: length) { out in
            guard let base = out.baseAddress else { return 0 }
            var o = 0
            for (name, index) in steps.reversed() {
                o += nameBytes[Int(name)].withUnsafeBufferPointer { ElementPath.writeStep($0, index, to: base + o) }
            }
            return o
        }
    }

    /// Appends the UTF-8 of the text below `node` to `out`, leaving out line breaks and the
    /// subtrees of the elements whose name `skips` (a web page's table cell: `本年新<br>制作数量`
    /// is one header, a script inside it no text).
    func appendText(below node: Int32, to out: inout [UInt8], skipping skips: (Int32) -> Bool) {
        // The subtree in document order, a skipped element's subtree passed over whole.
        var n = node + 1
        let end = nodes[Int(node)].end
        while n < end {
            let x = nodes[Int(n)]
            if x.isText {
                // Runs between line breaks are copied whole.
                text.withUnsafeBufferPointer { all in
                    var start = Int(x.textStart)
                    let end = Int(x.textEnd)
                    for i in start..<end where all[i] == 0x0A || all[i] == 0x0D {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<i]))
                        start = i + 1
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<end]))
                }
                n += 1
            } else {
                n = skips(x.name) ? x.end : n + 1
            }
        }
    }

    /// Appends a text node's UTF-8 to `out`.
    func appendContent(of node: Int32, to out: inout [UInt8]) {
        let n = nodes[Int(node)]
        out.append(contentsOf: text[Int(n.textStart)..<Int(n.textEnd)])
    }

    /// Makes the tree from a parser's events: the open elements form a stack under the document.
    struct Builder {
        var tree = ElementTree()
        var open: [Int32] = [ElementTree.document]
        /// Element names by libxml2's pointer to them (the parser gives each name from its
        /// dictionary, the same pointer every time), looked up first in this small table
        /// indexed by the pointer's bits.
        var recentNames = [(pointer: UnsafeRawPointer?, name: Int32)](repeating: (nil, 0), count: 64)
        /// Every name pointer met, with its name's index. A document has a few dozen names, so
        /// a list is searched: most names come from the parser's dictionary, one pointer each,
        /// while the HTML parser's implied `html`, `body` and `p` come as static strings of the
        /// same text.
        var namesByPointer: [(pointer: UnsafeRawPointer, name: Int32)] = []

        /// A builder for a document of `byteCount` bytes, its storage reserved so that it rarely
        /// grows: room for a node every 12 bytes (the bundled web pages have one every 17).
        init(byteCount: Int) {
            tree.nodes.reserveCapacity(byteCount / 12 + 16)
            tree.text.reserveCapacity(byteCount)
            tree.names.reserveCapacity(32)
            tree.nameBytes.reserveCapacity(32)
            namesByPointer.reserveCapacity(32)
            open.reserveCapacity(64)
        }

        /// Builds the tree of a document of `byteCount` bytes that `parse` feeds to the parser
        /// `context`, whose SAX callbacks find the builder in the context's `_private` field.
        /// Elements the parser leaves open are ended, and a document libxml2 made on its own is
        /// freed.
        static func build(byteCount: Int, context: xmlParserCtxtPtr, _ parse: () -> Void) -> ElementTree {
            var builder = Builder(byteCount: byteCount)
            withUnsafeMutablePointer(to: &builder) { builderPointer in
                context.pointee._private = UnsafeMutableRawPointer(builderPointer)
                parse()
                context.pointee._private = nil
                builderPointer.pointee.finish()
            }
            if let leftover = context.pointee.myDoc {
                context.pointee.myDoc = nil
                xmlFreeDoc(leftover)
            }
            return builder.tree
        }

        /// The SAX callback for text and CDATA: the text goes to the context's builder.
        static let characters: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Builder.of(context).pointee.characters(UnsafeBufferPointer(start: bytes, count: Int(count)), line: Builder.line(context))
        }

        /// The builder a parser context carries in its `_private` field.
        static func of(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Builder> {
            let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
            return parser.pointee._private.assumingMemoryBound(to: Builder.self)
        }

        /// The parser's current source line.
        static func line(_ context: UnsafeMutableRawPointer) -> Int32 {
            let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
            return parser.pointee.input.map { Int32(clamping: $0.pointee.line) } ?? 0
        }

        /// The index in `names` of the name at `pointer` (NUL-terminated UTF-8).
        mutating func name(_ pointer: UnsafePointer<xmlChar>) -> Int32 {
            let key = UnsafeRawPointer(pointer)
            let bits = UInt(bitPattern: key)
            let slot = Int((bits ^ (bits >> 6)) & 63)
            if recentNames[slot].pointer == key { return recentNames[slot].name }
            let index: Int32
            if let known = namesByPointer.first(where: { $0.pointer == key }) {
                index = known.name
            } else {
                let bytes = UnsafeBufferPointer(start: pointer, count: Int(xmlStrlen(pointer)))
                if let known = tree.nameBytes.firstIndex(where: { $0.elementsEqual(bytes) }) {
                    index = Int32(known)
                } else {
                    index = Int32(tree.names.count)
                    tree.names.append(String(decoding: bytes, as: UTF8.self))
                    tree.nameBytes.append(Array(bytes))
                }
                namesByPointer.append((key, index))
            }
            recentNames[slot] = (key, index)
            return index
        }

        private mutating func add(_ node: Node) -> Int32 {
            let index = Int32(tree.nodes.count)
            let parent = Int(open[open.count - 1])
            var node = node
            node.parent = Int32(parent)
            node.end = index + 1
            let last = tree.nodes[parent].lastChild
            if last >= 0 { tree.nodes[Int(last)].next = index } else { tree.nodes[parent].firstChild = index }
            tree.nodes[parent].lastChild = index
            tree.nodes.append(node)
            return index
        }

        /// Opens an element named by the parser's `name`, met at source line `line`.
        mutating func start(_ name: UnsafePointer<xmlChar>, line: Int32) {
            open.append(add(Node(name: self.name(name), line: line)))
        }

        /// Keeps an attribute value of the element just opened.
        mutating func setValue(_ value: String) {
            tree.values[open[open.count - 1]] = value
        }

        mutating func end() {
            if open.count > 1 { tree.nodes[Int(open.removeLast())].end = Int32(tree.nodes.count) }
        }

        /// Ends the elements the parser left open.
        mutating func finish() {
            while open.count > 1 { end() }
        }

        /// Text outside every element is dropped, as libxml2's tree drops it.
        mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>, line: Int32) {
            guard open.count > 1 else { return }
            let parent = Int(open[open.count - 1])
            let last = tree.nodes[parent].lastChild
            tree.text.append(contentsOf: bytes)
            let end = Int32(tree.text.count)
            if last >= 0 && tree.nodes[Int(last)].isText {
                tree.nodes[Int(last)].textEnd = end
            } else {
                _ = add(Node(name: ElementTree.textName, line: line, textStart: end - Int32(bytes.count), textEnd: end))
            }
        }
    }
}

/// The laid-out text's path part (`LaidOutText.addPathPart`) of each element name of a tree,
/// added the first time a cell of that name is laid out: a table's cells then refer to their
/// name by number, and each name is kept once.
struct NamePathParts {
    private var parts: [Int32?]

    /// A table for a tree of `count` element names.
    init(count: Int) { parts = Array(repeating: nil, count: count) }

    /// The path part of element name `name`, whose path step is `step`, added to `output` the
    /// first time.
    mutating func part(of name: Int32, step: @autoclosure () -> String, in output: inout LaidOutText) -> Int32 {
        if let known = parts[Int(name)] { return known }
        let part = output.addPathPart(step())
        parts[Int(name)] = part
        return part
    }
}
