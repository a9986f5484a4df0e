import LinearAlgebra
@testable import Integrators
import Multiprecision
import Testing

/// The Schur-form solve of Radau's simplified-Newton system against the dense factorization of the
/// same (s·n) × (s·n) matrix, and the real Schur form itself against its defining identities.
@Suite("Kronecker stage solver")
struct KroneckerStageSolverTests {
    static let precision = 256

    /// A deterministic nonsymmetric n × n test Jacobian with entries of mixed sign and size, stiff
    /// like the flow's (one large negative eigenvalue direction).
    static func jacobian(_ n: Int) -> BigMatrix {
        let p = precision
        var j = BigMatrix(rows: n, columns: n, precision: p)
        for a in 0..<n {
            for b in 0..<n { j[a, b] = BigFloat((a * 7 + b * 3) % 11 - 5, precision: p) / BigFloat(3 + a + b, precision: p) }
            j[a, a] = j[a, a] - BigFloat(40 * (a + 1), precision: p)
        }
        return j
    }

    /// a_ij times the σ-clock growth e^{c_j h} of stage j.
    static func stageMatrix(_ method: RadauCoefficients, h: BigFloat) -> [[BigFloat]] {
        (0..<method.stages).map { i in (0..<method.stages).map { j in method.matrix[i][j] * BigFloat.exp(method.nodes[j] * h) } }
    }

    /// log10 of the largest |Q T Qᵀ − B| entry, of the largest |QᵀQ − I| entry and of the largest
    /// |B| entry.
    static func residuals(_ schur: RealSchurDecomposition, _ b: [[BigFloat]]) -> (product: Double, orthogonality: Double, largest: Double) {
        let s = b.count, p = Self.precision
        var worstProduct = -Double.infinity, worstOrthogonality = -Double.infinity, largest = -Double.infinity
        for i in 0..<s {
            for j in 0..<s {
                var product = BigFloat(precision: p), gram = BigFloat(precision: p)
                for k in 0..<s {
                    for l in 0..<s { product = product + schur.q[i][k] * schur.t[k][l] * schur.q[j][l] }
                    gram = gram + schur.q[k][i] * schur.q[k][j]
                }
                largest = max(largest, b[i][j].magnitude.log10Magnitude ?? -Double.infinity)
                worstProduct = max(worstProduct, (product - b[i][j]).magnitude.log10Magnitude ?? -Double.infinity)
                worstOrthogonality = max(
                    worstOrthogonality, (gram - BigFloat(i == j ? 1 : 0, precision: p)).magnitude.log10Magnitude ?? -Double.infinity)
            }
        }
        return (worstProduct, worstOrthogonality, largest)
    }

    @Test("Q T Qᵀ = B, Q orthogonal, T quasi-triangular", arguments: [3, 9, 19])
    func schurForm(stages: Int) throws {
        let p = Self.precision
        let method = RadauCoefficients(stages: stages, precision: p)
        let b = Self.stageMatrix(method, h: BigFloat(exactly: 0.7, precision: p))
        let schur = try #require(RealSchurDecomposition(b, precision: p))
        let s = stages
        let (worstProduct, worstOrthogonality, _) = Self.residuals(schur, b)
        #expect(worstProduct < -70)
        #expect(worstOrthogonality < -70)
        // Blocks tile the diagonal and nothing is left below them.
        #expect(schur.blocks.map(\.size).reduce(0, +) == s)
        for block in schur.blocks {
            #expect(block.size == 1 || block.size == 2)
            for i in (block.start + block.size)..<s {
                for j in block.start..<(block.start + block.size) { #expect(schur.t[i][j].isZero) }
            }
        }
        // Radau IIA's A has ⌊s/2⌋ complex pairs: at most one 1×1 block for odd s.
        #expect(schur.blocks.filter { $0.size == 1 }.count <= 1)
        #expect(!schur.isBinary64)
    }

    @Test("the binary64 Schur form: Q T Qᵀ = B and QᵀQ = I to binary64 accuracy, the same blocks", arguments: [3, 9, 19, 24])
    func binary64SchurForm(stages: Int) throws {
        let p = Self.precision
        let method = RadauCoefficients(stages: stages, precision: p)
        let b = Self.stageMatrix(method, h: BigFloat(exactly: 0.7, precision: p))
        let schur = try #require(RealSchurDecomposition(binary64: b, precision: p))
        #expect(schur.isBinary64)
        let s = stages
        let (worstProduct, worstOrthogonality, largest) = Self.residuals(schur, b)
        // A few hundred ulps of binary64 (2^-53 ≈ 1.1e-16) relative to ‖B‖, and no better than
        // binary64 (it is not the MPFR form).
        #expect(worstProduct - largest < -13)
        #expect(worstProduct - largest > -20)
        #expect(worstOrthogonality < -13)
        for block in schur.blocks {
            for i in (block.start + block.size)..<s {
                for j in block.start..<(block.start + block.size) { #expect(schur.t[i][j].isZero) }
            }
        }
        let reference = try #require(RealSchurDecomposition(b, precision: p))
        #expect(schur.blocks.map(\.size) == reference.blocks.map(\.size))
        // Not finite in binary64: no binary64 form.
        var huge = b
        huge[0][0] = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: 2000)
        #expect(RealSchurDecomposition(binary64: huge, precision: p) == nil)
    }

    @Test("solves (I − h B ⊗ J) x = r as the dense factorization does", arguments: [(5, 4), (9, 11), (19, 12)])
    func solve(stages: Int, dimension n: Int) throws {
        let p = Self.precision
        let method = RadauCoefficients(stages: stages, precision: p)
        let h = BigFloat(exactly: 0.35, precision: p)
        let b = Self.stageMatrix(method, h: h)
        let j = Self.jacobian(n)
        let solver = try #require(KroneckerStageSolver(stageMatrix: b, h: h, jacobian: j))
        let size = stages * n
        var dense = BigMatrix(rows: size, columns: size, precision: p)
        for s1 in 0..<stages {
            for s2 in 0..<stages {
                for a in 0..<n {
                    for c in 0..<n {
                        var entry = -(h * b[s1][s2] * j[a, c])
                        if s1 == s2 && a == c { entry = entry + 1 }
                        dense[s1 * n + a, s2 * n + c] = entry
                    }
                }
            }
        }
        let lu = try #require(LUFactorization(dense))
        var rhs = BigVector(count: size, precision: p)
        for k in 0..<size { rhs[k] = BigFloat((k * 13) % 17 - 8, precision: p) / 5 }
        var expected = rhs
        lu.solve(&expected)
        func relativeError(_ solver: KroneckerStageSolver) -> Double {
            var actual = rhs
            solver.solve(&actual)
            var scale = BigFloat(precision: p), worst = BigFloat(precision: p)
            for k in 0..<size {
                scale = BigFloat.maximum(scale, expected[k].magnitude)
                worst = BigFloat.maximum(worst, (actual[k] - expected[k]).magnitude)
            }
            return (worst / scale).log10Magnitude ?? -Double.infinity
        }
        #expect(relativeError(solver) < -65)
        #expect(solver.exact() == nil, "every block is already in MPFR")
        // Newton-matrix mode: blocks in binary64 (entries here are O(1)), good to binary64's
        // accuracy times the blocks' conditioning; exact() refactors them all in MPFR.
        let approximate = try #require(KroneckerStageSolver(stageMatrix: b, h: h, jacobian: j, binary64Blocks: true))
        let allBinary64 = approximate.factors.allSatisfy { if case .binary64 = $0 { true } else { false } }
        #expect(allBinary64)
        #expect(approximate.schur.isBinary64)
        let approximateError = relativeError(approximate)
        #expect(approximateError < -11 && approximateError > -20, "binary64 accuracy, not MPFR's: \(approximateError)")
        let exact = try #require(approximate.exact())
        let anyApproximate = exact.factors.contains { $0.isApproximate }
        #expect(!anyApproximate)
        #expect(!exact.schur.isBinary64)
        #expect(relativeError(exact) < -65)
    }
}
