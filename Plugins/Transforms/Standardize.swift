import SluiceKit

/// Stage `standardize`: z-scores numeric columns, (x − mean) / std, with the mean and
/// the population standard deviation (ddof = 0, as scikit-learn's `StandardScaler`)
/// fitted on `train` and applied to `train` and `test`.
///
/// - `columns` defaults to every float and integer column except the target (bool
///   columns are left alone). Standardized columns become float64, in place.
/// - Nulls (and NaN) are ignored when fitting and stay as they are.
/// - A constant column (std 0, or within rounding of 0 by scikit-learn's test) is only
///   centred: its scale is 1, as scikit-learn does.
/// - Output `scaler` (and artifact `scaler.json`):
///   `{"version":1,"columns":{"x":{"mean":m,"std":s,"scale":c}}}`, columns in table
///   order, where `scale` is what values are divided by (std, or 1 for a constant
///   column, whose `std` is reported as 0). Serving applies (x − mean) / scale.
struct Standardize: Transformer {
    struct Config: Decodable {
        var columns: [String]?
    }

    static let id = "standardize"
    static let summary = "Centres and scales numeric columns with the mean and std of train"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "columns":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                      "description":"the columns to standardize (default: every float and integer column except the target)"}}}
        """#
    static let inputs = TrainTest.inputs
    static let outputs = TrainTest.outputs + [
        Port("scaler", .report, description: "the fitted mean, std and scale of each column (JSON, \(FittedStandardize.mediaTypes[0]))"),
    ]

    typealias Fit = FittedStandardize.Fit

    let columns: [String]?
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if let columns = config.columns { try ColumnLookup.checkUnique(columns, field: "columns") }
        columns = config.columns
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let data = try TrainTest.read(call)
        try data.requireRows("standardize")
        let fitted = FittedStandardize(fits: try chosenColumns(data.train).map(fit))
        let fits = fitted.fits
        if fits.isEmpty { host.warning("no numeric column to standardize besides the target; the tables pass through unchanged") }
        let train = try fitted.apply(data.train, tableName: "train")
        let test = try data.test.map { try fitted.apply($0, tableName: "test") }
        try TrainTest.write(call, train: train, test: test)
        try publishReport(fitted.report, port: "scaler", artifact: "scaler.json", mediaType: FittedStandardize.mediaTypes[0], call: call, host: host)
        host.info("standardized \(fits.count) column(s): \(fits.map(\.name).joined(separator: ", "))")
    }

    private func chosenColumns(_ train: Table) throws -> [Column] {
        guard let columns else {
            return train.columns.filter { $0.type.isNumber && $0.name != train.target }
        }
        return try columns.map { name in
            let column = try ColumnLookup.require(name, in: train, field: "columns", tableName: "train")
            try Self.checkNumber(column)
            if name == train.target { host.warning("'columns' includes the target '\(name)': it is standardized too") }
            return column
        }
    }

    static func checkNumber(_ column: Column) throws {
        guard !column.type.isNumber else { return }
        let fix = column.type.isText ? "one_hot it first" : "convert it to 0/1 numbers first"
        throw StageError.invalidInput("\(column.described) cannot be standardized: standardize needs float or integer columns. \(fix), or leave it out of 'columns'")
    }

    private func fit(_ column: Column) throws -> Fit {
        let values = column.presentDoubles()
        guard !values.isEmpty else {
            throw StageError.invalidInput("column '\(column.name)' has no values in the train table (all null): impute it first, or leave it out of 'columns'")
        }
        let count = Double(values.count)
        // Two passes: the mean, then the squared deviations from it (stable where
        // the one-pass sum of squares cancels).
        let mean = values.reduce(0, +) / count
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        // scikit-learn's test for a constant feature: a variance within rounding of zero.
        let eps = Double.ulpOfOne
        let bound = count * eps * variance + (count * mean * eps) * (count * mean * eps)
        let constant = values.min() == values.max() || variance <= bound
        let std = constant ? 0 : variance.squareRoot()
        return Fit(name: column.name, mean: mean, std: std, scale: constant ? 1 : std)
    }
}
