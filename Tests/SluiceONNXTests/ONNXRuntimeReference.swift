import Foundation
import SluiceONNX
import SluiceTestSupport

/// Models trained by scikit-learn, XGBoost and LightGBM, converted to ONNX, with the
/// inputs fed to them and what onnxruntime computed. Made by running
/// Tests/SluiceTestSupport/Fixtures/onnx/onnx_reference.py with the project's .venv python
/// once per test process. Missing Python or a missing package is a failure, not a skip.
struct ONNXRuntimeReference: Sendable {
    struct Case: Sendable {
        var name: String
        /// The .onnx file's bytes, read before the script's folder is removed.
        var model: [UInt8]
        /// Opset imports by domain ("ai.onnx", "ai.onnx.ml").
        var opsets: [String: Int]
        /// "domain:OpType" of every node in the graph.
        var operators: [String]
        var feeds: [(name: String, tensor: Tensor)]
        /// In the graph's output order.
        var outputs: [(name: String, value: Value)]
    }

    var versions: [String: String]
    var cases: [Case]

    func `case`(_ name: String) throws -> Case {
        guard let found = cases.first(where: { $0.name == name }) else {
            throw TestSetupError("\(Self.script) wrote no case named \(name); it wrote \(cases.map(\.name))")
        }
        return found
    }

    static let script = TestEnvironment.fixtures + "/onnx/onnx_reference.py"
    static let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] ?? TestEnvironment.packageRoot + "/.venv/bin/python"

    /// Computed once, on first use.
    static let shared: Result<ONNXRuntimeReference, TestSetupError> = {
        do throws(TestSetupError) { return .success(try load()) } catch { return .failure(error) }
    }()

    static func get() throws -> ONNXRuntimeReference { try shared.get() }

    private static func load() throws(TestSetupError) -> ONNXRuntimeReference {
        let hint = "run scripts/install-deps.sh (it creates .venv/ with onnxruntime, skl2onnx, onnxmltools, xgboost and lightgbm)"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSetupError("\(python) is missing: the ONNX agreement tests compare against onnxruntime; \(hint)")
        }
        let folder: TemporaryFolder
        do { folder = try TemporaryFolder() } catch { throw TestSetupError("could not make a temporary folder: \(error)") }
        defer { folder.remove() }
        // No __pycache__ folders in the source tree.
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result: (status: Int32, stdout: String, stderr: String)
        do {
            result = try runProcess(python, [script, folder.path], environment: environment)
        } catch {
            throw TestSetupError("could not run \(python): \(error); \(hint)")
        }
        guard result.status == 0 else {
            throw TestSetupError("\(script) failed (exit \(result.status)); \(hint)\n\(result.stderr)")
        }
        do {
            return try parse(folder)
        } catch {
            throw TestSetupError("could not read what \(script) wrote: \(error)")
        }
    }

    private static func parse(_ folder: TemporaryFolder) throws -> ONNXRuntimeReference {
        guard let data = FileManager.default.contents(atPath: folder.file("manifest.json")),
              let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let versions = root["versions"] as? [String: String],
              let cases = root["cases"] as? [[String: Any]]
        else { throw TestSetupError("manifest.json is missing or not laid out as the script documents") }
        return ONNXRuntimeReference(versions: versions, cases: try cases.map { try parseCase($0, in: folder) })
    }

    private static func parseCase(_ c: [String: Any], in folder: TemporaryFolder) throws -> Case {
        guard let name = c["name"] as? String, let file = c["model"] as? String,
              let opsets = c["opsets"] as? [String: Int], let operators = c["operators"] as? [String],
              let feeds = c["feeds"] as? [[String: Any]], let outputs = c["outputs"] as? [[String: Any]]
        else { throw TestSetupError("a case lacks name, model, opsets, operators, feeds or outputs") }
        guard let model = FileManager.default.contents(atPath: folder.file(file)) else {
            throw TestSetupError("\(name): \(file) is missing")
        }
        return Case(
            name: name, model: [UInt8](model), opsets: opsets, operators: operators,
            feeds: try feeds.map { (try string($0["name"]), try tensor($0, in: name)) },
            outputs: try outputs.map { (try string($0["name"]), try value($0, in: name)) })
    }

    private static func value(_ output: [String: Any], in name: String) throws -> Value {
        switch output["kind"] as? String {
        case "tensor":
            return .tensor(try tensor(output, in: name))
        case "maps":
            guard let rows = output["values"] as? [[Any]] else { throw TestSetupError("\(name): ZipMap values are not rows") }
            let keys: ProbabilityMaps.Keys
            switch output["key_dtype"] as? String {
            case "string": keys = .strings(try (output["keys"] as? [Any] ?? []).map(string))
            case "int64": keys = .int64s(try (output["keys"] as? [Any] ?? []).map(integer))
            default: throw TestSetupError("\(name): unexpected ZipMap key type \(String(describing: output["key_dtype"]))")
            }
            let floats = try rows.flatMap { row in
                guard row.count == keys.count else { throw TestSetupError("\(name): a ZipMap row has \(row.count) values for \(keys.count) keys") }
                return try row.map { Float(try number($0)) }
            }
            return .probabilityMaps(ProbabilityMaps(keys: keys, values: Tensor(shape: [rows.count, keys.count], floats: floats)))
        default:
            throw TestSetupError("\(name): an output of unknown kind \(String(describing: output["kind"]))")
        }
    }

    private static func tensor(_ entry: [String: Any], in name: String) throws -> Tensor {
        guard let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int], let values = entry["values"] as? [Any] else {
            throw TestSetupError("\(name): a tensor lacks dtype, shape or values")
        }
        guard Tensor.elementCount(shape) == values.count else {
            throw TestSetupError("\(name): shape \(shape) for \(values.count) values")
        }
        switch dtype {
        case "float32": return Tensor(shape: shape, floats: try values.map { Float(try number($0)) })
        case "float64": return Tensor(shape: shape, doubles: try values.map(number))
        case "int64", "int32": return Tensor(shape: shape, int64s: try values.map(integer))
        case "string": return Tensor(shape: shape, strings: try values.map(string))
        case "bool":
            guard let bools = values as? [Bool] else { throw TestSetupError("\(name): bool tensor with other values") }
            return Tensor(shape: shape, bools: bools)
        default: throw TestSetupError("\(name): unexpected dtype \(dtype)")
        }
    }

    /// A JSON number, or the strings the script writes for non-finite floats.
    private static func number(_ value: Any) throws -> Double {
        switch value {
        case let text as String:
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: throw TestSetupError("expected a number, got the string \(text)")
            }
        case let number as NSNumber: return number.doubleValue
        default: throw TestSetupError("expected a number, got \(value)")
        }
    }

    private static func integer(_ value: Any) throws -> Int64 {
        guard let number = value as? NSNumber, let exact = Int64(exactly: number.doubleValue) else {
            throw TestSetupError("expected an integer, got \(value)")
        }
        return exact
    }

    private static func string(_ value: Any?) throws -> String {
        guard let text = value as? String else { throw TestSetupError("expected a string, got \(String(describing: value))") }
        return text
    }
}
