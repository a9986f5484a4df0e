import ArgumentParser

/// `biasflow saddles`: placeholder until its issue lands (it refuses to run rather than pretend).
struct SaddlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "saddles", abstract: "(not built yet)")
    func run() throws { throw CLIError("biasflow saddles: not built yet") }
}
