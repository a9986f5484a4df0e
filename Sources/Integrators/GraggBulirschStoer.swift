/// The explicit algorithm: Gragg–Bulirsch–Stoer extrapolation of the modified midpoint rule with
/// n_j = 2j substeps, j = 1 … k, extrapolated in h² (order 2k; error estimate of order 2k − 2),
/// for non-stiff systems: its stable step is bounded by about 1/‖J‖.
///
/// Dense output: within a step, the value at t is one extrapolation step of length t − t₀ from
/// the step's start (same k): order 2k, error no larger than the step's own, at the cost of one
/// step (k(k + 1) − 1 evaluations of f) per evaluation.
public struct GraggBulirschStoer: Sendable, Equatable {
    /// The column count k (k ≥ 2); nil chooses it from the tolerance (`columns(log10Tolerance:)`).
    public var columns: Int?
    /// The order policy k = clamp(⌊d / digitsPerColumn⌋ + extraColumns, minimumColumns,
    /// maximumColumns), d = −log10(tolerance).
    public var digitsPerColumn = 2.5
    public var extraColumns = 2
    public var minimumColumns = 4
    public var maximumColumns = 16

    public init(columns: Int? = nil) { self.columns = columns }

    /// The column count used at local tolerance 10^log10Tolerance.
    public func columns(log10Tolerance: Double) -> Int {
        if let columns { return columns }
        let digits = max(0, -log10Tolerance)
        return max(minimumColumns, min(maximumColumns, Int(digits / digitsPerColumn) + extraColumns))
    }
}
