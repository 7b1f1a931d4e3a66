import Foundation
import GongkaiReading

/// A page of a PDF as a PNG image (poppler's `pdftoppm`), for showing a reader where a finding
/// stands on the page it was read from.
public enum PageImage {
    /// Page `page` (from 1) at `dotsPerInch`; an error value when the page is not there or the
    /// program is missing.
    public static func png(pdf: [UInt8], page: Int, dotsPerInch: Int = 80, programs: ExternalPrograms = .environment) throws(ReadError) -> [UInt8] {
        guard let pdftoppm = programs.find("pdftoppm") else { throw .missingTool(tool: "pdftoppm", package: "poppler-utils") }
        guard page >= 1 else { throw .io("page \(page) is not a page") }
        return try ExternalTool.withTemporaryDirectory { dir throws(ReadError) -> [UInt8] in
            let input = try ExternalTool.write(pdf, to: "report.pdf", in: dir)
            let output = dir.appendingPathComponent("page")
            let result = try ExternalTool.run(
                pdftoppm, ["-png", "-r", "\(dotsPerInch)", "-f", "\(page)", "-l", "\(page)", "-singlefile", input.path, output.path])
            guard result.status == 0, let data = try? Data(contentsOf: output.appendingPathExtension("png")) else {
                throw .io("the PDF has no page \(page)")
            }
            return Array(data)
        }
    }
}
