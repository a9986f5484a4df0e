// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BiasFlow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Multiprecision", targets: ["Multiprecision"]),
        .executable(name: "biasflow", targets: ["biasflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev", "libgmp-dev", "pkg-config"])]
        ),
        .target(
            name: "Multiprecision",
            dependencies: ["CMPFR"]
        ),
        .target(
            name: "CKernelBaseline",
            dependencies: ["CMPFR"],
            path: "Benchmarks/CKernelBaseline"
        ),
        .target(
            name: "KernelBenchmark",
            dependencies: ["Multiprecision", "CKernelBaseline", "CMPFR"],
            path: "Benchmarks/KernelBenchmark"
        ),
        .executableTarget(
            name: "biasflow",
            dependencies: [
                "Multiprecision",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MultiprecisionTests",
            dependencies: ["Multiprecision", "CMPFR"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
