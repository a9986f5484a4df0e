import CMPFR

/// The direction in which an MPFR operation rounds its exact result to the destination precision.
///
/// Every operation of `BigFloat` is correctly rounded in the direction given (MPFR's guarantee:
/// the result is the exact mathematical value rounded once). The default everywhere is
/// `.toNearest` (ties to even).
public enum RoundingMode: Sendable, Hashable, CaseIterable {
    /// Round to nearest, ties to even (MPFR_RNDN).
    case toNearest
    /// Round toward zero (MPFR_RNDZ).
    case towardZero
    /// Round toward +∞ (MPFR_RNDU).
    case up
    /// Round toward −∞ (MPFR_RNDD).
    case down
    /// Round away from zero (MPFR_RNDA).
    case awayFromZero

    @inlinable
    public var mpfr: mpfr_rnd_t {
        switch self {
        case .toNearest: return MPFR_RNDN
        case .towardZero: return MPFR_RNDZ
        case .up: return MPFR_RNDU
        case .down: return MPFR_RNDD
        case .awayFromZero: return MPFR_RNDA
        }
    }
}
