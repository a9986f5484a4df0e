import ArgumentParser

/// `biasflow lp`: placeholder until its issue lands (it refuses to run rather than pretend).
struct LPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lp", abstract: "(not built yet)")
    func run() throws { throw CLIError("biasflow lp: not built yet") }
}
