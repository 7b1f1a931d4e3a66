import Foundation
import GongkaiDocuments
import GongkaiModel
import GongkaiReading

/// The report as PDF: the DOCX converted by LibreOffice headless (Debian `libreoffice-writer`),
/// with the CJK fonts fontconfig finds (Debian `fonts-noto-cjk`) embedded.
public enum PDFWriter {
    public static func render(_ report: Report, draftMark: String? = nil, programs: ExternalPrograms = .environment) throws(RenderError) -> Data {
        guard let soffice = programs.find("soffice") ?? programs.find("libreoffice") else {
            throw .missingTool(tool: "soffice (LibreOffice)", package: "libreoffice-writer")
        }
        let docx = try DOCXWriter.render(report, draftMark: draftMark)
        do {
            return try ExternalTool.withTemporaryDirectory { dir throws(ReadError) -> Data in
                let input = try ExternalTool.write(Array(docx), to: "report.docx", in: dir)
                // A private profile: LibreOffice refuses to start when another instance holds the user's.
                let profile = dir.appendingPathComponent("profile").absoluteString
                let result = try ExternalTool.run(
                    soffice,
                    ["-env:UserInstallation=\(profile)", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir.path, input.path],
                    environment: ["HOME": dir.path])
                let output = dir.appendingPathComponent("report.pdf")
                guard result.status == 0, let pdf = try? Data(contentsOf: output) else {
                    throw .io("soffice exited with status \(result.status): \(result.errorText.prefix(300))")
                }
                return pdf
            }
        } catch {
            throw .conversionFailed(error.description)
        }
    }
}
