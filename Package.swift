// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gongkai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "GongkaiModel", targets: ["GongkaiModel"]),
        .library(name: "GongkaiReading", targets: ["GongkaiReading"]),
        .library(name: "GongkaiDocuments", targets: ["GongkaiDocuments"]),
        .library(name: "GongkaiChecks", targets: ["GongkaiChecks"]),
        .library(name: "GongkaiRendering", targets: ["GongkaiRendering"]),
        .library(name: "GongkaiGeneration", targets: ["GongkaiGeneration"]),
        .library(name: "GongkaiRecords", targets: ["GongkaiRecords"]),
        .library(name: "GongkaiOffice", targets: ["GongkaiOffice"]),
        .library(name: "GongkaiCollection", targets: ["GongkaiCollection"]),
        .library(name: "GongkaiSupervision", targets: ["GongkaiSupervision"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The typed report: formats, cell ids, cells, sections, findings. No dependencies.
        .target(name: "GongkaiModel"),
        // Bytes → Report: decoding, layout finding, tables by their labels.
        .target(name: "GongkaiReading", dependencies: ["GongkaiModel"]),
        // libxml2 from Debian (libxml2-dev): the HTML and XML parsers.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib from Debian (zlib1g-dev): inflating a Word file's parts, with every size checked first.
        .systemLibrary(
            name: "CZlibInflate", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // glibc's mallopt, for batch commands that keep freed memory for the next report.
        .systemLibrary(name: "CMalloc"),
        // HTML, DOCX, PDF and scans → laid-out text with origins → Report (through GongkaiReading).
        .target(
            name: "GongkaiDocuments",
            dependencies: [
                "GongkaiModel", "GongkaiReading", "CLibXML2", "CMalloc", "CZlibInflate",
            ]
        ),
        // Report → [Finding]: the rules of spec/rules.md.
        .target(name: "GongkaiChecks", dependencies: ["GongkaiModel"]),
        // Report / findings → JSON documents and compiler-style diagnostics.
        .target(name: "GongkaiRendering", dependencies: ["GongkaiModel"]),
        // Report → the official format: DOCX, HTML, Markdown, PDF (LibreOffice); `gongkai new`'s fill-in document.
        .target(
            name: "GongkaiGeneration",
            dependencies: [
                "GongkaiModel", "GongkaiReading", "GongkaiChecks", "GongkaiRendering", "GongkaiDocuments",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The disclosure office's records: applications with their statutory deadlines on the
        // official working-day calendar, the proactive-disclosure and review/litigation
        // registers, and the year's tables computed from them.
        .target(
            name: "GongkaiRecords",
            dependencies: ["GongkaiModel"],
            resources: [.copy("Resources/working-days.json")]
        ),
        // The supervisor's collection as values: the register of agencies, a collected report,
        // the rules across reports, the two classes of finding and their fingerprints, the
        // measures, the year's export. No I/O.
        .target(
            name: "GongkaiCollection",
            dependencies: ["GongkaiModel", "GongkaiRendering", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The office's records kept in a database: SQLite through GRDB (one file, WAL) or
        // PostgreSQL through PostgresNIO, behind one interface, with migrations and an
        // append-only audit log.
        .target(
            name: "GongkaiStore",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiCollection",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The office's use cases in one place: every rule of the office's work, each use case one
        // transaction in the store with its audit entry; the CLI, the API and the web pages call it.
        .target(
            name: "GongkaiOffice",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // libxlsxwriter from Debian (libxlsxwriter-dev): the year's export as a real workbook.
        .systemLibrary(
            name: "CXLSXWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // The supervisor's use cases in one place: the register, collecting reports (a queue
        // that workers on several machines share), the findings across reports, their review,
        // the year's views and exports. The CLI and the API call it.
        .target(
            name: "GongkaiSupervision",
            dependencies: [
                "GongkaiModel", "GongkaiDocuments", "GongkaiChecks", "GongkaiRendering", "GongkaiCollection", "GongkaiStore", "CXLSXWriter",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `gongkai serve` on Hummingbird 2: the web application in Chinese (pages from Mustache
        // templates, cookie sessions, CSRF tokens) and the JSON API under /api (staff sessions
        // and roles, the applicant's private tracking token, the OpenAPI document).
        .target(
            name: "GongkaiServer",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiStore", "GongkaiOffice", "GongkaiGeneration", "GongkaiRendering",
                "GongkaiCollection", "GongkaiSupervision", "GongkaiDocuments", "GongkaiChecks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/templates"), .copy("Resources/static")]
        ),
        // The command line: thin door onto the libraries.
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiModel", "GongkaiReading", "GongkaiDocuments", "GongkaiChecks", "GongkaiRendering", "GongkaiGeneration",
                "GongkaiRecords", "GongkaiStore", "GongkaiOffice", "GongkaiServer", "GongkaiCollection", "GongkaiSupervision",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // Reading and checking measured alone, with no server or async runtime linked in, so
        // that a profiler (valgrind's callgrind) can count its instructions per report.
        .executableTarget(name: "gongkai-reading-bench", dependencies: ["GongkaiDocuments", "GongkaiChecks"]),
        // The corpus fixtures and gold files shared by the test targets.
        .target(name: "GongkaiTestSupport", dependencies: ["GongkaiModel", "GongkaiRendering"], path: "Tests/GongkaiTestSupport"),
        .testTarget(
            name: "GongkaiReadingTests",
            dependencies: ["GongkaiModel", "GongkaiReading", "GongkaiRendering", "GongkaiTestSupport"],
            path: "Tests/GongkaiReadingTests"
        ),
        .testTarget(
            name: "GongkaiDocumentsTests",
            dependencies: ["GongkaiModel", "GongkaiReading", "GongkaiDocuments", "GongkaiChecks", "GongkaiRendering", "GongkaiTestSupport"],
            path: "Tests/GongkaiDocumentsTests"
        ),
        .testTarget(
            name: "GongkaiGenerationTests",
            dependencies: [
                "GongkaiModel", "GongkaiReading", "GongkaiDocuments", "GongkaiChecks", "GongkaiGeneration", "GongkaiRecords", "GongkaiTestSupport",
            ],
            path: "Tests/GongkaiGenerationTests"
        ),
        .testTarget(
            name: "GongkaiRecordsTests",
            dependencies: ["GongkaiModel", "GongkaiChecks", "GongkaiGeneration", "GongkaiRecords"],
            path: "Tests/GongkaiRecordsTests"
        ),
        .testTarget(
            name: "GongkaiStoreTests",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/GongkaiStoreTests"
        ),
        .testTarget(
            name: "GongkaiServerTests",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiStore", "GongkaiOffice", "GongkaiServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/GongkaiServerTests"
        ),
        .testTarget(
            name: "GongkaiOfficeTests",
            dependencies: ["GongkaiModel", "GongkaiRecords", "GongkaiStore", "GongkaiOffice"],
            path: "Tests/GongkaiOfficeTests"
        ),
        .testTarget(
            name: "GongkaiSupervisionTests",
            dependencies: [
                "GongkaiModel", "GongkaiRecords", "GongkaiGeneration", "GongkaiDocuments", "GongkaiCollection", "GongkaiStore",
                "GongkaiSupervision", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GongkaiSupervisionTests"
        ),
        .testTarget(
            name: "GongkaiChecksTests",
            dependencies: ["GongkaiModel", "GongkaiReading", "GongkaiChecks", "GongkaiRendering", "GongkaiTestSupport"],
            path: "Tests/GongkaiChecksTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
