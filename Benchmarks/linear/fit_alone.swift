// Fit alone, without SwiftPM: compiled with the numerics by `swiftc -O` (bench_fit_alone.sh),
// so it runs while a release build of the whole package is not at hand. Reads the matrix
// as raw column-major float64 (written by bench_fit_alone.sh from data.arrow) and times
// SluiceLinear's OLS, ridge and logistic fits. Prints one JSON line per model.
import Foundation

@main
struct FitAlone {
    static func read(_ path: String) -> [Double] {
        let data = FileManager.default.contents(atPath: path)!
        return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    }

    static func main() throws {
        let folder = CommandLine.arguments[1], repeats = Int(CommandLine.arguments[2])!
        let y = read(folder + "/y.bin"), label = read(folder + "/label.bin").map { Int($0) }
        let x = try Matrix(rows: y.count, columns: 20, columnMajor: read(folder + "/x.bin"))
        let fits: [(String, () throws -> String)] = [
            ("ols", { _ = try LinearRegression().fit(x, y); return "" }),
            ("ridge", { _ = try Ridge(alpha: 1).fit(x, y); return "" }),
            ("logistic", {
                let m = try LogisticRegression(C: 1, tol: 1e-4, maxIter: 100).fit(x, label)
                return "\(m.iterations) \(m.solver.rawValue) iterations, converged \(m.converged)"
            }),
        ]
        for (name, fit) in fits {
            var times: [Double] = [], note = ""
            for _ in 0..<repeats {
                let start = Date()
                note = try fit()
                times.append(Date().timeIntervalSince(start))
            }
            let median = times.sorted()[times.count / 2]
            print(#"{"what": "sluice-fit", "model": "\#(name)", "median_seconds": \#(median), "runs": \#(times), "note": "\#(note)"}"#)
        }
    }
}
