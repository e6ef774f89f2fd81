import Foundation
import SluiceKit

/// Batch prediction without per-row allocations: scores are accumulated one feature
/// column at a time over the whole batch (float64 columns are read in place), then
/// turned into probabilities and labels in one pass per output column.
struct PredictionKernel: Sendable {
    let features: [String]
    /// weights[r][j]: one row for regression and binary logistic, one per class otherwise.
    let weights: [[Double]]
    let intercepts: [Double]
    let task: ModelDescription.Task
    let classes: [String]
    /// Integer labels when the target was an integer column, else nil (text labels).
    let integerLabels: [Int64]?

    init(_ artifact: LinearModelArtifact) {
        features = artifact.features.map(\.name)
        weights = artifact.coefficients
        intercepts = artifact.intercepts
        task = artifact.task
        classes = artifact.classes ?? []
        integerLabels = artifact.labelType == "int64" ? classes.compactMap { Int64($0) } : nil
    }

    func predict(_ table: Table) throws -> Table {
        let n = table.rowCount
        let rows = weights.count
        // scores[r * n + i]: the linear score of row i for coefficient row r.
        var scores = [Double](repeating: 0, count: rows * n)
        try scores.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows { (out.baseAddress! + r * n).update(repeating: intercepts[r], count: n) }
            var scratch: [Double] = []
            for (j, name) in features.enumerated() {
                let column = try featureColumn(name, in: table)
                try withValues(of: column, scratch: &scratch) { x in
                    for r in 0..<rows {
                        let w = weights[r][j]
                        let z = out.baseAddress! + r * n
                        for i in 0..<n { z[i] += w * x[i] }
                    }
                }
            }
            if let bad = (0..<out.count).first(where: { !out[$0].isFinite }) {
                throw nonFinite(table, row: bad % max(n, 1))
            }
        }
        if task == .regression {
            return try Table([Column(ModelDescription.predictionColumn, doubles: scores)])
        }
        return try classify(scores, n)
    }

    /// Probabilities per class (the sigmoid for two classes, the softmax for more) and
    /// the most probable label.
    private func classify(_ scores: [Double], _ n: Int) throws -> Table {
        let k = classes.count
        var probabilities = [[Double]](repeating: [], count: k)
        var best = [Int32](repeating: 0, count: n)
        if k == 2 {
            var positive = [Double](repeating: 0, count: n), negative = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let z = scores[i]
                let q = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                positive[i] = q
                negative[i] = 1 - q
                best[i] = z > 0 ? 1 : 0
            }
            probabilities = [negative, positive]
        } else {
            for c in 0..<k { probabilities[c] = [Double](repeating: 0, count: n) }
            for i in 0..<n {
                var top = 0
                var m = scores[i]
                for c in 1..<k where scores[c * n + i] > m {
                    m = scores[c * n + i]
                    top = c
                }
                var sum = 0.0
                for c in 0..<k { sum += exp(scores[c * n + i] - m) }
                for c in 0..<k { probabilities[c][i] = exp(scores[c * n + i] - m) / sum }
                best[i] = Int32(top)
            }
        }
        let labels: Column
        if let integerLabels {
            labels = Column(ModelDescription.predictionColumn, int64s: best.map { integerLabels[Int($0)] })
        } else {
            labels = Column(ModelDescription.predictionColumn, strings: best.map { classes[Int($0)] })
        }
        return try Table([labels] + zip(classes, probabilities).map { Column(ModelDescription.probabilityColumn($0), doubles: $1) })
    }

    private func featureColumn(_ name: String, in table: Table) throws -> Column {
        guard let column = table[name] else {
            throw StageError.invalidInput("the input has no feature column '\(name)', which the model was trained on; it needs \(features.joined(separator: ", ")) (it has \(TrainingSet.listed(table.columnNames)))")
        }
        guard column.type.isNumeric else {
            throw StageError.invalidInput("feature column '\(name)' is \(column.type.rawValue), but the model needs numbers: apply the same encoding as in training (sluice.transforms/one_hot)")
        }
        if column.nullCount > 0 {
            let row = (0..<column.count).first(where: column.isNull) ?? 0
            throw StageError.invalidInput("feature column '\(name)' has \(column.nullCount) null value(s), the first at row \(row): fill them as in training (sluice.transforms/impute) before predicting")
        }
        return column
    }

    /// Calls `body` with the column as float64: in place for float64, else converted into `scratch`.
    private func withValues(of column: Column, scratch: inout [Double], _ body: (UnsafePointer<Double>) throws -> Void) throws {
        if column.type == .float64 {
            try column.withDoubles { buffer in
                if let base = buffer.baseAddress { try body(base) }
            }
            return
        }
        if scratch.count != column.count { scratch = [Double](repeating: 0, count: column.count) }
        for i in 0..<column.count { scratch[i] = column.double(at: i) ?? .nan }
        try scratch.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { try body(base) }
        }
    }

    /// The error for a non-finite score: the feature value that caused it, if any.
    private func nonFinite(_ table: Table, row: Int) -> StageError {
        for name in features {
            if let value = table[name]?.double(at: row), !value.isFinite {
                return StageError.invalidInput("feature column '\(name)' is \(value) at row \(row): fill missing values as in training (sluice.transforms/impute) before predicting")
            }
        }
        return StageError.invalidInput("the prediction for row \(row) overflows: the feature values are far outside what the model was trained on (apply the training preprocessing first)")
    }
}
