// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BiasFlow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Multiprecision", targets: ["Multiprecision"]),
        .library(name: "Limits", targets: ["Limits"]),
        .library(name: "Flow", targets: ["Flow"]),
        .library(name: "Asymptotics", targets: ["Asymptotics"]),
        .library(name: "Reports", targets: ["Reports"]),
        .executable(name: "biasflow", targets: ["biasflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // API documentation only (`swift package generate-documentation`, scripts/check-api-docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // C shim: MPFR and GMP as Swift sees them.
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev", "libgmp-dev", "pkg-config"])]
        ),
        // Numbers: BigFloat, Rational, vectors, matrices, in-place kernels, exact CSV.
        .target(name: "Multiprecision", dependencies: ["CMPFR"]),
        // Reference limits: exact LP / QP with certificates, Q^D regularizers, sweep path.
        .target(name: "Limits", dependencies: ["Multiprecision", "CMPFR"]),
        // Flows: models, losses, dual reduction, clocks, integrators, trajectories.
        .target(name: "Flow", dependencies: ["Multiprecision", "CMPFR"]),
        // Analysis: distances to limits, regime labels, transition points, rate fits, sweeps.
        .target(
            name: "Asymptotics",
            dependencies: ["Flow", "Limits", "Multiprecision", .product(name: "Yams", package: "Yams")]
        ),
        // Output: JSON, CSV, Markdown and LaTeX tables; SVG and pgfplots figures.
        .target(name: "Reports", dependencies: ["Asymptotics", "Flow", "Limits", "Multiprecision"]),
        // Benchmarks: the C floor for the kernel workload and the Swift workload beside it.
        .target(name: "CKernelBaseline", dependencies: ["CMPFR"], path: "Benchmarks/CKernelBaseline"),
        .target(
            name: "KernelBenchmark",
            dependencies: ["Multiprecision", "CKernelBaseline", "CMPFR"],
            path: "Benchmarks/KernelBenchmark"
        ),
        // Exact limits against QSopt_ex (esolver) on the same LPs: swift run -c release LimitsBenchmark.
        .executableTarget(name: "LimitsBenchmark", dependencies: ["Limits", "Multiprecision"], path: "Benchmarks/LimitsBenchmark"),
        // The flow engine against heyoka on the same ODE: swift run -c release FlowBenchmark.
        .executableTarget(name: "FlowBenchmark", dependencies: ["Asymptotics", "Flow", "Limits", "Multiprecision"], path: "Benchmarks/FlowBenchmark"),
        .executableTarget(
            name: "biasflow",
            dependencies: [
                "Multiprecision", "Limits", "Flow", "Asymptotics", "Reports", "KernelBenchmark",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MultiprecisionTests",
            dependencies: ["Multiprecision", "CMPFR"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LimitsTests", dependencies: ["Limits", "Multiprecision"]),
        .testTarget(name: "FlowTests", dependencies: ["Flow", "Multiprecision", "Limits"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AsymptoticsTests", dependencies: ["Asymptotics", "Flow", "Limits", "Multiprecision"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Asymptotics", "Flow", "Limits", "Multiprecision"]),
        // Fuzz and property tests of the input layers, and end-to-end tests of the built biasflow.
        .testTarget(name: "RobustnessTests", dependencies: ["Asymptotics", "Flow", "Limits", "Multiprecision"]),
    ]
)
