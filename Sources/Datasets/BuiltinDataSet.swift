import Multiprecision

/// The data sets of the paper set-ups in MATH.md, built in and usable by name (`builtin:NAME`).
///
/// All entries are exact decimals. F1, T4 and T11 are the literal tables of MATH.md §9; the
/// sparse-regression set of MATH.md §3.6 (Woodworth et al. 2020) is generated at its published
/// size from a fixed seed by `DeterministicGaussians`, so it is identical on every machine.
public struct BuiltinDataSet: Sendable {
    public enum Task: String, Sendable { case classification, regression }

    /// The name used in `builtin:NAME`.
    public let name: String
    /// One line: what the data are and where they come from.
    public let summary: String
    public let task: Task
    /// The data as the CSV text a user could save and read back with `--data FILE` (same values).
    public let csvText: String
    /// The table (source "builtin:NAME"), read from `csvText` by the exact CSV reader.
    public let table: CSVTable
    /// The planted coefficient vector of a generated regression set (nil for literal tables),
    /// at 128 bits: 1/√5 on the support, 0 elsewhere.
    public let plantedCoefficients: [BigFloat]?

    /// The names of all built-in data sets, in the order listed by `biasflow data list`.
    public static let names = ["F1", "T4", "T11", "woodworth"]

    /// The built-in data set called `name` (case-sensitive), or nil.
    public static func named(_ name: String) -> BuiltinDataSet? {
        switch name {
        case "F1": return f1
        case "T4": return t4
        case "T11": return t11
        case "woodworth": return woodworth
        default: return nil
        }
    }

    /// Fixture F1 of MATH.md §9 (= Data/F1.csv): N = 4, d = 6, every label +1 (rows are z_n).
    public static let f1 = literal(
        name: "F1", task: .classification,
        summary: "MATH.md §9 fixture F1: classification, N = 4 samples, d = 6 features, all labels +1 (rows are z_n = y_n x_n)",
        csv: """
            x1,x2,x3,x4,x5,x6,y
            0.646,0.822,0.330,-1.303,0.905,0.446,1
            0.837,0.581,0.365,0.294,0.028,0.547,1
            1.036,-0.163,-0.482,0.599,0.040,-0.292,1
            1.082,-0.257,0.008,-0.276,1.294,1.007,1

            """)

    /// The single-point example of MATH.md §9 T4: N = 1, z = (1, 2).
    public static let t4 = literal(
        name: "T4", task: .classification,
        summary: "MATH.md §9 T4 single point: classification, N = 1, z = (1, 2), label +1",
        csv: "x1,x2,y\n1,2,1\n")

    /// The saddle-to-saddle fixture of MATH.md §9 T11 (= Data/T11.csv).
    public static let t11 = literal(
        name: "T11", task: .regression,
        summary: "MATH.md §9 T11 saddle-to-saddle fixture: regression, X = [[1, .5, .7, 0], [.5, 1, .1, .7]], y = (1, 0)",
        csv: "x1,x2,x3,x4,y\n1,0.5,0.7,0,1\n0.5,1,0.1,0.7,0\n")

    /// The seed of the sparse-regression set (the arXiv number of Woodworth et al. 2020, 2002.09277).
    public static let woodworthSeed: UInt64 = 2_002_09277

    /// The sparse-regression set of MATH.md §3.6 at its published size: N = 100, d = 1000,
    /// x_nj ~ N(0, 1) rounded to 3 decimals, β* with entries 1/√5 on a random 5-element support,
    /// y_n = ⟨β*, x_n⟩ + 0.1·g_n rounded to 6 decimals (noise variance 0.01).
    ///
    /// Draw order from one `DeterministicGaussians(seed: woodworthSeed)` stream: the N·d entries
    /// row by row; then the support by a Fisher–Yates shuffle of 0..<d (j = next() mod (i + 1) for
    /// i = d−1 … 1) keeping the first five; then the N noise samples. At 128 bits, each operation
    /// rounded: y_n = round₆((Σ_{j∈S} k_nj) / 1000 · √(1/5) + g_n / 10) with k_nj = 1000·x_nj.
    public static let woodworth = makeSparseRegression(
        name: "woodworth", samples: 100, features: 1000, seed: woodworthSeed,
        summary: "MATH.md §3.6 sparse regression (Woodworth et al. 2020) at its published size: N = 100, d = 1000, "
            + "x ~ N(0, I) to 3 decimals, β* = 1/√5 on 5 random coordinates, y = ⟨β*, x⟩ + N(0, 0.01) to 6 decimals, seed 200209277")

    static func literal(name: String, task: Task, summary: String, csv: String) -> BuiltinDataSet {
        let table: CSVTable
        do { table = try CSVTable(parsing: csv, source: "builtin:" + name) } catch { fatalError("built-in data set \(name): \(error)") }
        return BuiltinDataSet(name: name, summary: summary, task: task, csvText: csv, table: table, plantedCoefficients: nil)
    }

    static func makeSparseRegression(name: String, samples n: Int, features d: Int, seed: UInt64, summary: String) -> BuiltinDataSet {
        var gaussians = DeterministicGaussians(seed: seed)
        let entries = (0..<n).map { _ in (0..<d).map { _ in gaussians.nextRounded(decimals: 3) } }
        var order = Array(0..<d)
        for i in stride(from: d - 1, to: 0, by: -1) { order.swapAt(i, Int(gaussians.nextBits() % UInt64(i + 1))) }
        let support = Array(order.prefix(5)).sorted()
        let p = DeterministicGaussians.precision
        let coefficient = BigFloat.sqrt(BigFloat(1, precision: p) / 5)
        let targets = entries.map { row -> Int in
            let signal = BigFloat(support.reduce(0) { $0 + row[$1] }, precision: p) / 1000 * coefficient
            return DeterministicGaussians.round(signal + gaussians.next() / 10, decimals: 6)
        }
        let header = (1...d).map { "x\($0)" } + ["y"]
        var csv = header.joined(separator: ",") + "\n"
        var rows: [[Rational]] = []
        rows.reserveCapacity(n)
        for (row, target) in zip(entries, targets) {
            csv += row.map { fixedDecimal($0, decimals: 3) }.joined(separator: ",") + "," + fixedDecimal(target, decimals: 6) + "\n"
            rows.append(row.map { Rational($0, 1000) } + [Rational(target, 1_000_000)])
        }
        let table: CSVTable
        do { table = try CSVTable(columnNames: header, rows: rows, source: "builtin:" + name) } catch {
            fatalError("built-in data set \(name): \(error)")
        }
        let planted = (0..<d).map { support.contains($0) ? coefficient : BigFloat(0, precision: p) }
        return BuiltinDataSet(name: name, summary: summary, task: .regression, csvText: csv, table: table, plantedCoefficients: planted)
    }

    /// k / 10^decimals as fixed-point text ("-0.042", "1.500").
    static func fixedDecimal(_ k: Int, decimals: Int) -> String {
        let digits = String(k.magnitude)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -decimals)
        return (k < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }
}
