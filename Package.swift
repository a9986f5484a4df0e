// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BiasFlow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Multiprecision", targets: ["Multiprecision"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Integrators", targets: ["Integrators"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Limits", targets: ["Limits"]),
        .library(name: "Flow", targets: ["Flow"]),
        .library(name: "Asymptotics", targets: ["Asymptotics"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Reports", targets: ["Reports"]),
        .executable(name: "biasflow", targets: ["biasflow"]),
        .executable(name: "ODEExample", targets: ["ODEExample"]),
        .executable(name: "WoodworthSweep", targets: ["WoodworthSweep"]),
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
        // Linear algebra: LU (MPFR and scaled binary64), real Schur form, symmetric eigenvalues,
        // small dense products.
        .target(name: "LinearAlgebra", dependencies: ["Multiprecision", "CMPFR"]),
        // The integrator core: ODE systems, Radau IIA and extrapolation steppers, step-size control.
        .target(name: "Integrators", dependencies: ["LinearAlgebra", "Multiprecision"]),
        // Data sets: exact CSV, validation, the built-in data sets, seeded random data.
        .target(name: "Datasets", dependencies: ["Multiprecision"]),
        // Reference limits: exact LP / QP with certificates, Q^D regularizers, sweep path.
        .target(name: "Limits", dependencies: ["Datasets", "LinearAlgebra", "Multiprecision", "CMPFR"]),
        // Flows: models, losses, dual reduction, clocks, integrators, trajectories.
        .target(name: "Flow", dependencies: ["Datasets", "Integrators", "LinearAlgebra", "Multiprecision", "CMPFR"]),
        // Analysis: distances to limits, regime labels, transition points, rate fits, saddles.
        .target(name: "Asymptotics", dependencies: ["Datasets", "Flow", "Integrators", "Limits", "LinearAlgebra", "Multiprecision"]),
        // Experiments: YAML experiment and model files, the sweep store, runner and Slurm arrays.
        .target(
            name: "Experiments",
            dependencies: ["Asymptotics", "Datasets", "Flow", "Limits", "Multiprecision", .product(name: "Yams", package: "Yams")]
        ),
        // Output: JSON, CSV, Markdown and LaTeX tables; SVG and pgfplots figures.
        .target(name: "Reports", dependencies: ["Asymptotics", "Datasets", "Experiments", "Flow", "Limits", "Multiprecision"]),
        // Benchmarks: the C floor for the kernel workload and the Swift workload beside it.
        .target(name: "CKernelBaseline", dependencies: ["CMPFR"], path: "Benchmarks/CKernelBaseline"),
        .target(
            name: "KernelBenchmark",
            dependencies: ["Multiprecision", "CKernelBaseline", "CMPFR"],
            path: "Benchmarks/KernelBenchmark"
        ),
        // The kernel workload against the C floor: swift run -c release KernelBench.
        .executableTarget(
            name: "KernelBench",
            dependencies: ["KernelBenchmark", "Multiprecision", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/KernelBench"
        ),
        // Exact limits against QSopt_ex (esolver) on the same LPs: swift run -c release LimitsBenchmark.
        .executableTarget(name: "LimitsBenchmark", dependencies: ["Limits", "Multiprecision"], path: "Benchmarks/LimitsBenchmark"),
        // The binary64 Newton-matrix factorization at the engine's sizes: swift run -c release FactorizationBenchmark.
        .executableTarget(name: "FactorizationBenchmark", dependencies: ["LinearAlgebra", "Multiprecision"], path: "Benchmarks/FactorizationBenchmark"),
        // The flow engine against heyoka on the same ODE: swift run -c release FlowBenchmark.
        .executableTarget(name: "FlowBenchmark", dependencies: ["Datasets", "Flow", "Limits", "Multiprecision"], path: "Benchmarks/FlowBenchmark"),
        // A client of the public integrator library, using only the public products.
        .executableTarget(name: "ODEExample", dependencies: ["Integrators", "Multiprecision"], path: "Examples/ODEExample"),
        .executableTarget(
            name: "WoodworthSweep", dependencies: ["Multiprecision", "Datasets", "Limits", "Flow", "Reports"],
            path: "Examples/WoodworthSweep"),
        .executableTarget(
            name: "biasflow",
            dependencies: [
                "Multiprecision", "Datasets", "Limits", "Flow", "Asymptotics", "Experiments", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MultiprecisionTests",
            dependencies: ["Multiprecision", "LinearAlgebra", "CMPFR"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "Multiprecision"]),
        .testTarget(name: "IntegratorsTests", dependencies: ["Integrators", "LinearAlgebra", "Multiprecision"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Multiprecision"]),
        .testTarget(
            name: "LimitsTests", dependencies: ["Limits", "Datasets", "LinearAlgebra", "Multiprecision"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FlowTests",
            dependencies: ["Flow", "Datasets", "Integrators", "LinearAlgebra", "Multiprecision", "Limits"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AsymptoticsTests", dependencies: ["Asymptotics", "Datasets", "Experiments", "Flow", "Limits", "Multiprecision"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Asymptotics", "Datasets", "Flow", "Limits", "Multiprecision"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Asymptotics", "Datasets", "Experiments", "Flow", "Limits", "Multiprecision"]
        ),
        // Fuzz and property tests of the input layers, and end-to-end tests of the built biasflow.
        .testTarget(
            name: "RobustnessTests",
            dependencies: ["Asymptotics", "Datasets", "Experiments", "Flow", "Limits", "Multiprecision"]
        ),
    ]
)
