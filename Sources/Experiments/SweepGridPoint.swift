import Datasets
import Multiprecision

/// One point of an experiment's grid: its index in the normalised grid order (depths ascending,
/// then α ascending; or the scales s ascending), the depth and the exact scale.
///
/// A model-file experiment (quantity `distances`) has no depth: its points carry depth 0 and
/// the scale s of θ(0) = s·θ* in `alpha`/`alphaText`; their files name it `"scale"`.
public struct SweepGridPoint: Sendable, Equatable {
    public let index: Int
    public let depth: Int
    public let alpha: Rational
    /// α (or s) as a normalised decimal literal or "p/q" (the key used in files and tables).
    public let alphaText: String

    /// "D = 2, α = 10", or "s = 0.001" (for messages).
    public var label: String { Self.label(depth: depth, alphaText: alphaText) }

    /// A model-file experiment's point: its scalar is the scale s.
    public var isScale: Bool { depth == 0 }

    public static func label(depth: Int, alphaText: String) -> String {
        depth == 0 ? "s = \(alphaText)" : "D = \(depth), α = \(alphaText)"
    }

    /// The point's coordinates in a JSON object: `"depth": D, "alpha": "α"` or `"scale": "s"`.
    static func jsonPairs(depth: Int, alphaText: String) -> String {
        depth == 0
            ? "\"scale\": \(JSONText.string(alphaText))" : "\"depth\": \(depth), \"alpha\": \(JSONText.string(alphaText))"
    }

    /// (depth, α text) from a JSON object written with `jsonPairs`.
    static func coordinates(_ object: [String: Any]) -> (depth: Int, alphaText: String)? {
        if let scale = object["scale"] as? String { return (0, scale) }
        guard let depth = object["depth"] as? Int, depth > 0, let alpha = object["alpha"] as? String else { return nil }
        return (depth, alpha)
    }
}
