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
        let parts: [String] = [
            "\"ks\":" + Self.list(ks.map { c -> String in "{\"a\":" + Self.numbers(c.a) + ",\"b\":" + Self.numbers(c.b) + "}" }),
            "\"kstwo\":" + Self.list(kstwo.map { p -> String in "[\(p.n),\(p.x)]" }),
            "\"smirnov\":" + Self.list(smirnov.map { p -> String in "[\(p.n),\(p.x)]" }),
            "\"gammaincc\":" + Self.list(gammaincc.map { p -> String in "[\(p.a),\(p.x)]" }),
            "\"chi2\":" + Self.list(chi2.map { table -> String in Self.list(table.map(Self.numbers)) }),
            "\"psi\":" + Self.list(psi.map(Self.psiCase)),
        ]
        return "{" + parts.joined(separator: ",") + "}"
    }

    private static func numbers(_ values: [Double]) -> String {
        list(values.map { "\($0)" })
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    private static func psiCase(_ c: (reference: [Double], current: [Double], bins: Int, floor: Double)) -> String {
        let reference = numbers(c.reference), current = numbers(c.current)
        return "{\"reference\":" + reference + ",\"current\":" + current + ",\"bins\":\(c.bins),\"floor\":\(c.floor)}"
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
