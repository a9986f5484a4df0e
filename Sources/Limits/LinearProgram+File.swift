import Datasets
import Multiprecision

extension LinearProgram {
    /// Reads an LP in standard form from a CSV file in the project's conventions (DESIGN.md §3):
    ///
    ///     x1,x2,x3,rhs        header: one name per variable, then the right-hand-side column
    ///     1,2,3,0             first data row: the objective c (its last field must be 0)
    ///     1,1,1,1             each further row: one equality constraint a_iᵀx = b_i
    ///
    /// Every number is a decimal literal read exactly. Errors name the file, line and problem.
    public init(contentsOfFile path: String) throws(LinearProgramError) {
        let table: CSVTable
        do { table = try CSVTable(contentsOfFile: path) } catch { throw .invalidData(error.description) }
        try self.init(table: table)
    }

    /// The same format from text (for tests and for data not on disk).
    public init(parsing text: String, source: String) throws(LinearProgramError) {
        let table: CSVTable
        do { table = try CSVTable(parsing: text, source: source) } catch { throw .invalidData(error.description) }
        try self.init(table: table)
    }

    init(table: CSVTable) throws(LinearProgramError) {
        let width = table.columnCount
        guard table.rowCount >= 2 else {
            throw .invalidData(
                "\(table.source): the objective row and at least one constraint row are needed (found \(table.rowCount) data row\(table.rowCount == 1 ? "" : "s"))"
            )
        }
        let objective = table.rows[0]
        guard objective[width - 1].isZero else {
            throw .invalidData(
                "\(table.source):\(table.lineNumbers[0]):\(width) (column '\(table.columnNames[width - 1])'): the objective row's last field must be 0, found \(objective[width - 1]) (constant terms are not part of the format)"
            )
        }
        let constraints = Array(table.rows.dropFirst())
        if let index = constraints.firstIndex(where: { row in row.dropLast().allSatisfy(\.isZero) && !row[width - 1].isZero }) {
            throw .invalidData(
                "\(table.source):\(table.lineNumbers[index + 1]): the constraint 0 = \(constraints[index][width - 1]) can never hold (all coefficients are 0)"
            )
        }
        try self.init(
            a: constraints.map { Array($0.dropLast()) }, b: constraints.map { $0[width - 1] },
            c: Array(objective.dropLast()), variableNames: Array(table.columnNames.dropLast()))
    }
}
