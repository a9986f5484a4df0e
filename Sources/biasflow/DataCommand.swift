import Datasets
import ArgumentParser
import Asymptotics

/// `biasflow data list` / `biasflow data show NAME`: the built-in data sets usable as `--data builtin:NAME`.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "The built-in data sets (use them as --data builtin:NAME).",
        subcommands: [DataListCommand.self, DataShowCommand.self]
    )
}

/// `biasflow data list`: one line per built-in data set: name, task, size, what it is.
struct DataListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in data sets.")

    func run() throws {
        for name in BuiltinDataSet.names {
            let set = BuiltinDataSet.named(name)!
            print("builtin:\(name)  \(set.task.rawValue), N = \(set.table.rowCount), d = \(set.table.columnCount - 1)  \(set.summary)")
        }
    }
}

/// `biasflow data show NAME`: the data set as the CSV file it stands for (exact decimals), so it
/// can be saved and read back with `--data FILE`.
struct DataShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a built-in data set as CSV.")

    @Argument(help: "The data set's name (with or without the builtin: prefix).")
    var name: String

    func run() throws {
        let spec = name.hasPrefix(DataSource.builtinPrefix) ? name : DataSource.builtinPrefix + name
        let set: BuiltinDataSet
        do {
            guard let found = try DataSource.builtin(spec) else { throw CLIError("\(name): not a built-in data set name") }
            set = found
        } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
        print(set.csvText, terminator: "")
    }
}
