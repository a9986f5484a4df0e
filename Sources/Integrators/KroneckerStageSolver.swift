import LinearAlgebra
import Multiprecision

/// Solves the simplified-Newton system of an s-stage collocation step, (I − h B ⊗ J) x = r, with
/// B the s × s stage matrix (a_ij times the clock growth of stage j) and J the n × n Jacobian, in
/// O(s³ + s·n³) operations instead of the O((s·n)³) of a dense factorization.
///
/// With the real Schur form B = Q T Qᵀ the system becomes (I − h T ⊗ J) x̃ = (Qᵀ ⊗ I) r, block upper
/// triangular over the stages: each 1×1 block of T needs one n × n factorization of I − h t J,
/// each 2×2 block one 2n × 2n factorization; the blocks are solved from the last up, and
/// x = (Q ⊗ I) x̃. Accuracy: that of the factorizations (partial pivoting) and of Q's
/// orthogonality, a few ulps times the conditioning of the system, like the dense solve.
/// Vectors are stacked stage-major: entry (i, a) at i·n + a.
package struct KroneckerStageSolver {
    package let schur: RealSchurDecomposition
    /// The stage matrix B (kept for `exact()`, which redoes its Schur form in MPFR).
    package let stageMatrix: [[BigFloat]]
    package let h: BigFloat
    package let jacobian: BigMatrix
    /// One factorization per diagonal block of T, in the order of `schur.blocks`.
    package let factors: [NewtonMatrixFactorization]

    /// The solver for stage matrix `b`, step h and Jacobian J; nil when B has no real Schur form
    /// at working precision or a block is singular. With `binary64Blocks` the Schur form is
    /// computed in binary64 (`RealSchurDecomposition(binary64:precision:)`, in MPFR when B is not
    /// finite there) and each block whose entries are moderate is factored in binary64
    /// (`NewtonMatrixFactorization`): good for a Newton matrix, whose solves only set the
    /// iteration's rate, not for an accurate solve.
    package init?(stageMatrix b: [[BigFloat]], h: BigFloat, jacobian: BigMatrix, binary64Blocks: Bool = false) {
        let p = jacobian.precision
        let approximate = binary64Blocks ? RealSchurDecomposition(binary64: b, precision: p) : nil
        guard let schur = approximate ?? RealSchurDecomposition(b, precision: p) else { return nil }
        self.init(schur: schur, stageMatrix: b, h: h, jacobian: jacobian, binary64Blocks: binary64Blocks)
    }

    /// The solver on a given Schur form of B.
    private init?(schur: RealSchurDecomposition, stageMatrix b: [[BigFloat]], h: BigFloat, jacobian: BigMatrix, binary64Blocks: Bool) {
        let p = jacobian.precision, n = jacobian.rows
        var factors = [NewtonMatrixFactorization]()
        for block in schur.blocks {
            let size = block.size * n
            var matrix = BigMatrix(rows: size, columns: size, precision: p)
            for i in 0..<block.size {
                for j in 0..<block.size {
                    matrix.setBlock(
                        row: i * n, column: j * n, to: jacobian, scaledBy: -(h * schur.t[block.start + i][block.start + j]),
                        addingIdentity: i == j)
                }
            }
            let factorization = binary64Blocks ? NewtonMatrixFactorization.factoring(matrix) : LUFactorization(matrix).map { .mpfr($0) }
            guard let factorization else { return nil }
            factors.append(factorization)
        }
        self.schur = schur
        self.stageMatrix = b
        self.h = h
        self.jacobian = jacobian
        self.factors = factors
    }

    /// The same solver with the Schur form and every block in MPFR; nil when nothing is in
    /// binary64 or double-double (or the MPFR form fails or a block is singular at working
    /// precision).
    package func exact() -> KroneckerStageSolver? {
        guard factors.contains(where: \.isApproximate) || schur.isBinary64 else { return nil }
        guard let schur = schur.isBinary64 ? RealSchurDecomposition(stageMatrix, precision: jacobian.precision) : schur else { return nil }
        return KroneckerStageSolver(schur: schur, stageMatrix: stageMatrix, h: h, jacobian: jacobian, binary64Blocks: false)
    }

    /// Replaces r by the solution x of (I − h B ⊗ J) x = r.
    package func solve(_ r: inout BigVector) {
        let n = jacobian.rows, s = schur.q.count, p = r.precision
        let zero = BigFloat(precision: p)
        // r̃ = (Qᵀ ⊗ I) r.
        var transformed = [[BigFloat]](repeating: [BigFloat](repeating: zero, count: n), count: s)
        for k in 0..<s {
            for i in 0..<s where !schur.q[i][k].isZero {
                for a in 0..<n { transformed[k][a] = BigFloat.fusedMultiplyAdd(schur.q[i][k], r[i * n + a], transformed[k][a]) }
            }
        }
        // Back substitution over the blocks; images[l] = J x̃_l once stage l is solved.
        var solution = transformed
        var images = [[BigFloat]?](repeating: nil, count: s)
        let workspace = KernelWorkspace(precision: p)
        var stage = BigVector(count: n, precision: p), image = BigVector(count: n, precision: p)
        for (index, block) in schur.blocks.enumerated().reversed() {
            var rhs = BigVector(count: block.size * n, precision: p)
            for i in 0..<block.size {
                let row = block.start + i
                for a in 0..<n {
                    var value = transformed[row][a]
                    for l in (block.start + block.size)..<s where !schur.t[row][l].isZero {
                        value = BigFloat.fusedMultiplyAdd(h * schur.t[row][l], images[l]![a], value)
                    }
                    rhs[i * n + a] = value
                }
            }
            factors[index].solve(&rhs)
            for i in 0..<block.size {
                let row = block.start + i
                for a in 0..<n {
                    solution[row][a] = rhs[i * n + a]
                    stage[a] = rhs[i * n + a]
                }
                Kernels.multiply(jacobian, stage, into: &image, workspace: workspace)
                images[row] = image.elements
            }
        }
        // x = (Q ⊗ I) x̃.
        for i in 0..<s {
            for a in 0..<n {
                var sum = zero
                for k in 0..<s where !schur.q[i][k].isZero { sum = BigFloat.fusedMultiplyAdd(schur.q[i][k], solution[k][a], sum) }
                r[i * n + a] = sum
            }
        }
    }
}
