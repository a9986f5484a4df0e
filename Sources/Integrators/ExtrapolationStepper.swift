import Multiprecision

/// One step of the explicit Gragg–Bulirsch–Stoer extrapolation method: the modified midpoint
/// rule with n_j = 2j substeps (j = 1 … k), extrapolated in h² by the Aitken–Neville scheme.
///
/// The diagonal entry T_kk has order 2k; the error estimate ‖T_kk − T_{k,k−1}‖ is that of the
/// order-(2k − 2) entry. Explicit, so suited to the non-stiff early phase only: its stable step is
/// bounded by about 1/‖J‖, which is how `FlowSolver` detects stiffness and hands over to Radau.
package struct ExtrapolationStepper {
    package let columns: Int

    package init(columns: Int) { self.columns = columns }

    package var estimateOrder: Int { 2 * columns - 2 }

    package enum Outcome {
        case accepted(state: BigVector, log10Error: Double)
        case rejected(log10Error: Double)
        case leftDomain
    }

    package func step(
        _ system: StiffSystem, from x: BigFloat, _ y: BigVector, size h: BigFloat,
        initialDerivative: BigVector, log10Tolerance: Double
    ) -> Outcome {
        let n = system.dimension
        guard let norm = system.errorNorm(at: y) else { return .leftDomain }
        // The Euler predictor h·f(y) must stay in the field's present regime
        // (`StiffSystem.admitsPredictor`): beyond it the midpoint sequence can leapfrog over a
        // fast nonlinear transient (the even substeps all return near y), and its columns then
        // agree on a wrong value, so the extrapolation error estimate cannot be trusted.
        var predictor = initialDerivative
        for a in 0..<n { predictor[a] = h * initialDerivative[a] }
        if !system.admitsPredictor(from: y, change: predictor, norm: norm) { return .rejected(log10Error: .infinity) }
        var table = [[BigVector]]()
        for j in 1...columns {
            let substeps = 2 * j
            let small = h / substeps
            var previous = y
            var current = y
            for a in 0..<n { current[a] = y[a] + small * initialDerivative[a] }
            for m in 1..<substeps {
                guard let f = system.derivative(at: x + small * m, current) else { return .leftDomain }
                var next = previous
                for a in 0..<n { next[a] = previous[a] + 2 * small * f[a] }
                previous = current
                current = next
            }
            var row = [current]
            for l in 1..<j {
                let ratio =
                    BigFloat(substeps * substeps, precision: system.precision)
                    / BigFloat((2 * (j - l)) * (2 * (j - l)), precision: system.precision) - 1
                var extrapolated = row[l - 1]
                for a in 0..<n {
                    extrapolated[a] = row[l - 1][a] + (row[l - 1][a] - table[j - 2][l - 1][a]) / ratio
                }
                row.append(extrapolated)
            }
            table.append(row)
        }
        let best = table[columns - 1][columns - 1]
        let previousOrder = table[columns - 1][columns - 2]
        var difference = best
        for a in 0..<n { difference[a] = best[a] - previousOrder[a] }
        let error = norm(difference)
        if error > log10Tolerance { return .rejected(log10Error: error) }
        return .accepted(state: best, log10Error: error)
    }
}
