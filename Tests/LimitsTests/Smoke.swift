import Testing
@testable import Limits
import Multiprecision
@Test func smoke() throws {
    let rows = ["0.646,0.822,0.330,-1.303,0.905,0.446","0.837,0.581,0.365,0.294,0.028,0.547","1.036,-0.163,-0.482,0.599,0.040,-0.292","1.082,-0.257,0.008,-0.276,1.294,1.007"].map { try! $0.split(separator: ",").map { try Rational(decimal: String($0)) } }
    for (D, mu) in [(2, "100"), (3, "100"), (3, "0.05"), (2, "0.05")] {
        let p = try RegularizedLimitProblem(classificationRows: rows, depth: D, mu: try Rational(decimal: mu))
        let l = try DualNewtonSolver().solve(p)
        print(D, mu, l.w.map { $0.doubleValue }, l.dual.map { $0.doubleValue }, l.verifiedDigits, l.newtonIterations, l.objective.doubleValue, l.dualObjective.doubleValue)
        if mu == "0.05" {
            let s = try SweepPath(p).solve()
            print("sweep", s.w.map { $0.doubleValue }, s.dual.map { $0.doubleValue }, s.verifiedDigits, s.newtonIterations)
        }
    }
}
