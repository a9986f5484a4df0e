import Testing

/// The parent of every suite of the Multiprecision tests.
///
/// `.serialized` is recursive: the tests of all nested suites (one per file, declared in
/// extensions of this type) run one at a time. That is what lets `LeakTests` read the
/// process-wide `LiveMPFRValues.count` without other Multiprecision tests allocating or freeing
/// MPFR numbers at the same moment. (Tests of other targets may still run beside it in a full
/// `swift test`; the leak test tolerates that, see `LeakTests`.) Serial order costs little here:
/// the whole Multiprecision run takes a few seconds.
@Suite(.serialized)
enum MultiprecisionLayer {}
