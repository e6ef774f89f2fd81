import SluiceKit

/// What `standardize` fitted: each column's mean and scale, applied as
/// (x − mean) / scale to train and test by the stage, and to raw rows at serving time.
struct FittedStandardize: FittedTransform {
    /// What is fitted for one column.
    struct Fit {
        let name: String
        let mean: Double
        let std: Double
        let scale: Double
    }

    static let mediaTypes = ["application/vnd.sluice.standardize+json"]
    /// The loader is not told the media type: the report's first key says which it is.
    static func accepts(prefix: [UInt8]) -> Bool { prefix.starts(with: Array(#"{"version":1,"columns":"#.utf8)) }

    let fits: [Fit]

    init(fits: [Fit]) {
        self.fits = fits
    }

    init(artifact: [UInt8]) throws {
        let json = try parseFittedReport(artifact, what: "scaler")
        fits = try (json["columns"]?.objectMembers ?? []).map { name, value in
            guard let mean = value["mean"]?.doubleValue, let std = value["std"]?.doubleValue, let scale = value["scale"]?.doubleValue, scale != 0 else {
                throw StageError.invalidInput("the scaler's column '\(name)' lacks a number mean, std or a non-zero scale")
            }
            return Fit(name: name, mean: mean, std: std, scale: scale)
        }
    }

    /// The stage's `scaler` report: `{"version":1,"columns":{"x":{"mean","std","scale"}}}`.
    var report: JSONText {
        JSONText.object([
            ("version", .integer(1)),
            ("columns", .object(fits.map { ($0.name, .object([("mean", .number($0.mean)), ("std", .number($0.std)), ("scale", .number($0.scale))])) })),
        ])
    }

    var transformDescription: TransformDescription {
        let fields = fits.map { ModelDescription.Field(name: $0.name, type: "float64") }
        return TransformDescription(format: "sluice.standardize/1", inputs: fields, outputs: fields)
    }

    func apply(_ input: Table) throws -> Table { try apply(input, tableName: "input") }

    func apply(_ table: Table, tableName: String) throws -> Table {
        var replacements: [String: [Column]] = [:]
        for fit in fits {
            let column = try tableName == "train" ? table.column(fit.name) : requireFitted(fit.name, in: table, stage: "standardize", tableName: tableName)
            try Standardize.checkNumber(column)
            let scaled = (0..<column.count).map { row in column.double(at: row).map { ($0 - fit.mean) / fit.scale } }
            replacements[fit.name] = [Column(fit.name, doubles: scaled)]
        }
        return try table.replacing(replacements)
    }
}
