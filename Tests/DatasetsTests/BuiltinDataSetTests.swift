import Foundation
@testable import Datasets
import Multiprecision
import Testing

/// The built-in data sets against independent sources: the repository's CSV files for F1 and
/// T11, MATH.md §9 for T4, and an mpmath re-implementation of the generator for the
/// sparse-regression set (Fixtures/make_builtin_reference.py → builtin_reference.json).
@Suite struct BuiltinDataSetTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func literalSetsEqualTheRepositoryFiles() throws {
        for (name, file) in [("F1", "Data/F1.csv"), ("T11", "Data/T11.csv")] {
            let fromFile = try CSVTable(contentsOfFile: Self.repository.appendingPathComponent(file).path)
            let builtin = try #require(try DataSource.builtin("builtin:" + name))
            #expect(builtin.table.columnNames == fromFile.columnNames)
            #expect(builtin.table.rows == fromFile.rows)
            #expect(builtin.table.source == "builtin:" + name)
        }
        let t4 = try DataSource.classification("builtin:T4")
        #expect(t4.z == [[Rational(1), Rational(2)]])
        let f1 = try DataSource.classification("builtin:F1")
        #expect(f1.z[0][0] == Rational(323, 500))  // 0.646 exactly
        let t11 = try DataSource.regression("builtin:T11")
        #expect(
            t11.x == [
                [Rational(1), Rational(1, 2), Rational(7, 10), Rational(0)], [Rational(1, 2), Rational(1), Rational(1, 10), Rational(7, 10)]
            ])
        #expect(t11.y == [Rational(1), Rational(0)])
    }

    @Test func unknownNamesListTheKnownOnes() {
        #expect {
            _ = try DataSource.table("builtin:F2")
        } throws: { error in
            "\(error)"
                == "builtin:F2: no built-in data set of that name; the built-in data sets are builtin:F1, builtin:T4, builtin:T11, builtin:woodworth"
        }
        #expect {
            _ = try DataSource.table("/nonexistent/file.csv")
        } throws: { error in "\(error)".hasPrefix("/nonexistent/file.csv") }
    }

    struct Reference: Decodable {
        var samples: Int, features: Int, seed: UInt64
        var support: [Int]
        var first_row: [Int]
        var targets: [Int]
        var sum_x: Int, sum_x_squared: Int, fingerprint: Int
    }

    static func integer(_ value: Rational, scale: Int) -> Int {
        let scaled = value * Rational(scale)
        precondition(scaled.isInteger)
        return Int(scaled.numeratorString)!
    }

    @Test func sparseRegressionMatchesTheIndependentGenerator() throws {
        // Read beside this file (Package.swift, which the lead is editing, declares no resources here).
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/builtin_reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        let set = BuiltinDataSet.woodworth
        #expect(reference.seed == BuiltinDataSet.woodworthSeed)
        #expect(set.table.rowCount == reference.samples && set.table.columnCount == reference.features + 1)
        let planted = try #require(set.plantedCoefficients)
        #expect(planted.indices.filter { !planted[$0].isZero } == reference.support)
        let x = set.table.rows.map { $0.dropLast().map { Self.integer($0, scale: 1000) } }
        let y = set.table.rows.map { Self.integer($0.last!, scale: 1_000_000) }
        #expect(x[0] == reference.first_row)
        #expect(y == reference.targets)
        #expect(x.joined().reduce(0, +) == reference.sum_x)
        #expect(x.joined().reduce(0) { $0 + $1 * $1 } == reference.sum_x_squared)
        let prime = (1 << 61) - 1
        var fingerprint = 0
        for (row, target) in zip(x, y) {
            for k in row + [target] {
                fingerprint = Int((Int128(fingerprint) * 1_000_003 + Int128(k)) % Int128(prime))
                if fingerprint < 0 { fingerprint += prime }
            }
        }
        #expect(fingerprint == reference.fingerprint)
        // The entries are standard normal: mean 0 (s.e. 0.0032) and variance 1 (s.e. 0.0045).
        let count = Double(reference.samples * reference.features)
        #expect(abs(Double(reference.sum_x) / 1000 / count) < 0.02)
        #expect(abs(Double(reference.sum_x_squared) / 1e6 / count - 1) < 0.03)
        // The CSV text a user would save reads back to the same exact table.
        let reread = try CSVTable(parsing: set.csvText, source: "builtin:woodworth")
        #expect(reread == set.table)
    }

    @Test func exactRoundingHalfAwayFromZero() {
        let p = DeterministicGaussians.precision
        let cases: [(String, Int, Int)] = [
            ("2.5", 0, 3), ("-2.5", 0, -3), ("0.5", 0, 1), ("1.4999999", 0, 1), ("0.0625", 3, 63),
            ("-0.0625", 3, -63), ("0.0624999", 3, 62)
        ]
        for (text, decimals, expected) in cases {
            #expect(DeterministicGaussians.round(try! BigFloat(text, precision: p), decimals: decimals) == expected, "\(text)")
        }
        #expect(BuiltinDataSet.fixedDecimal(-42, decimals: 3) == "-0.042" && BuiltinDataSet.fixedDecimal(1500, decimals: 3) == "1.500")
    }
}
