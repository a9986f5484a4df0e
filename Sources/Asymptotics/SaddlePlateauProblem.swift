import Flow
import Limits
import Multiprecision

/// Follows the regression flow of the depth-2 Woodworth network (w = 2α² sinh(4Xᵀη), MATH.md
/// §3.2) at a finite α in physical time and measures how it sits on the saddles of the α → 0
/// algorithm (`SaddleSequence`): for each saddle, the distance at the middle of its predicted
/// plateau, the observed plateau interval, and the measured jump time (MATH.md §7.1, T11).
///
/// Contract: every figure is computed twice (at `digits` and at digits + 10 with more precision)
/// and carries the number of significant digits on which the two runs agree. The jump time is
/// located to about `digits` digits by the Illinois method on the loss, which decreases
/// monotonically along gradient flow, so the crossing is unique.
public struct SaddlePlateauProblem: Sendable {
    public let x: [[Rational]]
    public let y: [Rational]
    public let sequence: SaddleSequence
    /// α > 0 as decimal text, read exactly.
    public let alphaText: String
    public let alpha: Rational
    public var digits: Int
    public var samplesPerUnit: Int
    public var threshold: Rational

    public init(
        x: [[Rational]], y: [Rational], sequence: SaddleSequence, alpha: String, digits: Int = 20,
        samplesPerUnit: Int = 16, threshold: Rational = Rational(1, 100)
    ) throws(FlowError) {
        guard let value = try? Rational(decimal: alpha), value.signum > 0 else {
            throw .invalidInitialization("α must be a positive decimal number, got '\(alpha)'")
        }
        guard value < Rational(1) else { throw .invalidInitialization("the saddle regime needs α < 1, got \(alpha)") }
        guard !sequence.steps.isEmpty else {
            throw .invalidInitialization("y = 0: the flow stays at the origin, there is no saddle to visit")
        }
        guard samplesPerUnit >= 1 else { throw .invalidInitialization("at least one sample per unit of rescaled time") }
        self.x = x
        self.y = y
        self.sequence = sequence
        alphaText = alpha
        self.alpha = value
        self.digits = digits
        self.samplesPerUnit = samplesPerUnit
        self.threshold = threshold
    }

    public func solve() throws(FlowError) -> SaddlePlateauReport {
        var coarseRun = try Run(problem: self, digits: digits)
        let coarse = try coarseRun.measure()
        var fineRun = try Run(problem: self, digits: digits + 10)
        let fine = try fineRun.measure()
        var plateaus: [SaddlePlateau] = []
        for (a, b) in zip(coarse.plateaus, fine.plateaus) {
            plateaus.append(
                SaddlePlateau(
                    index: b.index, saddle: b.saddle, predictedStart: b.predictedStart, predictedEnd: b.predictedEnd,
                    probeTime: b.probeTime, distanceAtProbe: b.distanceAtProbe, offSupportDistance: b.offSupportDistance,
                    onSupportDistance: b.onSupportDistance, predictedExponent: b.predictedExponent, minimumDistance: b.minimumDistance,
                    observedStart: b.observedStart, observedEnd: b.observedEnd, measuredJumpTime: b.measuredJumpTime,
                    distanceDigits: Swift.min(digits, AgreedDigits.scalar(a.distanceAtProbe, b.distanceAtProbe)),
                    offSupportDigits: Swift.min(digits, AgreedDigits.scalar(a.offSupportDistance, b.offSupportDistance)),
                    onSupportDigits: Swift.min(digits, AgreedDigits.scalar(a.onSupportDistance, b.onSupportDistance)),
                    jumpTimeDigits: b.measuredJumpTime.map { Swift.min(digits, AgreedDigits.scalar(a.measuredJumpTime!, $0)) }))
        }
        return SaddlePlateauReport(
            alphaText: alphaText, alpha: alpha, logInverseAlpha: fine.logInverseAlpha, plateaus: plateaus,
            threshold: threshold, samplesPerUnit: samplesPerUnit, precision: fine.precision, steps: fine.steps)
    }

}

/// One run of the measurement at a given number of digits.
private struct Run {
    let problem: SaddlePlateauProblem
    let digits: Int
    let saddles: [[Rational]]
    let jumpTimes: [Rational]  // T_1 … T_K
    let losses: [Rational]  // L(β⁽⁰⁾) … L(β⁽ᴷ⁾)
    let unit: BigFloat  // ½ ln(1/α): t = T · unit
    let logInverseAlpha: BigFloat
    var flow: DiagonalRegressionTimeFlow

    init(problem: SaddlePlateauProblem, digits: Int) throws(FlowError) {
        self.problem = problem
        self.digits = digits
        let d = problem.x[0].count
        saddles = [[Rational](repeating: Rational(), count: d)] + problem.sequence.steps.map(\.saddle)
        jumpTimes = problem.sequence.steps.map(\.jumpTime)
        var initialLoss = Rational()
        for value in problem.y { initialLoss.addProduct(value, value) }
        losses = [initialLoss / Rational(2)] + problem.sequence.steps.map(\.loss)
        let network = try DiagonalNetwork(depth: 2, alpha: problem.alpha, dimension: d)
        let horizonRescaled = BigFloat(jumpTimes.last! + Rational(2), precision: 64)
        let roughLog = -BigFloat.log(BigFloat(problem.alpha, precision: 64))
        flow = try DiagonalRegressionTimeFlow(
            x: problem.x, y: problem.y, network: network, digits: digits,
            horizon: (horizonRescaled * roughLog).doubleValue / 2 + 1)
        let p = flow.precision
        logInverseAlpha = -BigFloat.log(BigFloat(problem.alpha, precision: p))
        unit = logInverseAlpha / 2
    }

    struct Measured {
        var plateaus: [SaddlePlateau]
        var logInverseAlpha: BigFloat
        var precision: Int
        var steps: Int
    }

    func physicalTime(_ rescaled: Rational) -> BigFloat { BigFloat(rescaled, precision: flow.precision) * unit }

    func distance(_ beta: [BigFloat], to saddle: [Rational]) -> BigFloat {
        var worst = BigFloat(precision: flow.precision)
        for (b, s) in zip(beta, saddle) { worst = BigFloat.maximum(worst, (b - BigFloat(s, precision: flow.precision)).magnitude) }
        return worst
    }

    mutating func measure() throws(FlowError) -> Measured {
        let k = saddles.count
        let p = flow.precision
        let end = jumpTimes.last! + Rational(2)
        // Probe times: the middle of each predicted plateau, T_K + 1 for the last.
        let starts = [Rational()] + jumpTimes
        let probes = (0..<k).map { i in i + 1 < k ? (starts[i] + starts[i + 1]) / Rational(2) : starts[i] + Rational(1) }
        // The grid, with the probes merged in.
        var times: [Rational] = []
        let count = Int(BigFloat(end * Rational(problem.samplesPerUnit), precision: 64).doubleValue.rounded(.up))
        for j in 1...count { times.append(Rational(j, problem.samplesPerUnit)) }
        times = Array(Set(times + probes)).sorted()
        var distances = [[BigFloat]](repeating: [], count: k)  // per saddle, per grid time
        var probeDistance = [BigFloat?](repeating: nil, count: k)
        var probeSplit = [(off: BigFloat, on: BigFloat)?](repeating: nil, count: k)
        var jumps = [BigFloat?](repeating: nil, count: k)
        var nextJump = 1
        var previous = flow
        var previousTime = Rational()
        for time in times {
            try flow.advance(to: physicalTime(time))
            let beta = flow.predictor
            for i in 0..<k {
                let value = distance(beta, to: saddles[i])
                distances[i].append(value)
                if time == probes[i] {
                    probeDistance[i] = value
                    var off = BigFloat(precision: p), on = BigFloat(precision: p)
                    for (j, target) in saddles[i].enumerated() {
                        let gap = (beta[j] - BigFloat(target, precision: p)).magnitude
                        if target.isZero { off = BigFloat.maximum(off, gap) } else { on = BigFloat.maximum(on, gap) }
                    }
                    probeSplit[i] = (off, on)
                }
            }
            let loss = flow.loss
            while nextJump < k && loss < BigFloat((losses[nextJump - 1] + losses[nextJump]) / Rational(2), precision: p) {
                let level = BigFloat((losses[nextJump - 1] + losses[nextJump]) / Rational(2), precision: p)
                jumps[nextJump] =
                    try locateCrossing(from: previous, at: physicalTime(previousTime), to: physicalTime(time), level: level) / unit
                nextJump += 1
            }
            previous = flow
            previousTime = time
        }
        var plateaus: [SaddlePlateau] = []
        for i in 0..<k {
            let probeIndex = times.firstIndex(of: probes[i])!
            let limit = BigFloat(problem.threshold, precision: p)
            var observedStart: Double? = nil, observedEnd: Double? = nil
            if distances[i][probeIndex] <= limit {
                var low = probeIndex, high = probeIndex
                while low > 0 && distances[i][low - 1] <= limit { low -= 1 }
                while high + 1 < times.count && distances[i][high + 1] <= limit { high += 1 }
                observedStart = low == 0 && i == 0 ? 0 : BigFloat(times[low], precision: 53).doubleValue
                observedEnd = BigFloat(times[high], precision: 53).doubleValue
            }
            // s at the probe: s⁽ᵏ⁾ + (T − T_k) u⁽ᵏ⁺¹⁾ (u = 0 after the last saddle, s = 0 before the first).
            var predicted: Rational? = nil
            let steps = problem.sequence.steps
            let d = saddles[i].count
            let sAtProbe: [Rational] = (0..<d).map { j in
                let base = i == 0 ? Rational() : steps[i - 1].s[j]
                guard i < steps.count else { return base }
                return base + (probes[i] - starts[i]) * steps[i].direction[j]
            }
            let offSupport = (0..<d).filter { saddles[i][$0].isZero }
            if let largest = offSupport.map({ sAtProbe[$0].magnitude }).max() { predicted = Rational(2) * (Rational(1) - largest) }
            let minimum = distances[i].dropFirst().reduce(distances[i][0]) { BigFloat.minimum($0, $1) }
            plateaus.append(
                SaddlePlateau(
                    index: i, saddle: saddles[i], predictedStart: starts[i], predictedEnd: i + 1 < k ? starts[i + 1] : nil,
                    probeTime: probes[i], distanceAtProbe: probeDistance[i]!, offSupportDistance: probeSplit[i]!.off,
                    onSupportDistance: probeSplit[i]!.on, predictedExponent: predicted, minimumDistance: minimum,
                    observedStart: observedStart, observedEnd: observedEnd, measuredJumpTime: jumps[i],
                    distanceDigits: digits, offSupportDigits: digits, onSupportDigits: digits,
                    jumpTimeDigits: jumps[i] == nil ? nil : digits))
        }
        return Measured(plateaus: plateaus, logInverseAlpha: logInverseAlpha, precision: p, steps: flow.acceptedSteps)
    }

    /// The physical time in (a, b] at which the loss equals `level` (Illinois method).
    func locateCrossing(from start: DiagonalRegressionTimeFlow, at a: BigFloat, to b: BigFloat, level: BigFloat) throws(FlowError)
        -> BigFloat
    {
        func excess(_ t: BigFloat) throws(FlowError) -> BigFloat {
            var copy = start
            try copy.advance(to: t)
            return copy.loss - level
        }
        var low = a, high = b
        var fLow = try excess(a), fHigh = try excess(b)
        var side = 0
        let p = flow.precision
        let tolerance = BigFloat(Rational(1, 10), precision: p) * BigFloat.pow(BigFloat(10, precision: p), -digits) * high.magnitude
        for _ in 0..<200 {
            if (high - low) <= tolerance { break }
            var t = high - fHigh * (high - low) / (fHigh - fLow)
            if !(t > low && t < high) { t = (low + high) / 2 }
            let f = try excess(t)
            if f.signum > 0 {
                low = t
                fLow = f
                if side == -1 { fHigh = fHigh / 2 }
                side = -1
            } else {
                high = t
                fHigh = f
                if side == 1 { fLow = fLow / 2 }
                side = 1
            }
            if f.isZero { return t }
        }
        return high - fHigh * (high - low) / (fHigh - fLow)
    }
}
