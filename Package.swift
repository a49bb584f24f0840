// swift-tools-version:6.0
// No package dependencies (product owner's rule): the toolchain plus Debian's C libraries.
import PackageDescription

/// Pango's and cairo's header directories on Debian (libpango1.0-dev, libcairo2-dev), the two that CPangoCairo's
/// pkg-config (harfbuzz.pc) does not give; passed to the one target that imports CPangoCairo.
let pangoIncludes = ["/usr/include/pango-1.0", "/usr/include/cairo"].flatMap { ["-Xcc", "-I\($0)"] }

let package = Package(
    name: "vocational-training-workers",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vt-bench", targets: ["vt-bench"]),
        .executable(name: "vt-testworker", targets: ["vt-testworker"]),
        .executable(name: "certification-worker", targets: ["certification-worker"]),
        .executable(name: "qualification-worker", targets: ["qualification-worker"]),
        .executable(name: "vtctl", targets: ["vtctl"]),
        .executable(name: "notification-worker", targets: ["notification-worker"]),
        .executable(name: "import-worker", targets: ["import-worker"]),
        .executable(name: "training-worker", targets: ["training-worker"]),
        .executable(name: "subsidy-worker", targets: ["subsidy-worker"]),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            path: "Sources/CHiredis",
            // No pkgConfig: hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM refuses with a
            // warning; the header is found as <hiredis/hiredis.h> on the default include path.
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(name: "CJansson", path: "Sources/CJansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // cairo's PDF surface and Pango over it. pangocairo.pc would give every include path, but it pulls in
        // gmodule-no-export-2.0.pc's -pthread, which SwiftPM refuses with a warning on every build; harfbuzz.pc gives
        // HarfBuzz's, FreeType's and GLib's (the last one per architecture) without it, and ECertificate adds Pango's
        // and cairo's own directories (pangoIncludes below), so only ECertificate imports the module (internal import).
        .systemLibrary(name: "CPangoCairo", path: "Sources/CPangoCairo", pkgConfig: "harfbuzz", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CQREncode", path: "Sources/CQREncode", providers: [.apt(["libqrencode-dev"])]),
        // pkg-config gives only -I/usr/include/libxml2 (where <libxml/parser.h> includes its siblings from).
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "RedisClient", dependencies: ["CHiredis"]),
        .target(name: "JobQueue", dependencies: ["RedisClient", "CJansson"]),
        // The contract's queues and message types: data only, handed to the runtime by each executable.
        .target(name: "WireContract"),
        // The runtime's own test and benchmark handlers (test.count may exit the process): only
        // vt-testworker, vt-bench and the runtime's tests link them.
        .target(name: "TestWorkerHandlers", dependencies: ["JobQueue", "RedisClient"]),
        .target(name: "TrainingDomain"),
        .target(name: "Spreadsheet", dependencies: ["CZlib", "CLibXML2"]),
        // The e-certificate's document: PDF (cairo + Pango), QR code (libqrencode), signed QR text (libcrypto). No Redis.
        .target(name: "ECertificate", dependencies: ["TrainingDomain", "CCrypto", "CPangoCairo", "CQREncode"],
                swiftSettings: [.unsafeFlags(pangoIncludes)]),
        .executableTarget(name: "vt-testworker", dependencies: ["JobQueue", "TestWorkerHandlers", "WireContract"]),
        .executableTarget(name: "vt-bench", dependencies: ["ClassQueries", "Training", "Certification", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "JobQueue", "TestWorkerHandlers", "WireContract", "Qualification", "TrainingDomain", "RedisClient", "ImportWorkflow", "ImportScan", "Spreadsheet", "DomainFixtures", "ECertificate"]),
        .target(name: "WorkflowKernel", dependencies: ["JobQueue", "RedisClient", "TrainingDomain"]),
        .target(name: "DepartmentReview", dependencies: ["WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain"]),
        .target(name: "CertificationQueries", dependencies: ["DepartmentReview", "WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain"]),
        .target(name: "QualificationQueries", dependencies: ["JobQueue", "RedisClient", "TrainingDomain"]),
        .target(name: "ClassQueries", dependencies: ["JobQueue", "RedisClient", "TrainingDomain"]),
        .target(name: "Certification", dependencies: ["CertificationQueries", "DepartmentReview", "WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain"]),
        .executableTarget(name: "certification-worker", dependencies: ["Certification", "JobQueue", "WireContract"]),
        .target(name: "Notification", dependencies: ["CertificationQueries", "WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain", "CCrypto"]),
        .executableTarget(name: "notification-worker", dependencies: ["Notification", "JobQueue", "WireContract"]),
        .target(name: "Qualification", dependencies: ["ClassQueries", "QualificationQueries", "CertificationQueries", "DepartmentReview", "WorkflowKernel", "JobQueue",
                                                    "RedisClient", "TrainingDomain"]),
        .executableTarget(name: "qualification-worker", dependencies: ["Qualification", "JobQueue", "WireContract"]),
        // The import's pure scan (readers, validation thread, error report, template): no Redis.
        .target(name: "ImportScan", dependencies: ["Spreadsheet", "TrainingDomain"]),
        // What import jobs share: where the uploaded file is, its format and mode, reading it from Redis.
        .target(name: "Uploads", dependencies: ["ImportScan", "Spreadsheet", "WorkflowKernel", "JobQueue", "RedisClient"]),
        .target(name: "ImportWorkflow", dependencies: ["Uploads", "ClassQueries", "TrainingQueries", "ImportScan", "Spreadsheet", "CertificationQueries", "QualificationQueries", "WorkflowKernel", "JobQueue",
                                                     "RedisClient", "TrainingDomain"]),
        .executableTarget(name: "import-worker", dependencies: ["ImportWorkflow", "ImportScan", "JobQueue", "WireContract"]),
        // Learning time and scores: what other workflows may read of them.
        .target(name: "TrainingQueries", dependencies: ["JobQueue", "RedisClient"]),
        // Training reads scores files through the import's pure scan machinery (ImportScan, Spreadsheet), not through the import workflow.
        .target(name: "Training", dependencies: ["ECertificate", "CertificationQueries", "Uploads", "ClassQueries", "TrainingQueries", "ImportScan", "Spreadsheet", "WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain"]),
        .executableTarget(name: "training-worker", dependencies: ["Training", "ECertificate", "JobQueue", "WireContract"]),
        // 补贴申领: the third department review; reads classes, their closing, hours and scores through the query modules.
        .target(name: "Subsidy", dependencies: ["ClassQueries", "TrainingQueries", "CertificationQueries", "DepartmentReview", "WorkflowKernel", "JobQueue",
                                              "RedisClient", "TrainingDomain"]),
        .executableTarget(name: "subsidy-worker", dependencies: ["Subsidy", "JobQueue", "WireContract"]),
        .executableTarget(name: "vtctl", dependencies: ["ECertificate", "Subsidy", "ClassQueries", "TrainingQueries", "Training", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Certification", "Qualification", "ImportWorkflow", "ImportScan", "Notification", "JobQueue", "RedisClient", "TrainingDomain", "WireContract"]),
        .target(name: "TestSupport", dependencies: ["RedisClient", "JobQueue"], path: "Tests/TestSupport"),
        .testTarget(name: "RedisClientTests", dependencies: ["RedisClient", "TestSupport"]),
        .testTarget(name: "JobQueueTests", dependencies: ["JobQueue", "TestWorkerHandlers", "TestSupport"]),
        .testTarget(name: "TrainingDomainTests", dependencies: ["TrainingDomain"]),
        .testTarget(name: "WorkflowKernelTests", dependencies: ["WorkflowKernel", "JobQueue", "RedisClient"]),
        .testTarget(name: "DepartmentReviewTests", dependencies: ["DepartmentReview", "WorkflowKernel", "JobQueue", "TrainingDomain"]),
        .testTarget(name: "ECertificateTests", dependencies: ["ECertificate", "TrainingDomain", "TestSupport"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CertificationTests",
                    dependencies: ["WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Certification", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport", "DomainFixtures"]),
        .testTarget(name: "NotificationTests",
                    dependencies: ["WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Notification", "Certification", "Qualification", "ClassQueries", "Training", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport"]),
        .target(name: "DomainFixtures", dependencies: ["WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Certification", "Qualification", "JobQueue", "RedisClient", "TrainingDomain"],
                path: "Tests/DomainFixtures"),
        .testTarget(name: "QualificationTests",
                    dependencies: ["ClassQueries", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Qualification", "Certification", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport", "DomainFixtures"]),
        // Fixtures: the scripts that read the template and the error report with openpyxl and LibreOffice.
        .testTarget(name: "ImportScanTests", dependencies: ["ImportScan", "Spreadsheet", "TrainingDomain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ImportWorkflowTests",
                    dependencies: ["ClassQueries", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "ImportWorkflow", "ImportScan", "Spreadsheet", "Qualification", "Certification", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport",
                                   "DomainFixtures"]),
        .testTarget(name: "FuzzTests",
                    dependencies: ["WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "ImportWorkflow", "Qualification", "Certification", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport",
                                   "DomainFixtures"],
                    exclude: ["Corpus"]),
        .testTarget(name: "ChaosTests",
                    dependencies: ["Subsidy", "TrainingQueries", "ClassQueries", "Training", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "Certification", "Qualification", "ImportWorkflow", "Notification", "JobQueue", "RedisClient", "TrainingDomain",
                                   "TestSupport"]),
        .testTarget(name: "WireContractTests", dependencies: ["ECertificate", "WireContract", "JobQueue", "Certification", "Qualification", "ImportWorkflow", "Notification", "Training", "Subsidy"]),
        .testTarget(name: "TrainingTests",
                    dependencies: ["ECertificate", "CertificationQueries", "ClassQueries", "TrainingQueries", "Training", "WorkflowKernel", "JobQueue", "RedisClient", "TrainingDomain", "TestSupport",
                                   "DomainFixtures", "ImportWorkflow", "ImportScan", "Spreadsheet", "Qualification", "QualificationQueries"]),
        .testTarget(name: "SubsidyTests",
                    dependencies: ["Subsidy", "Certification", "ClassQueries", "TrainingQueries", "CertificationQueries", "DepartmentReview", "WorkflowKernel", "JobQueue", "RedisClient",
                                   "TrainingDomain", "TestSupport", "DomainFixtures", "WireContract"]),
        .testTarget(name: "VtctlTests", dependencies: ["Subsidy", "WorkflowKernel", "DepartmentReview", "CertificationQueries", "QualificationQueries", "vtctl", "Certification", "Qualification", "TestSupport", "WireContract"]),
        // deploy/'s dashboard and alert rules against the real workers' /metrics (promtool).
        .testTarget(name: "DeployTests", dependencies: ["ImportWorkflow", "Qualification", "JobQueue", "RedisClient", "TestSupport", "DomainFixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
