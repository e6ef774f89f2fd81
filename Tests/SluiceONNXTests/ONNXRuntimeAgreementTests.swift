import SluiceONNX
import Testing

/// Models that scikit-learn, XGBoost and LightGBM train and their converters write give
/// the same outputs in Sluice as in onnxruntime (see ONNXRuntimeReference).
@Suite struct ONNXRuntimeAgreementTests {
    /// Every case onnx_reference.py writes, so that a case it stops writing is noticed.
    static let cases = [
        "linear_regression", "ridge",
        "logistic_binary", "logistic_multinomial", "logistic_multinomial_no_zipmap",
        "column_transformer_logistic",
        "decision_tree_classifier_binary", "decision_tree_classifier_multiclass", "decision_tree_regressor",
        "random_forest_classifier", "random_forest_classifier_no_zipmap", "random_forest_regressor",
        "gradient_boosting_classifier_binary", "gradient_boosting_classifier_multiclass", "gradient_boosting_regressor",
        "hist_gradient_boosting_classifier_binary", "hist_gradient_boosting_classifier_multiclass",
        "hist_gradient_boosting_regressor",
        "xgboost_classifier_binary", "xgboost_classifier_multiclass", "xgboost_regressor",
        "lightgbm_classifier_binary", "lightgbm_classifier_multiclass", "lightgbm_classifier_multiclass_no_zipmap",
        "lightgbm_regressor",
        "mlp_classifier", "mlp_classifier_binary", "mlp_regressor",
    ]

    @Test func theReferenceHoldsEveryCase() throws {
        let reference = try ONNXRuntimeReference.get()
        #expect(reference.cases.map(\.name).sorted() == Self.cases.sorted())
    }

    @Test(arguments: cases)
    func outputsAgreeWithONNXRuntime(_ name: String) throws {
        let reference = try ONNXRuntimeReference.get().case(name)
        let model: ONNXModel
        do {
            model = try ONNXModel(bytes: reference.model)
        } catch {
            Issue.record("\(name): the model does not load (\(error.code.rawValue)): \(error.message); it uses \(reference.operators) at opsets \(reference.opsets)")
            return
        }
        #expect(model.opsets == reference.opsets, "\(name): opset imports")
        #expect(model.inputs.map(\.name) == reference.feeds.map(\.name), "\(name): inputs")
        #expect(model.outputs.map(\.name) == reference.outputs.map(\.name), "\(name): outputs in the graph's order")
        var feeds: [String: Value] = [:]
        for feed in reference.feeds { feeds[feed.name] = .tensor(feed.tensor) }
        let outputs: [String: Value]
        do {
            outputs = try model.run(feeds)
        } catch {
            Issue.record("\(name): running fails (\(error.code.rawValue)): \(error.message)")
            return
        }
        for (output, expected) in reference.outputs {
            guard let actual = outputs[output] else {
                Issue.record("\(name): no output \(output); got \(outputs.keys.sorted())")
                continue
            }
            if let disagreement = Self.disagreement(actual, expected) {
                Issue.record("\(name), output \(output): \(disagreement)")
            }
        }
    }

    /// What differs between ours and onnxruntime's value, or nil when they agree.
    static func disagreement(_ ours: Value, _ theirs: Value) -> String? {
        switch (ours, theirs) {
        case (.tensor(let ours), .tensor(let theirs)):
            return disagreement(ours, theirs)
        case (.probabilityMaps(let ours), .probabilityMaps(let theirs)):
            guard ours.keys == theirs.keys else { return "ZipMap keys \(ours.keys), onnxruntime's \(theirs.keys)" }
            return disagreement(ours.values, theirs.values).map { "ZipMap values: \($0)" }
        case (.tensor, _):
            return "a tensor where onnxruntime gives ZipMap's maps"
        case (.probabilityMaps, _):
            return "ZipMap's maps where onnxruntime gives a tensor"
        }
    }

    static func disagreement(_ ours: Tensor, _ theirs: Tensor) -> String? {
        guard ours.elementType == theirs.elementType else {
            return "element type \(ours.elementType), onnxruntime's \(theirs.elementType)"
        }
        guard ours.shape == theirs.shape else { return "shape \(ours.shape), onnxruntime's \(theirs.shape)" }
        switch (ours.elements, theirs.elements) {
        case (.float(let a), .float(let b)): return numbersDisagreement(a.map(Double.init), b.map(Double.init), shape: ours.shape)
        case (.double(let a), .double(let b)): return numbersDisagreement(a, b, shape: ours.shape)
        case (.int64(let a), .int64(let b)): return labelsDisagreement(a, b, shape: ours.shape)
        case (.string(let a), .string(let b)): return labelsDisagreement(a, b, shape: ours.shape)
        case (.bool(let a), .bool(let b)): return labelsDisagreement(a, b, shape: ours.shape)
        default: return "storage \(ours.elementType), onnxruntime's \(theirs.elementType)"
        }
    }

    /// Float32 agreement: onnxruntime computes in float32 too, but may sum in another
    /// order, fuse multiply-adds or accumulate in a wider type, so each element may
    /// differ by a few float32 ulps: 1e-5·|ort| + 1e-6·max(1, the output's largest |ort|).
    /// The absolute part is 1e-6 for probabilities; for outputs in the hundreds it
    /// grows with them, because a result near zero there is the difference of terms of
    /// that size and carries their rounding (a linear regression's -0.268 from terms up
    /// to 70 differs by 7e-6 between a float32 and a double accumulator). NaN agrees
    /// with NaN.
    static func numbersDisagreement(_ ours: [Double], _ theirs: [Double], shape: [Int]) -> String? {
        let scale = max(1, theirs.lazy.filter(\.isFinite).map(abs).max() ?? 1)
        let floor = 1e-6 * scale
        var worst: (index: Int, excess: Double)?
        var outside = 0
        for (index, (a, b)) in zip(ours, theirs).enumerated() {
            if a.isNaN && b.isNaN || a == b { continue }
            let tolerance = 1e-5 * abs(b) + floor
            let difference = abs(a - b)
            guard !(difference <= tolerance) else { continue }
            outside += 1
            let excess = difference.isNaN ? .infinity : difference / tolerance
            if excess > (worst?.excess ?? -1) { worst = (index, excess) }
        }
        guard let worst else { return nil }
        let a = ours[worst.index], b = theirs[worst.index]
        return "\(outside) of \(ours.count) elements outside 1e-5·|ort| + \(floor); worst at \(position(worst.index, shape)): ours \(a), onnxruntime \(b) (difference \(abs(a - b)))"
    }

    static func labelsDisagreement<T: Equatable>(_ ours: [T], _ theirs: [T], shape: [Int]) -> String? {
        let differing = zip(ours, theirs).enumerated().filter { $0.element.0 != $0.element.1 }
        guard let first = differing.first else { return nil }
        return "\(differing.count) of \(ours.count) elements differ; first at \(position(first.offset, shape)): ours \(first.element.0), onnxruntime \(first.element.1)"
    }

    /// A flat index as [row, column, …] in `shape`.
    static func position(_ index: Int, _ shape: [Int]) -> String {
        var rest = index
        var coordinates = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            coordinates[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "\(coordinates)"
    }
}
