import Foundation
import GongkaiDocuments
import GongkaiModel
import GongkaiReading

/// The report as PDF: the DOCX converted by LibreOffice headless (Debian `libreoffice-writer`),
/// with the Simplified Chinese Noto fonts (Debian `fonts-noto-cjk`) standing in for the 公文
/// fonts and embedded.
public enum PDFWriter {
    /// The 公文 fonts the DOCX names, mapped for fontconfig to the Simplified Chinese Noto
    /// faces (without it LibreOffice falls back to the Japanese ones): 仿宋 and 宋 styles to
    /// Noto Serif CJK SC, 黑体 to Noto Sans CJK SC. Times New Roman (the digits and Latin text)
    /// goes to Liberation Serif, which has its metrics (Debian `fonts-liberation2`), or else to
    /// Noto Serif CJK SC: fontconfig's own fallback (DejaVu Serif) has digits a third wider,
    /// and a four-digit count then wraps inside its table cell. The system configuration is kept.
    static let fontSubstitutions: String = {
        let serif = ["仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "宋体", "SimSun"]
        let sans = ["黑体", "SimHei"]
        func alias(_ family: String, _ targets: String...) -> String {
            let prefer = targets.map { "<family>\($0)</family>" }.joined()
            return "<alias binding=\"same\"><family>\(family)</family><prefer>\(prefer)</prefer></alias>"
        }
        return """
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
            <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
            \((serif.map { alias($0, "Noto Serif CJK SC") } + sans.map { alias($0, "Noto Sans CJK SC") }).joined(separator: "\n"))
            \(alias("Times New Roman", "Liberation Serif", "Noto Serif CJK SC"))
            </fontconfig>
            """
    }()

    public static func render(_ report: Report, draftMark: String? = nil, programs: ExternalPrograms = .environment) throws(RenderError) -> Data {
        try convert(docx: DOCXWriter.render(report, draftMark: draftMark), programs: programs)
    }

    /// A Word document of Gongkai's made into a PDF by LibreOffice, with the same fonts.
    public static func convert(docx: Data, programs: ExternalPrograms = .environment) throws(RenderError) -> Data {
        guard let soffice = programs.find("soffice") ?? programs.find("libreoffice") else {
            throw .missingTool(tool: "soffice (LibreOffice)", package: "libreoffice-writer")
        }
        do {
            return try ExternalTool.withTemporaryDirectory { dir throws(ReadError) -> Data in
                let input = try ExternalTool.write(Array(docx), to: "report.docx", in: dir)
                let fonts = try ExternalTool.write(Array(fontSubstitutions.utf8), to: "fonts.conf", in: dir)
                // A private profile: LibreOffice refuses to start when another instance holds the user's.
                let profile = dir.appendingPathComponent("profile").absoluteString
                let result = try ExternalTool.run(
                    soffice,
                    ["-env:UserInstallation=\(profile)", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir.path, input.path],
                    environment: ["HOME": dir.path, "FONTCONFIG_FILE": fonts.path])
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
