import ArgumentParser
import Foundation

/// Runs the `biasflow` command line with one rule for exit codes, true for every command:
///
/// * 0: success (and `--help`, `help COMMAND`);
/// * 2: a malformed command line: an unknown command or option, a missing value, a value that
///   does not parse as its option's type or is not one of its listed choices;
/// * 1: a well-formed command line whose input is refused (a value out of range, bad data, a
///   contradiction between options) or whose computation fails, and a failed write of the output.
///
/// Errors go to stderr as one `Error: …` line. Standard output is flushed and checked after the
/// command ran: a write that failed (a full disk, `> /dev/full`) is an error with exit code 1.
enum CommandLineRunner {
    static let usageExitCode: Int32 = 2
    static let refusalExitCode: Int32 = 1

    static func run(_ arguments: [String]) -> Int32 {
        if let unknown = unknownHelpTopic(arguments) {
            writeError(
                "Error: help: '\(unknown)' is not a biasflow command\n"
                    + "Usage: biasflow help [<subcommands> ...]  (commands: " + commandNames(BiasFlowCommand.self).joined(separator: ", ")
                    + ")")
            return usageExitCode
        }
        var command: ParsableCommand
        do {
            command = try BiasFlowCommand.parseAsRoot(arguments)
        } catch {
            let code = BiasFlowCommand.exitCode(for: error)
            let message = BiasFlowCommand.fullMessage(for: error)
            if code == .success {
                guard StandardOutput.write(message + "\n") else { return refusalExitCode }
                return 0
            }
            writeError(message)
            // ArgumentParser's usage errors (EX_USAGE, 64) are malformed command lines; anything
            // a command's own checks throw while parsing (CLIError) is a refusal.
            return code == .validationFailure ? usageExitCode : refusalExitCode
        }
        do {
            try command.run()
        } catch is OutputFailure {
            return refusalExitCode
        } catch let error as CLIError {
            _ = StandardOutput.flush()
            writeError("Error: " + error.description)
            return refusalExitCode
        } catch {
            // ArgumentParser's own errors thrown while running (`help COMMAND`, CleanExit).
            let code = BiasFlowCommand.exitCode(for: error)
            if code == .success {
                guard StandardOutput.write(BiasFlowCommand.fullMessage(for: error) + "\n") else { return refusalExitCode }
                return 0
            }
            _ = StandardOutput.flush()
            writeError(BiasFlowCommand.fullMessage(for: error))
            return code == .validationFailure ? usageExitCode : refusalExitCode
        }
        guard StandardOutput.flush() else { return refusalExitCode }
        return 0
    }

    static func writeError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// For `biasflow help A B …`: the first name that is not a (sub)command, or nil.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var current: ParsableCommand.Type = BiasFlowCommand.self
        for name in arguments.dropFirst() {
            if name.hasPrefix("-") { return nil }
            guard let next = current.configuration.subcommands.first(where: { commandName($0) == name }) else { return name }
            current = next
        }
        return nil
    }

    static func commandName(_ type: ParsableCommand.Type) -> String {
        type.configuration.commandName ?? String(describing: type).lowercased()
    }

    static func commandNames(_ type: ParsableCommand.Type) -> [String] {
        type.configuration.subcommands.map(commandName)
    }
}
