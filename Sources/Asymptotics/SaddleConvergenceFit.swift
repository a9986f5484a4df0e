import Multiprecision

/// How the flow's plateaus approach the α → 0 algorithm as α decreases (MATH.md T11: finite-α
/// corrections of order 1/ln(1/α)), fitted over several `SaddlePlateauReport`s.
///
/// * Jump times: T_k(α) − T_k ≈ c_k / ln(1/α). `jumpCorrection` is the least-squares c_k
///   through the origin in the variable 1/ln(1/α); `scaledDeviations` are the per-α products
///   (T_k(α) − T_k)·ln(1/α), which tend to c_k when the correction is of that order.
/// * Distances: the off-support distance at the plateau's middle as a power of α,
///   d_k(α) = α^{e_k}: `distanceExponents` are the per-α values e_k = ln d_k / ln α, to compare
///   with the exact `SaddlePlateau.predictedExponent` (approached with O(1/ln(1/α)) corrections).
public struct SaddleConvergenceFit: Sendable {
    public struct Saddle: Sendable {
        public let index: Int
        public let jumpCorrection: Double?
        public let scaledDeviations: [Double]
        public let distanceExponents: [Double]
    }

    public let saddles: [Saddle]

    public init(reports: [SaddlePlateauReport]) {
        guard let first = reports.first else {
            saddles = []
            return
        }
        var result: [Saddle] = []
        for k in first.plateaus.indices {
            var scaled: [Double] = [], exponents: [Double] = []
            var numerator = 0.0, denominator = 0.0
            for report in reports {
                let plateau = report.plateaus[k]
                let log = report.logInverseAlpha.doubleValue
                if let measured = plateau.measuredJumpTime {
                    let deviation = (measured - BigFloat(plateau.predictedStart, precision: measured.precision)).doubleValue
                    scaled.append(deviation * log)
                    numerator += deviation / log
                    denominator += 1 / (log * log)
                }
                if let magnitude = plateau.offSupportDistance.log10Magnitude {
                    // e = ln d / ln α = log10 d / log10 α, with log10 α = −ln(1/α)/ln 10.
                    exponents.append(magnitude / (-log / 2.302585092994046))
                }
            }
            result.append(
                Saddle(
                    index: k, jumpCorrection: denominator > 0 ? numerator / denominator : nil,
                    scaledDeviations: scaled, distanceExponents: exponents))
        }
        saddles = result
    }
}
