// The experiment of Woodworth et al. 2020 (MATH.md §3.6) on `builtin:woodworth` (N = 100, d = 1000,
// β* = 1/√5 on 5 coordinates, noise 0.01): the depth-2 diagonal network trained by gradient flow
// on the squared loss from the scale α, for α from 1e-3 (rich) to 10 (kernel). At the loss
// e^{−τ} it prints, per α, the population error of the isotropic design E_x[(⟨w − β*, x⟩)²] =
// ‖w − β*‖², the distances to the ℓ1 and ℓ2 minimum-norm interpolators (exact LPs / QPs from
// Limits), the verified digits and the wall time of the verified run; with --svg it draws both
// curves against α. A client of the public libraries only, as a user's package would be.
//
//   swift run -c release WoodworthSweep [--alphas 0.001,0.003,0.01,0.03,0.1,0.3,1,10] [--tau 50]
//       [--digits 10] [--threads N] [--svg PATH]
//
// Every figure carries only digits the verified flow vouches for: with v the smallest per-entry
// verified digits of w (so ‖δw‖ ≤ 10^{−v}‖w‖), a distance q is printed to v − log10(‖w‖/q) digits
// (at most 6), since |δq| ≤ ‖δw‖ (2‖w − β*‖‖δw‖ for the squared one); a value with no digit is
// printed as the bound it satisfies ("≤ 2e-9"), and is not drawn.
import Datasets
import Flow
import Foundation
import Limits
import Multiprecision
import Reports

struct Options {
    var alphas = ["0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "10"]
    var tau = "50"
    var digits = 10
    var threads = DataParallel.defaultThreads
    var svg: String? = nil

    init(_ arguments: [String]) {
        var it = arguments.makeIterator()
        while let option = it.next() {
            guard let value = it.next() else { fail("\(option) needs a value") }
            switch option {
            case "--alphas": alphas = value.split(separator: ",").map(String.init)
            case "--tau": tau = value
            case "--digits": digits = Int(value) ?? { fail("--digits: not an integer: \(value)") }()
            case "--threads": threads = Int(value) ?? { fail("--threads: not an integer: \(value)") }()
            case "--svg": svg = value
            default: fail("unknown option \(option)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write("WoodworthSweep: \(message)\n".data(using: .utf8)!)
    exit(1)
}

/// ‖a − b‖₂ of two vectors at `precision` bits.
func distance(_ a: [BigFloat], _ b: [BigFloat], precision: Int) -> BigFloat {
    var sum = BigFloat(precision: precision)
    for (x, y) in zip(a, b) {
        let difference = BigFloat(x, precision: precision) - BigFloat(y, precision: precision)
        sum += difference * difference
    }
    return BigFloat.sqrt(sum)
}

/// The significant digits a quantity q computed from w carries: v − log10(‖w‖ / |q|), in 1 … 6;
/// nil when it carries none.
func carriedDigits(_ q: BigFloat, verified v: Int, reference: BigFloat) -> Int? {
    guard let lq = q.log10Magnitude, let lw = reference.log10Magnitude else { return nil }
    let digits = Int((Double(v) - (lw - lq)).rounded(.down))
    return digits >= 1 ? min(digits, 6) : nil
}

/// q to the digits it carries, or, when it carries none, the bound q + 10^−v·‖w‖ on it (for a
/// squared quantity q = e², (e + 10^−v·‖w‖)²), rounded up to one digit.
func cell(_ q: BigFloat, verified v: Int, norm: BigFloat, squared: Bool = false) -> TableCell {
    let root = squared ? BigFloat.sqrt(q) : q
    let reference = squared ? 2 * norm : norm
    if let digits = carriedDigits(root, verified: v, reference: reference) { return TableCell(q, significantDigits: digits) }
    let slack = norm * BigFloat.pow(BigFloat(10, precision: q.precision), BigFloat(-v, precision: q.precision))
    let bound = squared ? (root + slack) * (root + slack) : root + slack
    return .text("≤ " + bound.formatted(significantDigits: 1, rounding: .up))
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let builtin = BuiltinDataSet.woodworth
let regression = RegressionData(builtin.table)
guard let planted = builtin.plantedCoefficients else { fail("builtin:woodworth has no planted coefficients") }
let data = FlowData.regression(x: regression.x, y: regression.y)
let precision = 256
let limits: [(String, [BigFloat])]
do {
    limits = try [LimitProblem.Kind.l1Interpolation, .l2Interpolation].map { kind in
        let limit = try LimitProblem(kind: kind, regressionRows: regression.x, targets: regression.y).solve()
        return (kind.rawValue, limit.w.map { BigFloat($0, precision: precision) })
    }
} catch { fail("the interpolators: \(error)") }

var rows = [[TableCell]]()
var populationPoints = [FigurePoint](), l1Points = [FigurePoint]()
for alphaText in options.alphas {
    do {
        let alpha = try Rational(decimal: alphaText)
        let network = try DiagonalNetwork(depth: 2, alpha: alpha, dimension: data.featureCount)
        let problem = try FlowProblem(
            data: data, network: network, loss: .squared, checkpoints: [.tau(options.tau)], digits: options.digits)
        var solver = VerifiedFlowSolver(problem: problem)
        solver.threads = options.threads
        let started = Date()
        let trajectory = try solver.solve()
        let seconds = Date().timeIntervalSince(started)
        guard let last = trajectory.checkpoints.last else { fail("α = \(alphaText): no checkpoint") }
        let w = last.checkpoint.w
        // The smallest per-entry digits of w: every entry within 10^−v of itself, so ‖δw‖ ≤ 10^−v‖w‖.
        guard let v = last.digitsByQuantity["w"]?.min() else { fail("α = \(alphaText): no verified digits for w") }
        let norm = distance(w, w.map { _ in BigFloat(precision: precision) }, precision: precision)
        let error = distance(w, planted, precision: precision)
        let squared = error * error
        let toL1 = distance(w, limits[0].1, precision: precision), toL2 = distance(w, limits[1].1, precision: precision)
        // |δ‖w − β*‖²| ≤ 2‖w − β*‖·‖δw‖: the squared error carries the digits of ‖w − β*‖ less log10 2.
        rows.append([
            .decimal(alphaText), cell(squared, verified: v, norm: norm, squared: true), cell(toL1, verified: v, norm: norm),
            cell(toL2, verified: v, norm: norm),
            .integer(v), .text(String(format: "%.1f", seconds))
        ])
        // Only values that carry digits are drawn.
        let x = BigFloat(alpha, precision: 53).doubleValue
        if carriedDigits(error, verified: v, reference: 2 * norm) != nil {
            populationPoints.append(FigurePoint(x: x, y: squared.doubleValue))
        }
        if carriedDigits(toL1, verified: v, reference: norm) != nil { l1Points.append(FigurePoint(x: x, y: toL1.doubleValue)) }
        FileHandle.standardError.write("α = \(alphaText): \(String(format: "%.1f", seconds)) s, \(v) digits\n".data(using: .utf8)!)
    } catch { fail("α = \(alphaText): \(error)") }
}

do {
    let table = try ReportTable(
        columns: [
            TableColumn(key: "alpha", header: "α"),
            TableColumn(key: "population_error", header: "‖w − β*‖²"),
            TableColumn(key: "distance_l1", header: "‖w − ŵ₁‖"),
            TableColumn(key: "distance_l2", header: "‖w − ŵ₂‖"),
            TableColumn(key: "verified_digits", header: "digits"),
            TableColumn(key: "seconds", header: "wall", unit: "s")
        ],
        rows: rows)
    print("builtin:woodworth, D = 2, squared loss, at τ = \(options.tau) (L = e^-\(options.tau)), \(options.digits) digits requested\n")
    print(MarkdownTableRenderer.render(table), terminator: "")
    if let path = options.svg {
        let figure = try ReportFigure(
            title: "builtin:woodworth, D = 2, at τ = \(options.tau)",
            xAxis: FigureAxis(label: "α", scale: .log), yAxis: FigureAxis(label: "value", scale: .log),
            series: [
                FigureSeries(label: "population error ‖w − β*‖²", points: populationPoints),
                FigureSeries(label: "distance to the ℓ1 interpolator", points: l1Points)
            ], legend: .southEast)
        try SVGFigureRenderer.render(figure).write(toFile: path, atomically: true, encoding: .utf8)
    }
} catch { fail("\(error)") }
