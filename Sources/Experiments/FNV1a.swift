/// FNV-1a, 64 bits (Fowler–Noll–Vo): a fixed, platform-independent fingerprint of text, used to
/// name experiments and data sets. Not cryptographic: it tells apart honest mistakes (a shard of
/// another experiment), it does not resist forgery.
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The hash as 16 lowercase hexadecimal digits.
    static func hex(_ text: String) -> String {
        let digits = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
