import Foundation
import SluiceTestSupport

/// scipy's (and numpy's) answers for the same inputs the tests give SluiceDrift: the test
/// writes a request, Fixtures/scipy_reference.py computes it with the project's .venv
/// python, and the answers come back as exact hex floats. Python or scipy missing is a
/// test failure, not a skip: run scripts/install-deps.sh.
struct ScipyRequest {
    var ks: [(a: [Double], b: [Double])] = []
    var kstwo: [(n: Int, x: Double)] = []
    var smirnov: [(n: Int, x: Double)] = []
    var gammaincc: [(a: Double, x: Double)] = []
    var chi2: [[[Double]]] = []
    var psi: [(reference: [Double], current: [Double], bins: Int, floor: Double)] = []

    var json: String {
        func numbers(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ",") + "]" }
        let parts = [
            "\"ks\":[" + ks.map { "{\"a\":\(numbers($0.a)),\"b\":\(numbers($0.b))}" }.joined(separator: ",") + "]",
            "\"kstwo\":[" + kstwo.map { "[\($0.n),\($0.x)]" }.joined(separator: ",") + "]",
            "\"smirnov\":[" + smirnov.map { "[\($0.n),\($0.x)]" }.joined(separator: ",") + "]",
            "\"gammaincc\":[" + gammaincc.map { "[\($0.a),\($0.x)]" }.joined(separator: ",") + "]",
            "\"chi2\":[" + chi2.map { "[" + $0.map(numbers).joined(separator: ",") + "]" }.joined(separator: ",") + "]",
            "\"psi\":[" + psi.map { "{\"reference\":\(numbers($0.reference)),\"current\":\(numbers($0.current)),\"bins\":\($0.bins),\"floor\":\($0.floor)}" }.joined(separator: ",") + "]",
        ]
        return "{" + parts.joined(separator: ",") + "}"
    }
}

struct ScipyAnswer {
    var versions: [String: String]
    var ks: [(statistic: Double, pValue: Double)]
    var kstwo: [Double]
    var smirnov: [Double]
    var gammaincc: [Double]
    var chi2: [(statistic: Double, pValue: Double, dof: Int)]
    var psi: [Double]
}

enum Scipy {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scipy_reference.py").path

    static func answer(_ request: ScipyRequest) throws -> ScipyAnswer {
        let hint = "the drift tests compare with scipy: run `bash scripts/install-deps.sh` (it creates .venv/ with scipy)"
        let python: String
        do { python = try Python.interpreter() } catch { throw TestSetupError("\(error); \(hint)") }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("request.json", request.json)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result = try runProcess(python, [script, folder.file("request.json")], environment: environment)
        guard result.status == 0 else {
            throw TestSetupError("\(script) failed (exit \(result.status)); \(hint)\n\(result.stderr)")
        }
        guard let root = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestSetupError("\(script) printed no JSON object")
        }
        func hex(_ value: Any?) throws -> Double {
            guard let text = value as? String, let number = Double(text) else {
                throw TestSetupError("expected a hex float, got \(String(describing: value))")
            }
            return number
        }
        func list(_ key: String) -> [Any] { root[key] as? [Any] ?? [] }
        return ScipyAnswer(
            versions: root["versions"] as? [String: String] ?? [:],
            ks: try list("ks").map { pair in
                let pair = pair as? [Any] ?? []
                return (try hex(pair.first), try hex(pair.last))
            },
            kstwo: try list("kstwo").map(hex),
            smirnov: try list("smirnov").map(hex),
            gammaincc: try list("gammaincc").map(hex),
            chi2: try list("chi2").map { triple in
                let triple = triple as? [Any] ?? []
                return (try hex(triple[0]), try hex(triple[1]), triple[2] as? Int ?? -1)
            },
            psi: try list("psi").map(hex)
        )
    }
}

/// |actual − expected| <= tolerance · max(1, |expected|): absolute for probabilities,
/// relative for large statistics.
func agrees(_ actual: Double, _ expected: Double, within tolerance: Double = 1e-9) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= tolerance * max(1, abs(expected))
}

/// Relative agreement, for small p-values where an absolute 1e-9 says nothing.
func relativelyAgrees(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= tolerance * abs(expected)
}
