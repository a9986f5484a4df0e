/// The version `biasflow --version` prints; CHANGELOG.md says what changed in each.
enum BiasFlowVersion {
    static let current = "0.3.0"
}
