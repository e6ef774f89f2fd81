import SluiceKit
import SluiceONNX

/// How the graph's outputs become the `prediction` and `probability_<label>` columns,
/// decided once when the model loads. A classifier's converter emits a label tensor
/// (int64 or string) and probabilities (ZipMap's maps, or a [N, C] tensor); a
/// regressor's a float tensor [N] or [N, 1].
struct OutputBinding: Sendable {
    enum Prediction: Sendable {
        case value(output: String)
        case label(output: String)
        /// No label output: the most probable class.
        case mostProbable
    }

    let task: ModelDescription.Task
    let prediction: Prediction
    let probabilities: String?
    /// Class labels, in the order of the probability columns (ZipMap's keys, or the
    /// classifier's `classlabels_*`).
    let classes: [String]
    /// Whether labels are integers (the prediction column is int64) or text.
    let integerLabels: Bool

    init(outputs: [ValueInfo], nodes: [Node], initializers: [String: Tensor], task declared: ModelDescription.Task?) throws {
        let label = outputs.first { info in
            if case .tensor(let element, _) = info.type { element.isInteger || element == .string } else { false }
        }
        let maps = outputs.first { if case .sequenceOfMaps = $0.type { true } else { false } }
        let scores = outputs.first { info in
            guard info.name != label?.name, case .tensor(let element, _) = info.type else { return false }
            return element == .float || element == .double
        }
        let task = declared ?? (label != nil || maps != nil ? .classification : .regression)
        self.task = task
        if task == .regression {
            guard let scores else {
                throw StageError(.unsupported, "the model has no float output to read a regression's prediction from; its outputs are \(Self.listed(outputs))")
            }
            prediction = .value(output: scores.name)
            probabilities = nil
            classes = []
            integerLabels = false
            return
        }
        probabilities = (maps ?? scores)?.name
        let found = Self.classes(nodes: nodes, initializers: initializers, probabilities: maps ?? scores)
        guard let found else {
            throw StageError(.unsupported, "cannot tell the classes of this classifier: no ZipMap, classifier node with classlabels, or fixed-width probability output names them (outputs: \(Self.listed(outputs)))")
        }
        classes = found.labels
        integerLabels = label.map { if case .tensor(let element, _) = $0.type { element.isInteger } else { false } } ?? found.integers
        if let label {
            prediction = .label(output: label.name)
        } else {
            guard probabilities != nil else {
                throw StageError(.unsupported, "the classifier has neither a label nor a probability output; its outputs are \(Self.listed(outputs))")
            }
            prediction = .mostProbable
        }
    }

    var outputColumns: [ModelDescription.Field] {
        let predictionType = task == .regression ? "float64" : integerLabels ? "int64" : "utf8"
        return [.init(name: ModelDescription.predictionColumn, type: predictionType)]
            + (probabilities == nil ? [] : classes.map { .init(name: ModelDescription.probabilityColumn($0), type: "float64") })
    }

    /// The output table of `rows` rows from the graph's results.
    func table(from results: [String: Value], rows: Int) throws -> Table {
        var probabilityColumns: [[Double]] = []
        if let probabilities {
            probabilityColumns = try probabilityMatrix(results[probabilities], name: probabilities, rows: rows)
        }
        let predictionColumn: Column
        switch prediction {
        case .value(let output):
            let values = try numbers(results[output], name: output, rows: rows)
            predictionColumn = Column(ModelDescription.predictionColumn, doubles: values)
        case .label(let output):
            guard case .tensor(let tensor)? = results[output], tensor.count == rows else {
                throw StageError.failed("the model's label output '\(output)' does not hold one label per row (\(rows) rows)")
            }
            if integerLabels, let labels = tensor.asInt64s() {
                predictionColumn = Column(ModelDescription.predictionColumn, int64s: labels)
            } else if let labels = tensor.strings {
                predictionColumn = Column(ModelDescription.predictionColumn, strings: labels)
            } else {
                throw StageError.failed("the model's label output '\(output)' holds \(tensor.elementType), not labels")
            }
        case .mostProbable:
            var best = [Int](repeating: 0, count: rows)
            for i in 0..<rows {
                for c in 1..<max(classes.count, 1) where probabilityColumns[c][i] > probabilityColumns[best[i]][i] { best[i] = c }
            }
            predictionColumn = integerLabels
                ? Column(ModelDescription.predictionColumn, int64s: best.map { Int64(classes[$0]) })
                : Column(ModelDescription.predictionColumn, strings: best.map { classes[$0] })
        }
        let probabilityTable = zip(classes, probabilityColumns).map { Column(ModelDescription.probabilityColumn($0), doubles: $1) }
        return try Table([predictionColumn] + probabilityTable)
    }

    /// One column of probabilities per class, in `classes` order.
    private func probabilityMatrix(_ value: Value?, name: String, rows: Int) throws -> [[Double]] {
        let k = classes.count
        var columns = [[Double]](repeating: [Double](repeating: 0, count: rows), count: k)
        switch value {
        case .probabilityMaps(let maps)?:
            let keys: [String]
            switch maps.keys {
            case .strings(let names): keys = names
            case .int64s(let numbers): keys = numbers.map { String($0) }
            }
            guard let values = maps.values.asDoubles(), values.count == rows * keys.count else {
                throw StageError.failed("the model's probability output '\(name)' does not hold one map per row")
            }
            for (source, key) in keys.enumerated() {
                guard let c = classes.firstIndex(of: key) else {
                    throw StageError.failed("the model's probability output '\(name)' has class '\(key)', which its classifier does not list (\(classes.joined(separator: ", ")))")
                }
                for i in 0..<rows { columns[c][i] = values[i * keys.count + source] }
            }
        case .tensor(let tensor)?:
            guard let values = tensor.asDoubles(), values.count == rows * k else {
                throw StageError.failed("the model's probability output '\(name)' has shape \(tensor.shape), not [\(rows), \(k)] (one probability per class)")
            }
            for i in 0..<rows {
                for c in 0..<k { columns[c][i] = values[i * k + c] }
            }
        case nil:
            throw StageError.failed("the model produced no '\(name)' output")
        }
        return columns
    }

    private func numbers(_ value: Value?, name: String, rows: Int) throws -> [Double] {
        guard case .tensor(let tensor)? = value, let values = tensor.asDoubles() else {
            throw StageError.failed("the model's output '\(name)' is not a numeric tensor")
        }
        guard values.count == rows else {
            throw StageError(.unsupported, "the model's output '\(name)' has shape \(tensor.shape) for \(rows) rows; sluice.onnx reads one predicted value per row (multi-output regression is not supported)")
        }
        return values
    }

    /// The class labels, from the graph: ZipMap's or a classifier node's `classlabels_*`,
    /// a label lookup table (ArrayFeatureExtractor over an initializer), else indices of
    /// a fixed-width probability tensor.
    private static func classes(nodes: [Node], initializers: [String: Tensor], probabilities: ValueInfo?) -> (labels: [String], integers: Bool)? {
        let labelled = ["ZipMap", "LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier"]
        for type in labelled {
            for node in nodes where node.opType == type && node.domain == "ai.onnx.ml" {
                if case .strings(let labels)? = node.attributes["classlabels_strings"], !labels.isEmpty { return (labels, false) }
                if case .ints(let labels)? = node.attributes["classlabels_int64s"], !labels.isEmpty { return (labels.map { String($0) }, true) }
            }
        }
        for node in nodes where node.opType == "ArrayFeatureExtractor" {
            guard let source = node.inputs.first, let lookup = initializers[source] else { continue }
            if let labels = lookup.strings { return (labels, false) }
            if let labels = lookup.int64s { return (labels.map { String($0) }, true) }
        }
        if let probabilities, case .tensor(_, let shape?) = probabilities.type, shape.count == 2, case .fixed(let k) = shape[1], k > 0 {
            return ((0..<k).map { String($0) }, true)
        }
        return nil
    }

    private static func listed(_ outputs: [ValueInfo]) -> String {
        outputs.map { "'\($0.name)' (\(InputBinding.describe($0.type)))" }.joined(separator: ", ")
    }
}
