import Testing
@testable import Limits
import Multiprecision
@Test func smoke() throws {
    let rows = ["0.646,0.822,0.330,-1.303,0.905,0.446","0.837,0.581,0.365,0.294,0.028,0.547","1.036,-0.163,-0.482,0.599,0.040,-0.292","1.082,-0.257,0.008,-0.276,1.294,1.007"].map { try! $0.split(separator: ",").map { try Rational(decimal: String($0)) } }
    for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
        let p = try LimitProblem(kind: kind, classificationRows: rows)
        let l = try p.solve()
        print(kind, l.w.map { BigFloat($0, precision: 53).doubleValue }, l.dual.map { BigFloat($0, precision: 53).doubleValue }, l.certificate.isVerified, l.uniqueness.note, l.statistics)
        let l2 = try p.solve(.init(floatingWarmStart: false))
        print(l2.w == l.w, l2.statistics)
    }
}
