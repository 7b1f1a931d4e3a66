internal import CLibXML2
import GongkaiModel
import GongkaiReading

/// A saved web page as libxml2's HTML parser reads it — the parser's own recovery (implied
/// `html`/`body`/`p`, auto-closed elements, the charset of `<meta>`) — kept as an `ElementTree`
/// made from the parser's SAX events, with what each element name means to the layout.
struct HTMLTree {
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

    /// The page's elements and text.
    private(set) var elements: ElementTree
    /// The role of each of the elements' names.
    private(set) var roles: [Role]
    /// How many damaged sequences of the page's UTF-8 were read as U+FFFD.
    fileprivate(set) var replacedSequences = 0

    init(_ elements: ElementTree) {
        self.elements = elements
        roles = elements.names.map(Role.init(name:))
    }

    subscript(node: Int32) -> ElementTree.Node { elements[node] }
    var names: [String] { elements.names }
    var nodeCount: Int { elements.nodes.count }
    var textByteCount: Int { elements.text.count }
    var root: Int32? { elements.root }

    func role(of node: Int32) -> Role {
        let name = elements[node].name
        return name >= 0 ? roles[Int(name)] : []
    }

    func children(of node: Int32) -> ElementTree.Children { elements.children(of: node) }
    func path(of node: Int32) -> String { elements.path(of: node) }
    func appendContent(of node: Int32, to out: inout [UInt8]) { elements.appendContent(of: node, to: &out) }

    /// Appends the UTF-8 of the text below `node` to `out`, leaving out line breaks and the
    /// elements whose role is `.skipped` (a table cell's text: `本年新<br>制作数量` is one header).
    func appendText(below node: Int32, to out: inout [UInt8]) {
        elements.appendText(below: node, to: &out) { roles[Int($0)].contains(.skipped) }
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
            ElementTree.Builder.of(context).pointee.start(name, line: ElementTree.Builder.line(context))
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            ElementTree.Builder.of(context).pointee.end()
        }
        handler.characters = ElementTree.Builder.characters
        handler.cdataBlock = ElementTree.Builder.characters
        handler.ignorableWhitespace = ElementTree.Builder.characters
        handler.initialized = 1
        guard let context = htmlCreatePushParserCtxt(&handler, nil, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw .damaged(kind: "HTML", reason: "libxml2 could not make a parser")
        }
        defer { htmlFreeParserCtxt(context) }
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
        if ignoringDeclaredCharset { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        htmlCtxtUseOptions(context, Int32(options))
        let tree = ElementTree.Builder.build(byteCount: input.count, context: context) {
            input.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = htmlParseChunk(context, $0.baseAddress, Int32($0.count), 1) }
            }
        }
        guard tree.root != nil else {
            throw .damaged(kind: "HTML", reason: "libxml2 found no document element")
        }
        let encoder = context.pointee.input?.pointee.buf?.pointee.encoder?.pointee.name.map { String(cString: $0) }
        return (HTMLTree(tree), encoder?.uppercased() == "ISO-8859-1")
    }
}
