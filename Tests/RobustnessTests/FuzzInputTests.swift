import Asymptotics
import Experiments
import Flow
import Foundation
import Limits
import Datasets
import Multiprecision
import Testing

/// Deterministic generator for the fuzz cases (SplitMix64; the seed fixes every case).
struct FuzzGenerator {
    var bits: SplitMix64
    init(seed: UInt64) { bits = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { bits.next() }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Text pieces that stress parsers: extreme numbers, specials, separators, control bytes.
    static let pieces = [
        "0", "-0", "1", "-1", "+1", "1e1000000", "1e-1000000", "1e1001", "1e-1001", "1e1000", "1e-1000",
        "nan", "-inf", "Infinity", "1e99999999999999", "0x10", "1.2.3", "", " ", ",", "\n", "\r", "\r\n",
        "\"", "\u{0}", "\u{FEFF}", "é", "1/3", "--", "1e", "e5", ".", "-.5", "5.", "１", "9999999999999999999999"
    ]

    /// A random string of pieces and random bytes (valid UTF-8).
    mutating func text(maxPieces: Int = 12) -> String {
        var out = ""
        for _ in 0..<below(maxPieces + 1) {
            if below(4) == 0 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(below(128))))
            } else {
                out += pick(Self.pieces)
            }
        }
        return out
    }

    /// `valid` with a few random edits (delete, duplicate, insert a piece, replace a byte).
    mutating func edit(_ valid: String) -> String {
        var chars = Array(valid)
        for _ in 0..<(1 + below(4)) {
            let at = below(chars.count + 1)
            switch below(4) {
            case 0: if at < chars.count { chars.remove(at: at) }
            case 1: if at < chars.count { chars.insert(chars[at], at: at) }
            case 2: chars.insert(contentsOf: Array(pick(Self.pieces)), at: at)
            default: if at < chars.count { chars[at] = Character(Unicode.Scalar(UInt8(32 + below(95)))) }
            }
        }
        return String(chars)
    }

    /// Random bytes (any, including invalid UTF-8).
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// Counts the cases the fuzz suite ran (printed once per test).
final class FuzzCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int = 1) {
        lock.lock()
        count += n
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// The fuzz and property suite of the input layers: whatever the input, the parsers return a
/// valid value or throw their own error type with a message; they never trap, and a value they
/// return satisfies the type's invariants.
@Suite struct FuzzInputTests {
    static let f1 =
        "x1,x2,x3,x4,x5,x6,y\n0.646,0.822,0.330,-1.303,0.905,0.446,1\n0.837,0.581,0.365,0.294,0.028,0.547,1\n1.036,-0.163,-0.482,0.599,0.040,-0.292,1\n1.082,-0.257,0.008,-0.276,1.294,1.007,1\n"
    static let experiment =
        "name: fuzz\ndata: builtin:T4\nquantity: checkpoints\ndepths: [2, 3]\nalphas: [1, 0.5]\ntau: [10, 100]\ndigits: 12\n"

    /// A returned table is whole: at least one row, every row as long as the header, every value
    /// within the documented magnitude range.
    static func checkTable(_ table: CSVTable) {
        #expect(table.rowCount >= 1)
        #expect(table.columnNames.count >= 2)
        #expect(table.rows.allSatisfy { $0.count == table.columnNames.count })
    }

    @Test func csvFromRandomTextEditsAndBytes() {
        var g = FuzzGenerator(seed: 14)
        var cases = 0
        for round in 0..<3000 {
            let text: String
            switch round % 3 {
            case 0: text = g.edit(Self.f1)
            case 1:
                text =
                    "x1,y\n" + (0..<(1 + g.below(4))).map { _ in g.text(maxPieces: 4) + "," + g.text(maxPieces: 2) }.joined(separator: "\n")
            default: text = String(decoding: g.bytes(g.below(200)), as: UTF8.self)
            }
            do {
                let table = try CSVTable(parsing: text, source: "fuzz.csv")
                Self.checkTable(table)
                if let data = try? ClassificationData(table) { #expect(data.z.count == table.rowCount) }
            } catch {
                #expect(error.description.hasPrefix("fuzz.csv"), "\(error.description)")
            }
            cases += 1
        }
        #expect(cases == 3000)
    }

    @Test func csvExtremeNumbersAreReadExactlyOrRefused() throws {
        var g = FuzzGenerator(seed: 1401)
        for _ in 0..<400 {
            let exponent = g.below(2_000_002) - 1_000_001
            let mantissa = g.below(10)
            let text = "x,y\n\(mantissa)e\(exponent),1\n"
            do {
                let table = try CSVTable(parsing: text, source: "big.csv")
                #expect(mantissa == 0 || exponent.magnitude <= 1000)
                Self.checkTable(table)
            } catch {
                // Refused beyond 10^±1000 (zero mantissas are always 0 and accepted).
                #expect(error.description.contains("out of range"), "\(error.description)")
            }
        }
    }

    @Test func experimentYAMLFromRandomEdits() {
        var g = FuzzGenerator(seed: 1402)
        for round in 0..<1500 {
            let text = round % 4 == 0 ? g.text(maxPieces: 30) : g.edit(Self.experiment)
            do {
                let experiment = try ExperimentParser.parse(text, source: "fuzz.yaml", baseDirectory: "/nonexistent")
                #expect(!experiment.grid.isEmpty)
            } catch {
                #expect(error.description.hasPrefix("fuzz.yaml"), "\(error.description)")
            }
        }
    }

    @Test func decimalOptionsAndCheckpointsNeverTrap() {
        var g = FuzzGenerator(seed: 1403)
        for _ in 0..<600 {
            let text = g.text(maxPieces: 3)
            if let value = try? Rational(decimal: text) {
                // An accepted literal reads back through its own exact form.
                #expect((try? Rational(fraction: value.description)) == value)
            }
            for target in [CheckpointTarget.tau(text), .log10Loss(text), .margin(text)] {
                do { try FlowProblem.validate(target) } catch {
                    #expect(error.description.hasPrefix("invalid checkpoint"), "\(error.description)")
                }
            }
            _ = try? RegimeRule(kernelRatio: text, richDistance: g.text(maxPieces: 2))
            _ = try? SweepShard(parsing: text + "/" + g.text(maxPieces: 2))
        }
    }

    @Test func farCheckpointsAreRefusedUpFront() {
        for text in ["1e1001", "1e100000", "-1e100000", "1e10000000"] {
            #expect(throws: FlowError.self) { try FlowProblem.validate(.tau(text)) }
        }
        #expect(throws: FlowError.self) { try FlowProblem.validate(.log10Loss("-1e1000")) }
        #expect(throws: FlowError.self) { try FlowProblem.validate(.margin("0")) }
        #expect(throws: FlowError.self) { try FlowProblem.validate(.margin("-1")) }
        #expect(throws: Never.self) { try FlowProblem.validate(.tau("1e1000")) }
        #expect(throws: Never.self) { try FlowProblem.validate(.log10Loss("-1e100")) }
    }

    @Test func depthBoundAndTheClosedFormAtLargeDepth() throws {
        #expect(throws: FlowError.self) { try DiagonalNetwork(depth: DiagonalNetwork.maximumDepth + 1, alpha: Rational(1), dimension: 2) }
        // D = 100 000: D²·D(D−2) ≈ 10^20 overflowed Int before; the metric must be D²(ξ₊^{−r} + ξ₋^{−r})
        // = 2D² at G = 0 for α = 1 (ξ± = 1).
        let network = try DiagonalNetwork(depth: 100_000, alpha: Rational(1), dimension: 1)
        let form = network.closedForm(precision: 128)
        let c = try #require(form.coordinate(0, at: BigFloat(0, precision: 128)))
        #expect(c.metric == BigFloat(20_000_000_000, precision: 128))
        #expect(c.w.isZero)
    }

    @Test func unboundedSourcesAndDirectoriesAreRefused() {
        #expect(throws: DataFileError.self) { try CSVTable(contentsOfFile: "/dev/zero") }
        #expect(throws: DataFileError(file: "/tmp", problem: .notAFile(kind: "directory"))) { try CSVTable(contentsOfFile: "/tmp") }
        #expect(throws: DataFileError.self) { try FileBytes.read("/dev/zero", maximumBytes: 1 << 20) }
    }

    @Test func squaredLossOnLabelsIsRefused() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        let x = [[Rational(1), Rational(0)], [Rational(0), Rational(1)]]
        #expect(throws: FlowError.self) {
            try FlowProblem(
                data: .regression(x: x, y: [Rational(1), Rational(-1)]), network: network, loss: .squared, checkpoints: [.tau("1")])
        }
    }

    @Test func identicalColumnsHaveNoUniqueSaddle() throws {
        let x = [[Rational(1), Rational(1)]]
        #expect(throws: LimitError.self) { try SaddleToSaddleProblem(x: x, y: [Rational(1)]).solve() }
        // Independent columns still solve: x = I, y = (1, 2) interpolates in two saddles.
        let sequence = try SaddleToSaddleProblem(x: [[Rational(1), Rational(0)], [Rational(0), Rational(1)]], y: [Rational(1), Rational(2)])
            .solve()
        #expect(sequence.interpolates)
        #expect(sequence.finalSaddle == [Rational(1), Rational(2)])
    }
}
