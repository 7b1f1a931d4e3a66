import GongkaiReading

/// The page-image formats read by OCR, told by their magic bytes.
enum ImageFormat {
    case png, jpeg, tiff, netpbm

    init?(magic b: [UInt8]) {
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            self = .png
        } else if b.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else if GrayImage.isPNM(b) {
            self = .netpbm
        } else {
            return nil
        }
    }

    /// netpbm's program that turns the format into netpbm (nil: it is netpbm already).
    var netpbmConverter: String? {
        switch self {
        case .png: "pngtopnm"
        case .jpeg: "jpegtopnm"
        case .tiff: "tifftopnm"
        case .netpbm: nil
        }
    }
}

/// A grayscale raster (0 black … 255 white), read from and written as netpbm (PGM), the form
/// `pdftoppm -gray` and netpbm's converters give and tesseract reads.
struct GrayImage: Sendable {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    /// Whether the bytes start like a binary netpbm image (`P4`, `P5`, `P6` and white space).
    static func isPNM(_ bytes: [UInt8]) -> Bool {
        bytes.count > 3 && bytes[0] == UInt8(ascii: "P") && (UInt8(ascii: "4")...UInt8(ascii: "6")).contains(bytes[1])
            && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[2])
    }

    /// Reads a binary PBM (`P4`), PGM (`P5`) or PPM (`P6`, turned to gray).
    init(pnm bytes: [UInt8]) throws(ReadError) {
        var header = PNMHeaderScanner(bytes: bytes, at: 2)
        guard GrayImage.isPNM(bytes), let width = header.number(), let height = header.number(), width > 0, height > 0,
            width <= 60_000, height <= 60_000
        else { throw .damaged(kind: "image", reason: "not a binary netpbm image") }
        let kind = bytes[1]
        let maxValue = kind == UInt8(ascii: "4") ? 1 : (header.number() ?? 0)
        guard maxValue > 0, maxValue < 65_536 else { throw .damaged(kind: "image", reason: "bad netpbm maximum value") }
        let start = header.offset + 1  // one white space character ends the header
        let channels = kind == UInt8(ascii: "6") ? 3 : 1
        let sampleBytes = maxValue > 255 ? 2 : 1
        let rowBytes = kind == UInt8(ascii: "4") ? (width + 7) / 8 : width * channels * sampleBytes
        guard start + rowBytes * height <= bytes.count else { throw .damaged(kind: "image", reason: "the netpbm image is truncated") }
        var pixels = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            let row = start + y * rowBytes
            for x in 0..<width {
                let value: Int
                if kind == UInt8(ascii: "4") {
                    value = (bytes[row + x / 8] >> (7 - UInt8(x % 8))) & 1 == 1 ? 0 : 255
                } else {
                    var sum = 0
                    for c in 0..<channels {
                        let i = row + (x * channels + c) * sampleBytes
                        let sample = sampleBytes == 2 ? Int(bytes[i]) << 8 | Int(bytes[i + 1]) : Int(bytes[i])
                        sum += sample * 255 / maxValue
                    }
                    value = sum / channels
                }
                pixels[y * width + x] = UInt8(clamping: value)
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The image as a binary PGM.
    var pgm: [UInt8] { Array("P5\n\(width) \(height)\n255\n".utf8) + pixels }

    /// Whites out the ruling lines of tables — dark runs much longer than any stroke of a
    /// character, horizontal or vertical — so that OCR sees the text in the cells and not the
    /// grid (which it reads as `|`, `1` and `0` and glues to the numbers beside it).
    mutating func eraseRules() {
        let dark: UInt8 = 160
        var mask = [Bool](repeating: false, count: pixels.count)
        // Horizontal rules: longer than 1/25 of the width (≈ 8 mm on A4); vertical rules:
        // longer than 1/45 of the height (≈ 6.6 mm), shorter than a table row but longer than a
        // character's stroke. A gap of up to two pixels does not break a run (scans).
        markRuns(count: height, length: width, minimum: max(30, width / 25), mask: &mask) { line, k in line * width + k }
        markRuns(count: width, length: height, minimum: max(30, height / 45), mask: &mask) { line, k in k * width + line }
        func isDark(_ i: Int) -> Bool { pixels[i] < dark }
        // Erase the marked pixels and the anti-aliased pixels along them.
        for i in mask.indices where mask[i] {
            pixels[i] = 255
            let x = i % width
            for j in [i - 1, i + 1, i - width, i + width] where j >= 0 && j < pixels.count && abs(j % width - x) <= 1 && !mask[j] && pixels[j] >= dark
            {
                pixels[j] = 255
            }
        }

        func markRuns(count: Int, length: Int, minimum: Int, mask: inout [Bool], index: (Int, Int) -> Int) {
            for line in 0..<count {
                var start = -1
                var lastDark = -1
                for k in 0...length {
                    let isOn = k < length && pixels[index(line, k)] < dark
                    if isOn {
                        if start < 0 || k - lastDark > 3 {
                            if start >= 0, lastDark - start + 1 >= minimum { for m in start...lastDark { mask[index(line, m)] = true } }
                            start = k
                        }
                        lastDark = k
                    }
                }
                if start >= 0, lastDark - start + 1 >= minimum { for m in start...lastDark { mask[index(line, m)] = true } }
            }
        }
    }
}

/// Reads the numbers of a netpbm header, skipping white space and `#` comments.
private struct PNMHeaderScanner {
    let bytes: [UInt8]
    var offset: Int

    init(bytes: [UInt8], at offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    mutating func number() -> Int? {
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "#") {
                while offset < bytes.count, bytes[offset] != 0x0A { offset += 1 }
            } else if [0x20, 0x09, 0x0A, 0x0D].contains(b) {
                offset += 1
            } else {
                break
            }
        }
        var value = 0
        var digits = 0
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]), digits < 9 {
            value = value * 10 + Int(bytes[offset] - UInt8(ascii: "0"))
            offset += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
