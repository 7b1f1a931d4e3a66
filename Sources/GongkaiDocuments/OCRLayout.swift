import Foundation
import GongkaiModel
import GongkaiReading

/// Reads scans — PDFs without a text layer, and page images — by OCR: each page is rendered
/// to gray at 300 dpi (`pdftoppm`; netpbm's converters for PNG, JPEG and TIFF), its table
/// rules are erased, tesseract (`chi_sim`) gives the words with their boxes and confidences,
/// and ``WordGrid`` rebuilds the rows and columns. Every cell read so carries the mean
/// confidence of its words, and the report is marked as read by OCR (`source == .ocr`).
enum OCRLayout {
    /// The resolution pages are rendered at.
    static let dotsPerInch = 300

    static func layOut(pdf bytes: [UInt8], programs: ExternalPrograms) throws(ReadError) -> LaidOutText {
        let tesseract = try Tesseract.find(forScanOf: "PDF has no text layer (a scanned document)", in: programs)
        guard let pdftoppm = programs.find("pdftoppm") else { throw .missingTool(tool: "pdftoppm", package: "poppler-utils") }
        return try ExternalTool.withTemporaryDirectory { dir throws(ReadError) in
            let file = try ExternalTool.write(bytes, to: "scan.pdf", in: dir)
            let result = try ExternalTool.run(pdftoppm, ["-r", "\(dotsPerInch)", "-gray", file.path, dir.appendingPathComponent("page").path])
            if result.status != 0 {
                throw .damaged(kind: "PDF", reason: result.errorText.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasPrefix("page-") && $0.hasSuffix(".pgm") }
                .sorted { pageNumber($0) < pageNumber($1) }
            var images: [[UInt8]] = []
            for name in names {
                guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else {
                    throw .io("cannot read the rendered page \(name)")
                }
                images.append(Array(data))
            }
            return try recognize(pages: images, with: tesseract, in: dir)
        }
    }

    static func layOut(image bytes: [UInt8], programs: ExternalPrograms) throws(ReadError) -> LaidOutText {
        let tesseract = try Tesseract.find(forScanOf: "input is an image", in: programs)
        return try ExternalTool.withTemporaryDirectory { dir throws(ReadError) in
            let pnm = try toPNM(bytes, in: dir, programs: programs)
            return try recognize(pages: [pnm], with: tesseract, in: dir)
        }
    }

    /// `page-07.pgm` → 7.
    static func pageNumber(_ name: String) -> Int {
        Int(name.dropFirst("page-".count).dropLast(".pgm".count)) ?? 0
    }

    /// The image as netpbm: as it is, or converted by netpbm's own converter for its format.
    static func toPNM(_ bytes: [UInt8], in dir: URL, programs: ExternalPrograms) throws(ReadError) -> [UInt8] {
        guard let format = ImageFormat(magic: bytes) else { throw .damaged(kind: "image", reason: "not a PNG, JPEG, TIFF or netpbm image") }
        guard let converter = format.netpbmConverter else { return bytes }
        guard let tool = programs.find(converter) else { throw .missingTool(tool: converter, package: "netpbm") }
        let file = try ExternalTool.write(bytes, to: "image", in: dir)
        let result = try ExternalTool.run(tool, [file.path])
        guard result.status == 0, GrayImage.isPNM(Array(result.output.prefix(4))) else {
            throw .damaged(kind: "image", reason: result.errorText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Array(result.output)
    }

    /// Erases the rules of every page and runs tesseract on the pages, two or more at a time.
    static func recognize(pages: [[UInt8]], with tesseract: Tesseract, in dir: URL) throws(ReadError) -> LaidOutText {
        guard !pages.isEmpty else { throw .noText(reason: "the document has no pages to read") }
        let results = PageResults(count: pages.count)
        let workers = min(pages.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: pages.count, by: workers) {
                results.set(
                    index,
                    Result { () throws(ReadError) -> PlacedPage in
                        var image = try GrayImage(pnm: pages[index])
                        image.eraseRules()
                        let file = try ExternalTool.write(image.pgm, to: "clean-\(index + 1).pgm", in: dir)
                        return PlacedPage(number: index + 1, words: try tesseract.words(in: file))
                    })
            }
        }
        var placed: [PlacedPage] = []
        for result in results.all {
            switch result {
            case .success(let page): placed.append(page)
            case .failure(let error): throw error
            case nil: throw .io("OCR did not finish")
            }
        }
        if placed.allSatisfy({ $0.words.isEmpty }) { throw .noText(reason: "OCR found no text in the scan") }
        return WordGrid.layOut(placed, source: .ocr)
    }
}

/// The pages recognized so far, filled in by several workers.
private final class PageResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<PlacedPage, ReadError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<PlacedPage, ReadError>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    var all: [Result<PlacedPage, ReadError>?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

/// The tesseract program with its Simplified Chinese model.
struct Tesseract: Sendable {
    let path: String

    /// Finds tesseract and checks that `chi_sim` is installed; `what` says why OCR is needed.
    static func find(forScanOf what: String, in programs: ExternalPrograms) throws(ReadError) -> Tesseract {
        guard let path = programs.find("tesseract") else {
            throw .noText(
                reason: "the \(what); reading it needs OCR, which is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
        }
        let languages = try ExternalTool.run(path, ["--list-langs"])
        let text = String(decoding: languages.output, as: UTF8.self)
        guard text.split(whereSeparator: \.isNewline).contains("chi_sim") else {
            throw .missingTool(tool: "tesseract's chi_sim language", package: "tesseract-ocr-chi-sim")
        }
        return Tesseract(path: path)
    }

    /// The words tesseract finds in an image, with their boxes and confidences. One thread
    /// per tesseract (OpenMP's spinning threads make it several times slower on small machines;
    /// pages run side by side instead).
    func words(in image: URL) throws(ReadError) -> [PlacedWord] {
        let result = try ExternalTool.run(path, [image.path, "stdout", "-l", "chi_sim", "--psm", "6", "tsv"], environment: ["OMP_THREAD_LIMIT": "1"])
        guard result.status == 0 else {
            throw .io("tesseract failed: \(result.errorText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return Self.parseTSV(String(decoding: result.output, as: UTF8.self))
    }

    /// Words of tesseract's TSV (`level … left top width height conf text`; words are level 5).
    static func parseTSV(_ tsv: String) -> [PlacedWord] {
        var words: [PlacedWord] = []
        for line in tsv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 12, fields[0] == "5", let block = Int(fields[2]), let paragraph = Int(fields[3]), let line = Int(fields[4]),
                let left = Double(fields[6]), let top = Double(fields[7]),
                let width = Double(fields[8]), let height = Double(fields[9]), let confidence = Double(fields[10]), confidence >= 0
            else { continue }
            let text = fields[11...].joined(separator: "\t").trimmingCharacters(in: .whitespaces)
            // What is left of a rule after erasing it.
            if text.isEmpty || text.unicodeScalars.allSatisfy({ "|｜丨¦_".unicodeScalars.contains($0) }) { continue }
            words.append(
                PlacedWord(
                    text: text, minX: left, minY: top, maxX: left + width, maxY: top + height, confidence: confidence,
                    line: (block * 1_000 + paragraph) * 1_000 + line))
        }
        return words
    }
}
