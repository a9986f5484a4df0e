import Foundation

/// The limits and ticks of one figure axis, and the map from data values to [0, 1].
///
/// Linear axes take a "nice" step (1, 2 or 5 × 10^k) giving about five intervals over the data
/// range, with limits widened to whole steps; logarithmic axes take whole decades as limits and
/// label every decade (every k-th, k in 1, 2, 5, 10, 20, …, when there are more than eight), with minor ticks at 2…9 × 10^k
/// when at most six decades are shown. Fixed limits on the axis replace the widened ones.
struct AxisTicks: Equatable {
    enum Label: Equatable {
        /// Positional text, e.g. "0.25", "-3".
        case plain(String)
        /// mantissa × 10^exponent; a mantissa of "1" is written as the power alone.
        case power(mantissa: String, exponent: Int)
    }

    struct Tick: Equatable {
        var value: Double
        var label: Label
    }

    var scale: FigureAxis.Scale
    var lower: Double
    var upper: Double
    var major: [Tick]
    var minor: [Double]

    /// `value`'s position along the axis: 0 at `lower`, 1 at `upper` (outside for values beyond).
    func position(_ value: Double) -> Double {
        switch scale {
        case .linear: return (value - lower) / (upper - lower)
        case .log: return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    init(axis: FigureAxis, values: [Double]) {
        scale = axis.scale
        let dataLower = values.min()!, dataUpper = values.max()!
        switch axis.scale {
        case .linear:
            var a = axis.lower ?? dataLower, b = axis.upper ?? dataUpper
            if axis.lower == nil && axis.upper != nil { a = min(a, b - 1) }
            if axis.upper == nil && axis.lower != nil { b = max(b, a + 1) }
            if a == b {
                let pad = max(1, abs(a) * 0.1)
                a -= pad
                b += pad
            }
            let step = AxisTicks.niceStep((b - a) / 5)
            lower = axis.lower ?? (a / step).rounded(.down) * step
            upper = axis.upper ?? (b / step).rounded(.up) * step
            let first = Int((lower / step - 1e-9).rounded(.up)), last = Int((upper / step + 1e-9).rounded(.down))
            let decimals = max(0, -Int(log10(step).rounded(.down)))
            let scientific = max(abs(lower), abs(upper)) >= 1e6 || step < 1e-4
            major = (first...max(first, last)).filter { $0 <= last }.map { k in
                let value = Double(k) * step
                return Tick(
                    value: value, label: scientific ? AxisTicks.scientificLabel(value) : .plain(AxisTicks.fixed(value, decimals: decimals)))
            }
            minor = []
        case .log:
            var lowDecade = Int(log10(axis.lower ?? dataLower).rounded(.down))
            var highDecade = Int(log10(axis.upper ?? dataUpper).rounded(.up))
            if pow(10, Double(lowDecade + 1)) <= (axis.lower ?? dataLower) { lowDecade += 1 }  // log10 rounding
            if pow(10, Double(highDecade - 1)) >= (axis.upper ?? dataUpper) { highDecade -= 1 }
            if highDecade <= lowDecade { highDecade = lowDecade + 1 }
            lower = axis.lower ?? pow(10, Double(lowDecade))
            upper = axis.upper ?? pow(10, Double(highDecade))
            let decades = highDecade - lowDecade
            let stride = max(1, Int(AxisTicks.niceStep(Double(decades) / 8)))
            let lo = lower, hi = upper
            let inside = { (v: Double) in v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) }
            major = (lowDecade...highDecade).filter { (($0 % stride) + stride) % stride == 0 }
                .map { Tick(value: pow(10, Double($0)), label: .power(mantissa: "1", exponent: $0)) }
                .filter { inside($0.value) }
            if stride == 1 && decades <= 6 {
                minor = (lowDecade..<highDecade).flatMap { k in (2...9).map { Double($0) * pow(10, Double(k)) } }.filter(inside)
            } else {
                minor = (lowDecade...highDecade).filter { (($0 % stride) + stride) % stride != 0 }.map { pow(10, Double($0)) }.filter(
                    inside)
            }
        }
    }

    /// The smallest of 1, 2, 5, 10 × 10^k that is ≥ `raw` (raw > 0).
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, log10(raw).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return nice * magnitude
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    static func scientificLabel(_ value: Double) -> Label {
        if value == 0 { return .plain("0") }
        let exponent = Int(log10(abs(value)).rounded(.down))
        var mantissa = String(format: "%.3g", value / pow(10, Double(exponent)))
        if mantissa == "10" { return .power(mantissa: "1", exponent: exponent + 1) }
        if mantissa == "-10" {
            mantissa = "-1"
            return .power(mantissa: mantissa, exponent: exponent + 1)
        }
        return .power(mantissa: mantissa, exponent: exponent)
    }
}
