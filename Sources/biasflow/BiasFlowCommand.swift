import ArgumentParser
import Foundation
import Experiments

/// The `biasflow` command line (DESIGN.md §4).
@main
struct BiasFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biasflow",
        abstract: "High-precision asymptotics of the implicit bias of gradient flow.",
        version: BiasFlowVersion.current,
        subcommands: [
            FlowCommand.self,
            LimitsCommand.self,
            AnalyzeCommand.self,
            TransitionsCommand.self,
            SweepCommand.self,
            SaddlesCommand.self,
            LPCommand.self,
            DataCommand.self
        ]
    )

    /// Parses and runs with the exit-code rule of `CommandLineRunner` (0, 1 refused, 2 malformed).
    static func main() {
        Foundation.exit(CommandLineRunner.run(Array(CommandLine.arguments.dropFirst())))
    }
}
