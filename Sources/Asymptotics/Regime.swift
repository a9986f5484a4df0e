/// The regime label of a checkpoint (see `RegimeRule`).
public enum Regime: String, Codable, Sendable, CaseIterable {
    case kernel
    case transition
    case rich
}
