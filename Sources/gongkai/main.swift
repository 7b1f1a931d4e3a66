import GongkaiModel
import GongkaiReading
import GongkaiRendering
#if canImport(Glibc)
import Glibc
#endif

let path = CommandLine.arguments[1]
let f = fopen(path, "rb")!
var bytes: [UInt8] = []
var buf = [UInt8](repeating: 0, count: 65536)
while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
do {
    let r = try ReportReader().read(bytes: bytes)
    print(CommandLine.arguments.count > 2 ? ReportDocument.render(r) : CellsDocument.render(r))
} catch { print("error: \(error)") }
