import Asymptotics
import Experiments

/// The table of a sweep's results: one row per record of each grid point, in grid order
/// (depth, then α ascending), with the columns D, α and the quantity's fields. Numbers are the
/// stored decimal strings (their verified digits), so tables of merged shards and of a single
/// run are byte-identical.
public enum SweepTableBuilder {
    /// - Parameter partial: allow missing grid points (listed in a note); otherwise they are an error.
    public static func table(_ manifest: SweepManifest, results: [Int: SweepPointResult], partial: Bool = false) throws(SweepError)
        -> ReportTable
    {
        let missing = manifest.grid.filter { results[$0.index] == nil }
        if !missing.isEmpty && !partial {
            throw SweepError(
                "\(missing.count) of \(manifest.grid.count) grid points have no result yet ("
                    + missing.prefix(5).map(\.label).joined(separator: "; ")
                    + (missing.count > 5 ? "; …" : "") + "): run or resume the sweep, merge the other shards, or ask for a partial table")
        }
        guard let first = manifest.grid.compactMap({ results[$0.index] }).first else {
            throw SweepError("no grid point has a result yet")
        }
        let scaleGrid = manifest.quantity == .distances
        var columns = scaleGrid ? [SweepColumns.column("scale")] : [SweepColumns.column("depth"), SweepColumns.column("alpha")]
        columns += first.fields.map { SweepColumns.column($0) }
        var rows: [[TableCell]] = []
        for point in manifest.grid {
            guard let result = results[point.index] else { continue }
            guard result.fields == first.fields else {
                throw SweepError("grid point \(point.index) stores the fields \(result.fields), grid point \(first.index) \(first.fields)")
            }
            let alpha: TableCell = DecimalLiteral(point.alphaText) != nil ? .decimal(point.alphaText) : .exact(point.alphaText)
            for record in result.records {
                var row: [TableCell] = scaleGrid ? [alpha] : [.integer(point.depth), alpha]
                for (value, kind) in zip(record, result.kinds) {
                    guard let value else {
                        row.append(.missing)
                        continue
                    }
                    switch kind {
                    case .decimal: row.append(DecimalLiteral(value) != nil ? .decimal(value) : .text(value))
                    case .integer: row.append(Int(value).map(TableCell.integer) ?? .text(value))
                    case .exact: row.append(ExactFractionText.isValid(value) ? .exact(value) : .text(value))
                    case .text: row.append(.text(value))
                    }
                }
                rows.append(row)
            }
        }
        var notes = [
            "Experiment \(manifest.experimentHash) (\(manifest.quantity.rawValue) on \(manifest.dataSpec)); every number "
                + "carries only digits verified by two independent runs"
                + (manifest.quantity == .transition ? " (flow run at \(manifest.digits) digits)." : " (at most \(manifest.digits)).")
        ]
        if scaleGrid {
            notes.append(
                "Model \(manifest.modelFile ?? "?") from θ(0) = s·θ*; distances ‖k − ŵ‖₂ to the limits that apply (ŵ₂, ŵ₁ the min-ℓ2/min-ℓ1 "
                    + "interpolators, ŵ_t the weighted-ℓ1 limit; for classification the max-margin directions and w̃ = k/γ), "
                    + "regime by the rule δ = \(manifest.richDistance ?? "0.1") (kernel near ŵ₂, rich near ŵ_t).")
        }
        if manifest.quantity == .transition {
            notes.append(
                "Transitions (RegimeRule): kernel exit when max_i |w_i| / α^D reaches \(manifest.kernelRatio ?? "1"); "
                    + "rich entry when ‖w/γ − ŵ₁‖₂ comes down to \(manifest.richDistance ?? "0.1"); searched up to τ = \(manifest.horizon ?? "?"); "
                    + "ε* is the loss L at the crossing, μ* = α^D/γ* there.")
            notes += SweepTransitionFits.notes(SweepTransitionFits.fits(manifest, results: results))
        }
        if !missing.isEmpty {
            notes.append(
                "PARTIAL: \(missing.count) of \(manifest.grid.count) grid points missing ("
                    + missing.map(\.label).joined(separator: "; ") + ").")
        }
        let title = "Sweep " + (manifest.name ?? manifest.experimentHash) + ": \(manifest.quantity.rawValue) on \(manifest.dataSpec)"
        do {
            return try ReportTable(columns: columns, rows: rows, title: title, label: "tab:sweep-\(manifest.experimentHash)", notes: notes)
        } catch { throw SweepError("the stored results do not make a table: \(error)") }
    }
}
