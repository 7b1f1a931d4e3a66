internal import CLibXML2
import Foundation
import GongkaiModel
import GongkaiReading

/// Lays out a PDF from the word boxes of its text layer (poppler's `pdftotext -bbox-layout`):
/// the words are placed on their pages and the rows and columns of its tables rebuilt from
/// their positions (``WordGrid``). A PDF without a text layer — a scan — is read by OCR when
/// tesseract is installed (``OCRLayout``).
enum PDFLayout {
    static func layOut(_ bytes: [UInt8], programs: ExternalPrograms) throws(ReadError) -> LaidOutText {
        let pages = try ExternalTool.withTemporaryDirectory { dir throws(ReadError) in
            let file = try ExternalTool.write(bytes, to: "document.pdf", in: dir)
            return try words(of: file, programs: programs)
        }
        if pages.allSatisfy({ $0.words.isEmpty }) {
            return try OCRLayout.layOut(pdf: bytes, programs: programs)
        }
        return WordGrid.layOut(pages, source: .pdf)
    }

    /// The words of every page, from `pdftotext -bbox-layout`.
    static func words(of file: URL, programs: ExternalPrograms) throws(ReadError) -> [PlacedPage] {
        guard let tool = programs.find("pdftotext") else {
            throw .missingTool(tool: "pdftotext", package: "poppler-utils")
        }
        let result = try ExternalTool.run(tool, ["-bbox-layout", "-enc", "UTF-8", file.path, "-"])
        if result.status != 0 {
            let message = result.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
            if message.localizedCaseInsensitiveContains("password") || result.status == 3 { throw .encrypted(kind: "PDF") }
            throw .damaged(kind: "PDF", reason: message.isEmpty ? "pdftotext exited with status \(result.status)" : message)
        }
        return try parseBoxes(Array(result.output))
    }

    /// Pages and words of poppler's bbox XHTML (`<page>` … `<word xMin= yMin= xMax= yMax=>`).
    static func parseBoxes(_ xhtml: [UInt8]) throws(ReadError) -> [PlacedPage] {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed: htmlDocPtr? = xhtml.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), "boxes.html", "UTF-8", options)
            }
        }
        guard let doc = parsed, let root = xmlDocGetRootElement(doc) else {
            throw .damaged(kind: "PDF", reason: "pdftotext gave no word boxes")
        }
        defer { xmlFreeDoc(doc) }
        var pages: [PlacedPage] = []
        var line = 0
        func walk(_ node: XMLNodeRef) {
            for child in node.children where child.isElement {
                switch child.name {
                case "page":
                    pages.append(PlacedPage(number: pages.count + 1, words: []))
                    walk(child)
                case "line":
                    line += 1
                    walk(child)
                case "word":
                    guard !pages.isEmpty, let word = placedWord(child, line: line) else { continue }
                    pages[pages.count - 1].words.append(word)
                default:
                    walk(child)
                }
            }
        }
        walk(XMLNodeRef(node: root))
        return pages
    }

    static func placedWord(_ node: XMLNodeRef, line: Int) -> PlacedWord? {
        guard let x0 = node.attribute(local: "xmin").flatMap(Double.init) ?? node.attribute(local: "xMin").flatMap(Double.init),
            let y0 = node.attribute(local: "ymin").flatMap(Double.init) ?? node.attribute(local: "yMin").flatMap(Double.init),
            let x1 = node.attribute(local: "xmax").flatMap(Double.init) ?? node.attribute(local: "xMax").flatMap(Double.init),
            let y1 = node.attribute(local: "ymax").flatMap(Double.init) ?? node.attribute(local: "yMax").flatMap(Double.init)
        else { return nil }
        let text = node.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        return PlacedWord(text: text, minX: x0, minY: y0, maxX: x1, maxY: y1, line: line)
    }
}
