import GongkaiModel
import GongkaiReading

/// Lays out a saved web page: paragraphs and headings become lines, each table row becomes one
/// line with its cells separated by tabs (cells covered by a `rowspan` are not repeated, a
/// `colspan` cell is one piece, text inside a cell — nested `<span>`, `<p>`, `<br>` — is joined).
/// Scripts, styles, the head and site chrome outside the text are dropped; a layout table (one
/// whose cells hold tables) is walked as blocks. The charset comes from the page (`<meta charset>`,
/// GBK/GB2312 included) through libxml2's HTML parser.
enum HTMLLayout {
    static func layOut(_ bytes: [UInt8]) throws(ReadError) -> LaidOutText {
        let tree = try HTMLTree.parse(bytes)
        guard let root = tree.root else { return LaidOutText(source: .html) }
        var walker = Walker(tree: tree)
        // The text and about one piece for each two nodes, so that the buffers rarely grow.
        walker.output.reserveCapacity(bytes: tree.textByteCount + tree.nodeCount, pieces: tree.nodeCount / 2)
        walker.walk(root)
        walker.flush()
        walker.output.replacedSequences = tree.replacedSequences
        return walker.output
    }

    struct Walker {
        let tree: HTMLTree
        var output = LaidOutText(source: .html)
        /// The UTF-8 of the text met since the last block boundary.
        var current: [UInt8] = []
        /// The element and source line of the first text met since the last block boundary:
        /// the origin of the line, made only if the line has text.
        var currentOrigin: (element: Int32, line: Int32)?
        /// The bytes of the cell being read, kept from cell to cell so that a cell allocates none.
        var cellBytes: [UInt8] = []
        /// The laid-out text's path part of each element name.
        var nameParts: NamePathParts
        /// How many table elements stand before each node (and, at the end, in all).
        let tablesBefore: [Int32]

        init(tree: HTMLTree) {
            self.tree = tree
            nameParts = NamePathParts(count: tree.names.count)
            var counts = [Int32](repeating: 0, count: tree.nodeCount + 1)
            for node in 0..<tree.nodeCount {
                counts[node + 1] = counts[node] + (tree.role(of: Int32(node)).contains(.table) ? 1 : 0)
            }
            tablesBefore = counts
        }

        mutating func flush() {
            collapseWhiteSpace(&current)
            if !current.isEmpty {
                let origin = currentOrigin.map { SourceOrigin(path: tree.path(of: $0.element), sourceLine: Int($0.line)) }
                current.withUnsafeBufferPointer { output.appendPiece($0, origin: origin, startsLine: true) }
            }
            current.removeAll(keepingCapacity: true)
            currentOrigin = nil
        }

        /// Walks the subtree of `root` in document order with a stack of its own, not the call
        /// stack: a page may nest elements a hundred thousand deep.
        mutating func walk(_ root: Int32) {
            var stack: [Frame] = []
            if let frame = enter(root) { stack.append(frame) }
            while let top = stack.indices.last {
                let child = stack[top].next
                guard child >= 0 else {
                    if stack[top].isBlock { flush() }
                    stack.removeLast()
                    continue
                }
                let n = tree[child]
                stack[top].next = n.next
                if n.isText {
                    if currentOrigin == nil { currentOrigin = (stack[top].node, n.line) }
                    tree.appendContent(of: child, to: &current)
                } else if let frame = enter(child) {
                    stack.append(frame)
                }
            }
        }

        /// An element being walked: its next child to visit, and whether it ends a line.
        struct Frame {
            var node: Int32
            var next: Int32
            var isBlock: Bool
        }

        /// Enters an element: what it means to the layout is done here; the frame is returned
        /// when its children are to be walked.
        mutating func enter(_ node: Int32) -> Frame? {
            let role = tree.role(of: node)
            if role.contains(.skipped) { return nil }
            if role.contains(.lineBreak) {
                flush()
                return nil
            }
            if role.contains(.table) && !isLayoutTable(node) {
                flush()
                table(node)
                return nil
            }
            let isBlock = role.contains(.block)
            if isBlock { flush() }
            return Frame(node: node, next: tree[node].firstChild, isBlock: isBlock)
        }

        /// A table whose cells hold tables lays out the page rather than data. Each of its
        /// cells is asked whether a table stands in its subtree, from a count of the tables
        /// before each node made once for the page, so that a page of nested tables costs one
        /// look a cell and not a walk of every subtree at every level.
        func isLayoutTable(_ table: Int32) -> Bool {
            for group in tree.children(of: table) {
                let role = tree.role(of: group)
                if role.contains(.row), rowHoldsTable(group) { return true }
                if role.contains(.rowGroup) {
                    for row in tree.children(of: group) where tree.role(of: row).contains(.row) && rowHoldsTable(row) { return true }
                }
            }
            return false
        }

        func rowHoldsTable(_ row: Int32) -> Bool {
            tree.children(of: row).contains { cell in
                tree.role(of: cell).contains(.cell) && tablesBefore[Int(tree[cell].end)] > tablesBefore[Int(cell) + 1]
            }
        }

        /// Whether `row` is a row of `table`: its child, or a child of its thead, tbody or tfoot.
        func isRow(_ row: Int32, of table: Int32) -> Bool {
            guard row >= 0, tree.role(of: row).contains(.row) else { return false }
            let parent = tree[row].parent
            return parent == table || (tree.role(of: parent).contains(.rowGroup) && tree[parent].parent == table)
        }

        /// The rows of a table, through thead/tbody/tfoot, not those of nested tables, each with
        /// its element path below the table's `tablePath` (made once for each row group).
        func rows(of table: Int32, path tablePath: String) -> [(node: Int32, path: String)] {
            var out: [(node: Int32, path: String)] = []
            var numbers = PathSteps<Int32>()
            for child in tree.children(of: table) where !tree[child].isText {
                let name = tree[child].name
                let index = numbers.index(of: name)
                let role = tree.role(of: child)
                guard role.contains(.row) || role.contains(.rowGroup) else { continue }
                let path = tablePath.appendingPathStep(tree.names[Int(name)], index)
                if role.contains(.row) {
                    out.append((child, path))
                    continue
                }
                var rowNumbers = PathSteps<Int32>()
                for row in tree.children(of: child) where !tree[row].isText {
                    let rowName = tree[row].name
                    let rowIndex = rowNumbers.index(of: rowName)
                    guard tree.role(of: row).contains(.row) else { continue }
                    out.append((row, path.appendingPathStep(tree.names[Int(rowName)], rowIndex)))
                }
            }
            return out
        }

        mutating func table(_ table: Int32) {
            for child in tree.children(of: table) where tree.role(of: child).contains(.caption) {
                walk(child)
                flush()
            }
            // The numbering of a row's cells, its storage kept from row to row.
            var numbers = PathSteps<Int32>()
            for (row, rowPath) in rows(of: table, path: tree.path(of: table)) {
                let rowPart = output.addPathPart(rowPath)
                // A row of empty cells is kept (a blank form's value row), as in DOCX; a row
                // with no cells makes no line.
                var startsLine = true
                numbers.removeAll()
                for cell in tree.children(of: row) where !tree[cell].isText {
                    let name = tree[cell].name
                    let index = numbers.index(of: name)
                    guard tree.role(of: cell).contains(.cell) else { continue }
                    // A cell's text: its descendants' text joined, line breaks inside the cell
                    // dropped (`本年新<br>制作数量` is one header), white space collapsed (tabs
                    // included: a cell's text holds none).
                    cellBytes.removeAll(keepingCapacity: true)
                    tree.appendText(below: cell, to: &cellBytes)
                    let line = Int(tree[cell].line)
                    let namePart = nameParts.part(of: name, step: tree.names[Int(name)], in: &output)
                    cellBytes.withUnsafeMutableBufferPointer { b in
                        let count = collapseWhiteSpace(b)
                        output.appendCell(
                            UnsafeBufferPointer(rebasing: b[..<count]), parent: rowPart, name: namePart, index: index,
                            sourceLine: line, startsLine: startsLine)
                    }
                    startsLine = false
                }
            }
        }
    }
}
