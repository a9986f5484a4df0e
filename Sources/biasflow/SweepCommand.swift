import ArgumentParser

/// `biasflow sweep`: placeholder until its issue lands (it refuses to run rather than pretend).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweep", abstract: "(not built yet)")
    func run() throws { throw CLIError("biasflow sweep: not built yet") }
}
