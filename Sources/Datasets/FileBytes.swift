import Multiprecision
/// Reading a whole input file with a bound, for every file format BiasFlow reads (data, LP,
/// experiment and saved-report files): a missing file, a directory, an unreadable file and a
/// file longer than the bound (an endless source such as /dev/zero) are refused with a
/// `DataFileError` naming the path, before memory runs out.
public enum FileBytes {
    /// The default bound: 256 MiB.
    public static let defaultMaximumBytes = 1 << 28

    /// The bytes of the file at `path`, at most `maximumBytes` of them.
    /// - Throws: `DataFileError` (`.fileNotFound`, `.notAFile`, `.unreadable`, `.fileTooLarge`).
    public static func read(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws(DataFileError) -> [UInt8] {
        try CSVReader.contents(ofFile: path, maximumBytes: maximumBytes, maximumLine: Int.max)
    }

    /// The file's text, which must be UTF-8.
    /// - Throws: as `read`, and `.invalidUTF8` for text that is not UTF-8.
    public static func text(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws(DataFileError) -> String {
        let bytes = try read(path, maximumBytes: maximumBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw DataFileError(file: path, problem: .invalidUTF8) }
        return text
    }
}
