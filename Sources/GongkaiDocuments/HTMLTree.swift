internal import CLibXML2
import GongkaiModel
import GongkaiReading

/// A saved web page as libxml2's HTML parser reads it — the parser's own recovery (implied
/// `html`/`body`/`p`, auto-closed elements, the charset of `<meta>`) — kept as flat arrays of
/// elements and text made from the parser's SAX events. libxml2's tree of nodes (a heap block
/// for every node, attribute and text, freed again) is never built: a page's layout needs only
/// the elements' names, their order and nesting, the text and the source lines.
struct HTMLTree {
    /// An element, or a run of text (adjacent text joined, as libxml2's tree joins it).
    struct Node {
        /// The element's name, an index into `names`; `HTMLTree.textName` for text.
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

        var isText: Bool { name == HTMLTree.textName }
    }

    /// What an element name means to the layout, told once for each distinct name.
    struct Role: OptionSet {
        let rawValue: UInt16
        /// Its text is not the page's text: script, style, head, noscript, iframe, template,
        /// svg, select, button, object.
        static let skipped = Role(rawValue: 1 << 0)
        /// It starts and ends a line of text (`p`, `div`, `h1`, `li`, `td` …).
        static let block = Role(rawValue: 1 << 1)
        static let lineBreak = Role(rawValue: 1 << 2)
        static let table = Role(rawValue: 1 << 3)
        static let row = Role(rawValue: 1 << 4)
        /// `thead`, `tbody`, `tfoot`.
        static let rowGroup = Role(rawValue: 1 << 5)
        /// `td`, `th`.
        static let cell = Role(rawValue: 1 << 6)
        static let caption = Role(rawValue: 1 << 7)

        static let skippedNames: Set<String> = [
            "script", "style", "head", "noscript", "iframe", "template", "svg", "select", "button", "object",
        ]
        static let blockNames: Set<String> = [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer",
            "nav", "center", "blockquote", "pre", "dl", "dt", "dd", "hr", "form", "caption", "title", "body", "main",
            "aside", "figure", "figcaption", "address", "fieldset", "table", "tr", "td", "th",
        ]
    }

    static let textName: Int32 = -1
    /// The document: the parent of the top elements, at index 0.
    static let document: Int32 = 0

    private(set) var nodes: [Node] = [Node(name: -2, line: 0)]
    /// Each distinct element name, as the parser gives it (lowercased by libxml2).
    private(set) var names: [String] = []
    /// The UTF-8 of each of `names`.
    private(set) var nameBytes: [[UInt8]] = []
    /// The role of each of `names`.
    private(set) var roles: [Role] = []
    /// The text nodes' UTF-8, one after another.
    private(set) var text: [UInt8] = []
    /// How many damaged sequences of the page's UTF-8 were read as U+FFFD.
    fileprivate(set) var replacedSequences = 0

    subscript(node: Int32) -> Node { nodes[Int(node)] }

    func role(of node: Int32) -> Role {
        let name = nodes[Int(node)].name
        return name >= 0 ? roles[Int(name)] : []
    }

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

    /// The first top element (`html`).
    var root: Int32? { children(of: Self.document).first { !nodes[Int($0)].isText } }

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
            var index = 1
            var sibling = nodes[Int(nodes[Int(n)].parent)].firstChild
            while sibling != n {
                if nodes[Int(sibling)].name == name { index += 1 }
                sibling = nodes[Int(sibling)].next
            }
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
    /// elements whose role is `.skipped` (a table cell's text: `本年新<br>制作数量` is one header).
    func appendText(below node: Int32, to out: inout [UInt8]) {
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
                n = roles[Int(x.name)].contains(.skipped) ? x.end : n + 1
            }
        }
    }

    /// Appends a text node's UTF-8 to `out`.
    func appendContent(of node: Int32, to out: inout [UInt8]) {
        let n = nodes[Int(node)]
        out.append(contentsOf: text[Int(n.textStart)..<Int(n.textEnd)])
    }
}

extension HTMLTree.Role {
    /// The role of an element name (ASCII, any case).
    init(name: String) {
        let name = name.asciiLowercased
        var role: HTMLTree.Role = []
        if Self.skippedNames.contains(name) { role.insert(.skipped) }
        if Self.blockNames.contains(name) { role.insert(.block) }
        switch name {
        case "br": role.insert(.lineBreak)
        case "table": role.insert(.table)
        case "tr": role.insert(.row)
        case "thead", "tbody", "tfoot": role.insert(.rowGroup)
        case "td", "th": role.insert(.cell)
        case "caption": role.insert(.caption)
        default: break
        }
        self = role
    }
}

extension HTMLTree {
    /// Parses a page with libxml2's HTML parser (recovering, no network, no error output); the
    /// text is taken as UTF-8 until a `<meta>` charset says otherwise, a UTF-8 BOM wins over
    /// the `<meta>`, and a UTF-8 page with a few damaged bytes is read with each as U+FFFD.
    ///
    /// The parser is libxml2's push parser given the whole page as its one and last chunk: the
    /// same tokenizer and recovery as `htmlReadMemory`, and the same events on every page of
    /// the fixtures, at about 1.5 M instructions for a 13 KB page against 1.8 M for the pull
    /// parser, whose loop copies and frees the name of every element it enters.
    static func parse(_ bytes: [UInt8]) throws(ReadError) -> HTMLTree {
        // A UTF-8 byte order mark says the charset before any `<meta>` can: it is left out of
        // the input, and the page's own declaration is not followed.
        let hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let input = hasByteOrderMark ? Array(bytes.dropFirst(3)) : bytes
        let (tree, readAsLatin1) = try parse(input, ignoringDeclaredCharset: hasByteOrderMark)
        // A UTF-8 page damaged in a few places (a stray byte, a character cut) is read by
        // libxml2 as Latin-1 from the first damaged byte on: it is read again with each damaged
        // sequence made U+FFFD (`TextDecoding.repairedUTF8`; a page in Latin-1 or GBK is far
        // from UTF-8 and keeps its first reading).
        guard readAsLatin1, let (text, replaced) = TextDecoding.repairedUTF8(input) else { return tree }
        var repaired = try parse(Array(text.utf8), ignoringDeclaredCharset: true).tree
        repaired.replacedSequences = replaced
        return repaired
    }

    /// The tree of `input` as libxml2's push parser reads it (the page's `<meta>` charset not
    /// followed when `ignoringDeclaredCharset`), and whether the parser ended up reading the
    /// input as Latin-1 — declared so, or its fallback after bytes that are not UTF-8.
    private static func parse(_ input: [UInt8], ignoringDeclaredCharset: Bool) throws(ReadError) -> (tree: HTMLTree, readAsLatin1: Bool) {
        // libxml2's global set-up, once, before any context (batch commands parse pages on
        // several threads at once); `htmlReadMemory` does the same.
        xmlInitParser()
        // Only the events the layout needs; everything else (DOCTYPE, comments, processing
        // instructions, attributes) is let go by the parser.
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, _ in
            guard let context, let name else { return }
            Builder.of(context).pointee.start(name, line: Builder.line(context))
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            Builder.of(context).pointee.end()
        }
        let characters: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Builder.of(context).pointee.characters(UnsafeBufferPointer(start: bytes, count: Int(count)), line: Builder.line(context))
        }
        handler.characters = characters
        handler.cdataBlock = characters
        handler.ignorableWhitespace = characters
        handler.initialized = 1
        guard let context = htmlCreatePushParserCtxt(&handler, nil, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw .damaged(kind: "HTML", reason: "libxml2 could not make a parser")
        }
        defer { htmlFreeParserCtxt(context) }
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
        if ignoringDeclaredCharset { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        htmlCtxtUseOptions(context, Int32(options))
        var builder = Builder(byteCount: input.count)
        withUnsafeMutablePointer(to: &builder) { builderPointer in
            context.pointee._private = UnsafeMutableRawPointer(builderPointer)
            input.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = htmlParseChunk(context, $0.baseAddress, Int32($0.count), 1) }
            }
            context.pointee._private = nil
            builderPointer.pointee.finish()
        }
        let leftover = context.pointee.myDoc
        context.pointee.myDoc = nil
        if let leftover { xmlFreeDoc(leftover) }
        guard builder.tree.root != nil else {
            throw .damaged(kind: "HTML", reason: "libxml2 found no document element")
        }
        let encoder = context.pointee.input?.pointee.buf?.pointee.encoder?.pointee.name.map { String(cString: $0) }
        return (builder.tree, encoder?.uppercased() == "ISO-8859-1")
    }

    /// Makes the tree from the parser's events: the open elements form a stack under the document.
    struct Builder {
        var tree = HTMLTree()
        var open: [Int32] = [HTMLTree.document]
        /// Element names by libxml2's pointer to them (the parser gives each name from its
        /// dictionary, the same pointer every time), looked up first in this small table
        /// indexed by the pointer's bits.
        var recentNames = [(pointer: UnsafeRawPointer?, name: Int32)](repeating: (nil, 0), count: 64)
        /// Every name pointer met, with its name's index. A page has a few dozen names, so a
        /// list is searched: most names come from the parser's dictionary, one pointer each,
        /// while the implied `html`, `body` and `p` come as static strings of the same text.
        var namesByPointer: [(pointer: UnsafeRawPointer, name: Int32)] = []

        /// A builder for a page of `byteCount` bytes, its storage reserved so that it rarely
        /// grows: room for a node every 12 bytes (the bundled pages have one every 17).
        init(byteCount: Int) {
            tree.nodes.reserveCapacity(byteCount / 12 + 16)
            tree.text.reserveCapacity(byteCount)
            tree.names.reserveCapacity(32)
            tree.nameBytes.reserveCapacity(32)
            tree.roles.reserveCapacity(32)
            namesByPointer.reserveCapacity(32)
            open.reserveCapacity(64)
        }

        static func of(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Builder> {
            let parser = context.assumingMemoryBound(to: htmlParserCtxt.self)
            return parser.pointee._private.assumingMemoryBound(to: Builder.self)
        }

        /// The parser's current source line.
        static func line(_ context: UnsafeMutableRawPointer) -> Int32 {
            let parser = context.assumingMemoryBound(to: htmlParserCtxt.self)
            return parser.pointee.input.map { Int32(clamping: $0.pointee.line) } ?? 0
        }

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
                    let text = String(decoding: bytes, as: UTF8.self)
                    index = Int32(tree.names.count)
                    tree.names.append(text)
                    tree.nameBytes.append(Array(bytes))
                    tree.roles.append(Role(name: text))
                }
                namesByPointer.append((key, index))
            }
            recentNames[slot] = (key, index)
            return index
        }

        mutating func add(_ node: Node) -> Int32 {
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

        mutating func start(_ name: UnsafePointer<xmlChar>, line: Int32) {
            open.append(add(Node(name: self.name(name), line: line)))
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
                _ = add(Node(name: HTMLTree.textName, line: line, textStart: end - Int32(bytes.count), textEnd: end))
            }
        }
    }
}
