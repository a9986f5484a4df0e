import ArgumentParser

/// `biasflow analyze`: placeholder until its issue lands (it refuses to run rather than pretend).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "(not built yet)")
    func run() throws { throw CLIError("biasflow analyze: not built yet") }
}
