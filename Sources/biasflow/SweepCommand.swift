import ArgumentParser
import Asymptotics
import Experiments
import Foundation
import Reports

/// `biasflow sweep …`: experiments over grids of depth and α, run in parallel, resumable,
/// shardable, merged and turned into tables and figures.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run experiments over (depth, α) grids; merge shards; tables and figures of the results.",
        subcommands: [
            SweepRunCommand.self, SweepMergeCommand.self, SweepTableCommand.self, SweepFigureCommand.self,
            SweepSubmitCommand.self, SweepStatusCommand.self
        ]
    )
}

/// `biasflow sweep run experiment.yaml [--jobs K] [--shard i/n] --out DIR`.
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run (or resume) the grid points of an experiment that are not yet stored in --out."
    )

    @Argument(help: "The experiment file (YAML; see Docs/reference.md).")
    var experiment: String

    @Option(help: "Result directory (created if needed; an existing one of the same experiment is resumed).")
    var out: String

    @Option(parsing: .unconditional, help: "Grid points computed at once (default: all cores).")
    var jobs: Int?

    @Option(
        help:
            "Run only shard i of n (1 ≤ i ≤ n): the points whose index ≡ i − 1 (mod n); auto: i/n of the Slurm array task (SLURM_ARRAY_TASK_ID, _MIN, _COUNT)."
    )
    var shard: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw CLIError("--jobs must be at least 1") }
    }

    func run() throws {
        let shardValue: SweepShard?
        do {
            shardValue = try shard.map { text throws(SweepError) in
                text == "auto"
                    ? try SweepShard.slurmArrayTask(environment: ProcessInfo.processInfo.environment) : try SweepShard(parsing: text)
            }
        } catch { throw CLIError("--shard: \(error.description)") }
        let parsed: Experiment
        do { parsed = try ExperimentParser.load(path: experiment) } catch { throw CLIError(error.description) }
        let store: SweepStore
        do { store = try SweepStore.create(for: parsed, at: out) } catch { throw CLIError(error.description) }
        var runner = SweepRunner(
            experiment: parsed, store: store, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, shard: shardValue)
        let bar = ProgressBar(label: "sweep")
        runner.progress = { done, total, result in
            bar.update(
                fraction: Double(done) / Double(max(1, total)),
                status:
                    "\(done)/\(total) points (last: \(SweepGridPoint.label(depth: result.depth, alphaText: result.alphaText)), \(String(format: "%.1f", result.seconds)) s)"
            )
        }
        let summary: SweepRunner.Summary
        do { summary = try runner.run() } catch {
            bar.finish()
            throw CLIError(error.description)
        }
        bar.finish()
        let scope = shardValue.map { "shard \($0) (\(summary.assigned) of \(parsed.grid.count) points)" } ?? "\(summary.assigned) points"
        FileHandle.standardError.write(
            Data(
                ("sweep \(parsed.hash): \(scope); \(summary.alreadyStored) were stored already, "
                    + "\(summary.computed) computed now; results in \(out)\n").utf8))
    }
}

/// `biasflow sweep merge DIR... --out DIR`.
struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge result directories (shards) of the same experiment into one."
    )

    @Argument(help: "Result directories to merge.")
    var directories: [String]

    @Option(help: "The merged result directory (new or empty).")
    var out: String

    func run() throws {
        guard !directories.isEmpty else { throw CLIError("sweep merge: give the result directories to merge") }
        let summary: SweepMerge.Summary
        do { summary = try SweepMerge.merge(directories, into: out) } catch { throw CLIError(error.description) }
        FileHandle.standardError.write(Data("merged \(summary.points) of \(summary.gridSize) grid points into \(out)\n".utf8))
    }
}

/// `biasflow sweep table DIR --format markdown|latex|csv|json`.
struct SweepTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "table", abstract: "Print the table of a sweep's results.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, latex, csv, json }

    @Argument(help: "A result directory.")
    var directory: String

    @Option(help: "markdown, latex, csv or json.")
    var format: Format = .markdown

    @Flag(help: "Allow missing grid points (they are listed in a note).")
    var partial = false

    func run() throws {
        let table: ReportTable
        do {
            let store = try SweepStore.open(directory)
            table = try SweepTableBuilder.table(store.manifest, results: try store.results(), partial: partial)
        } catch { throw CLIError(error.description.replacingOccurrences(of: "ask for a partial table", with: "pass --partial")) }
        switch format {
        case .markdown: print(MarkdownTableRenderer.render(table), terminator: "")
        case .latex: print(LaTeXTableRenderer.render(table), terminator: "")
        case .csv: print(CSVTableRenderer.render(table), terminator: "")
        case .json: print(JSONTableRenderer.render(table), terminator: "")
        }
    }
}

/// `biasflow sweep figure DIR --format svg|pgfplots [--y FIELD]`.
struct SweepFigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "figure", abstract: "Draw a stored field of a sweep against α.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case svg, pgfplots }

    @Argument(help: "A result directory.")
    var directory: String

    @Option(help: "svg (standalone SVG document) or pgfplots (tikzpicture source).")
    var format: Format = .svg

    @Option(
        help:
            "Stored fields on the y axis, comma-separated (default: gamma for classification, w_1 for regression, both log10(1/ε*) for transitions, the distance to the weighted-ℓ1 limit for model files)."
    )
    var y: String?

    @Option(name: .customLong("y-scale"), help: "auto, linear or log.")
    var yScale: String = "auto"

    @Flag(help: "Allow missing grid points.")
    var partial = false

    @Flag(help: "pgfplots: a complete standalone LaTeX document.")
    var standalone = false

    func run() throws {
        guard let scale = SweepFigureBuilder.YScale(rawValue: yScale) else {
            throw CLIError("--y-scale: '\(yScale)' is not auto, linear or log")
        }
        let figure: ReportFigure
        do {
            let store = try SweepStore.open(directory)
            let results = try store.results()
            let missing = store.manifest.grid.count - results.count
            if missing > 0 && !partial {
                throw SweepError(
                    "\(missing) of \(store.manifest.grid.count) grid points have no result yet: run or resume the sweep, merge the other shards, or pass --partial"
                )
            }
            let fields = results.values.first?.fields ?? []
            let chosen: [String]
            if let y {
                chosen = y.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if store.manifest.quantity == .distances {
                chosen = [
                    fields.contains("distance_weighted_l1") ? "distance_weighted_l1" : fields.first { $0.hasPrefix("distance_") } ?? ""
                ]
            } else if store.manifest.quantity == .transition {
                chosen = fields.filter { $0.hasSuffix("_log10_inv_eps") }
            } else {
                chosen = [fields.contains("gamma") ? "gamma" : fields.first { $0.hasPrefix("w_") } ?? fields.first ?? ""]
            }
            figure = try SweepFigureBuilder.figure(store.manifest, results: results, fields: chosen, yScale: scale)
        } catch { throw CLIError("\(error)") }
        switch format {
        case .svg: print(SVGFigureRenderer.render(figure), terminator: "")
        case .pgfplots: print(PGFPlotsRenderer.render(figure, standalone: standalone), terminator: "")
        }
    }
}
