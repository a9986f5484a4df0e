import Multiprecision

/// The algorithm of a solve: one of the integrators' methods with its tuning.
public enum IntegrationAlgorithm: Sendable, Equatable {
    case radauIIA(RadauIIA)
    case extrapolation(GraggBulirschStoer)
    case automatic(StiffnessSwitch)

    /// Radau IIA with s stages, or s chosen from the tolerance.
    public static func radauIIA(stages: Int? = nil) -> IntegrationAlgorithm { .radauIIA(RadauIIA(stages: stages)) }
    /// Gragg–Bulirsch–Stoer extrapolation with k columns, or k chosen from the tolerance.
    public static func extrapolation(columns: Int? = nil) -> IntegrationAlgorithm { .extrapolation(GraggBulirschStoer(columns: columns)) }
    /// The stiffness switch with its default rule and methods.
    public static var automatic: IntegrationAlgorithm { .automatic(StiffnessSwitch()) }
}

/// How step sizes are chosen.
public enum StepControl: Sendable, Equatable {
    /// Error-controlled steps by `StepSizeController` from the algorithm's error estimate; the
    /// first step is `initialStep` or, when nil, one that changes y by about 1 % of its scale.
    case adaptive(StepSizeController, initialStep: Double?)
    /// Steps of this exact size, the last before each target shortened to land on it; no error
    /// control (convergence studies).
    case fixed(Rational)

    public static var adaptive: StepControl { .adaptive(StepSizeController(), initialStep: nil) }
}
