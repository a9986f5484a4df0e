/// How analysis records store verified decimals: the values in one field and their digits under
/// `verified_digits` (`CheckpointRegime`, `ModelCheckpointRegime`), so a stored record reads like
/// the printed output.
extension Dictionary where Key == ReferenceKind, Value == VerifiedDecimal {
    /// {reference: value} and {reference: digits}, keyed by the references' raw names.
    var storedValues: [String: String] { [String: String](uniqueKeysWithValues: map { ($0.key.rawValue, $0.value.value) }) }
    var storedDigits: [String: Int] { [String: Int](uniqueKeysWithValues: map { ($0.key.rawValue, $0.value.digits) }) }
}

extension KeyedDecodingContainer {
    /// The distances stored under `key` as {reference: value}, with `digits` per reference (0 when
    /// absent). Throws for a reference name that is not a `ReferenceKind`.
    func decodeDistances(forKey key: Key, digits: [String: Int]) throws -> [ReferenceKind: VerifiedDecimal] {
        var distance = [ReferenceKind: VerifiedDecimal]()
        for (name, value) in try decode([String: String].self, forKey: key) {
            guard let kind = ReferenceKind(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown reference '\(name)'")
            }
            distance[kind] = VerifiedDecimal(value: value, digits: digits[name] ?? 0)
        }
        return distance
    }

    /// The decimals stored under `key`, each with its entry of `digits`. Throws when the two
    /// differ in length (`name` is the field's name in the message).
    func decodeVerified(forKey key: Key, digits: [Int]?, name: String) throws -> [VerifiedDecimal] {
        try verified(decode([String].self, forKey: key), digits: digits, forKey: key, name: name)
    }

    /// `values` (read from `key`) paired with `digits`, which must have their length.
    func verified(_ values: [String], digits: [Int]?, forKey key: Key, name: String) throws -> [VerifiedDecimal] {
        guard let digits, digits.count == values.count else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(name) and its digits differ in length")
        }
        return zip(values, digits).map { VerifiedDecimal(value: $0, digits: $1) }
    }
}
