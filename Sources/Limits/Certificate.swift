import Multiprecision

/// The optimality certificate of an exact limit, checked in exact rational arithmetic from the
/// problem data and the claimed primal w and dual λ alone (it trusts nothing from the solver).
///
/// Conditions, by kind (m = Z w, margins; s = Zᵀλ or Xᵀν):
///
/// | kind | primal feasibility | dual feasibility | complementary slackness | stationarity | objectives |
/// |---|---|---|---|---|---|
/// | l1-margin | m ≥ 1 | λ ≥ 0, ‖s‖∞ ≤ 1 | λ_n (m_n − 1) = 0 | s_j = sign w_j where w_j ≠ 0 | ‖w‖₁ = 1ᵀλ |
/// | l2-margin | m ≥ 1 | λ ≥ 0 | λ_n (m_n − 1) = 0 | w = s | ½‖w‖² = 1ᵀλ − ½‖s‖² |
/// | l1-interpolation | X w = y | ‖s‖∞ ≤ 1 | (equalities) | s_j = sign w_j where w_j ≠ 0 | ‖w‖₁ = yᵀν |
/// | l2-interpolation | X w = y | (ν free) | (equalities) | w = s | ½‖w‖² = yᵀν − ½‖s‖² |
///
/// Together these prove that w is optimal and λ is dual optimal (weak duality plus equal objectives).
public struct Certificate: Sendable {
    public let primalFeasible: Bool
    public let dualFeasible: Bool
    public let complementarySlackness: Bool
    public let stationarity: Bool
    public let objectivesEqual: Bool
    public let primalObjective: Rational
    public let dualObjective: Rational
    /// Smallest margin (classification) or the largest |X w − y|_n (regression), exact.
    public let constraintExtreme: Rational
    /// Z w (margins) or X w, exact, as computed by the check.
    public let constraintValues: [Rational]
    /// Zᵀλ or Xᵀν, exact, as computed by the check.
    public let dualImage: [Rational]

    /// All five conditions hold exactly.
    public var isVerified: Bool {
        primalFeasible && dualFeasible && complementarySlackness && stationarity && objectivesEqual
    }

    /// The conditions that failed, by name (empty when verified).
    public var failures: [String] {
        var names: [String] = []
        if !primalFeasible { names.append("primal feasibility") }
        if !dualFeasible { names.append("dual feasibility") }
        if !complementarySlackness { names.append("complementary slackness") }
        if !stationarity { names.append("stationarity") }
        if !objectivesEqual { names.append("equal objectives") }
        return names
    }

    /// Checks the conditions of the table above exactly.
    public static func check(_ problem: LimitProblem, w: [Rational], dual: [Rational]) -> Certificate {
        let data = problem.integerMatrix
        guard w.count == problem.featureCount, dual.count == problem.sampleCount else {
            return Certificate(
                primalFeasible: false, dualFeasible: false, complementarySlackness: false, stationarity: false,
                objectivesEqual: false, primalObjective: Rational(), dualObjective: Rational(), constraintExtreme: Rational(),
                constraintValues: [], dualImage: [])
        }
        let m = data.multiply(w)
        let s = data.multiplyTransposed(dual)
        let one = Rational(1)
        let dualObjective = CommonDenominatorVector.dot(dual, problem.rhs)

        let primalFeasible: Bool
        var complementary = true
        var extreme: Rational
        if problem.kind.isClassification {
            primalFeasible = m.allSatisfy { $0 >= one }
            extreme = m.min() ?? Rational()
            for (lambda, margin) in zip(dual, m) where !lambda.isZero && margin != one { complementary = false }
        } else {
            primalFeasible = zip(m, problem.rhs).allSatisfy { $0 == $1 }
            extreme = zip(m, problem.rhs).map { ($0 - $1).magnitude }.max() ?? Rational()
        }

        var dualFeasible = problem.kind.isClassification ? dual.allSatisfy { $0.signum >= 0 } : true
        let primalObjective: Rational
        let stationarity: Bool
        let objectivesEqual: Bool
        if problem.kind.isLinearProgram {
            dualFeasible = dualFeasible && s.allSatisfy { $0.magnitude <= one }
            let norm = CommonDenominatorVector.sumOfMagnitudes(w)
            let minusOne = Rational(-1)
            var signsMatch = true
            for (wj, sj) in zip(w, s) where wj.signum != 0 && sj != (wj.signum > 0 ? one : minusOne) { signsMatch = false }
            primalObjective = norm
            stationarity = signsMatch
            objectivesEqual = norm == dualObjective
        } else {
            let two = Rational(2)
            let half = CommonDenominatorVector.dot(w, w) / two
            let sNorm = CommonDenominatorVector.dot(s, s)
            primalObjective = half
            stationarity = zip(w, s).allSatisfy { $0 == $1 }
            let dualValue = dualObjective - sNorm / two
            objectivesEqual = half == dualValue
            return Certificate(
                primalFeasible: primalFeasible, dualFeasible: dualFeasible, complementarySlackness: complementary,
                stationarity: stationarity, objectivesEqual: objectivesEqual, primalObjective: half,
                dualObjective: dualValue, constraintExtreme: extreme, constraintValues: m, dualImage: s)
        }
        return Certificate(
            primalFeasible: primalFeasible, dualFeasible: dualFeasible, complementarySlackness: complementary,
            stationarity: stationarity, objectivesEqual: objectivesEqual, primalObjective: primalObjective,
            dualObjective: dualObjective, constraintExtreme: extreme, constraintValues: m, dualImage: s)
    }
}
