import Foundation
import SluiceArrow
import SluiceEngine
import SluiceJSON
import SluiceLinear
import SluicePipeline
import SluicePlugins

// Benchmarks of sluice.linear (issue 5), run by Benchmarks/linear/bench.sh:
//   sluice-linear-bench fit DATA.arrow REPEATS      fit alone: SluiceLinear on the matrix in memory
//   sluice-linear-bench predict DATA.arrow SECONDS  predict throughput through LoadedModel
//                                                   (the model capability, across the C protocol)
// DATA.arrow holds float64 columns x0..x19, the regression target y and the 0/1 label.
// Prints one JSON object per measurement. Results: Benchmarks/README.md.

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func report(_ fields: [String: JSONValue]) {
    print(JSONValue.object(fields).text)
}

func doubles(_ table: ArrowTable, _ name: String) -> [Double] {
    guard case .float64(let values)? = table.values(name) else { fatalError("no float64 column \(name)") }
    return values.map { $0! }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let amount = Double(arguments[3]) else {
    print("usage: sluice-linear-bench fit|predict DATA.arrow REPEATS|SECONDS")
    exit(2)
}
let table = try ArrowIPCFileReader.read(arguments[2], loading: .read)
let features = table.schema.fields.map(\.name).filter { $0.hasPrefix("x") }

switch arguments[1] {
case "fit":
    let loadStart = now()
    let x = try Matrix(columns: features.map { doubles(table, $0) })
    let y = doubles(table, "y"), label = doubles(table, "label").map { Int($0) }
    report(["what": .string("matrix"), "seconds": .number(now() - loadStart), "rows": .integer(Int64(x.rows)), "features": .integer(Int64(x.columns))])
    let fits: [(String, () throws -> String)] = [
        ("ols", { _ = try LinearRegression().fit(x, y); return "" }),
        ("ridge", { _ = try Ridge(alpha: 1).fit(x, y); return "" }),
        ("logistic", {
            let model = try LogisticRegression(C: 1, tol: 1e-4, maxIter: 100).fit(x, label)
            return "\(model.iterations) \(model.solver.rawValue) iterations, converged \(model.converged)"
        }),
    ]
    for (name, fit) in fits {
        var times: [Double] = []
        var note = ""
        for _ in 0..<Int(amount) {
            let start = now()
            note = try fit()
            times.append(now() - start)
        }
        report(["what": .string("fit"), "model": .string(name), "median_seconds": .number(median(times)), "runs": .array(times.map(JSONValue.number)), "note": .string(note)])
    }

case "predict":
    // Train through the plugin as a pipeline would, then predict across the protocol.
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [(products + "/libSluicePluginLinear.so", "bench")])
    let loader = ModelLoader(catalog: catalog)
    let sample = try ArrowTable(schema: table.schema, batches: [try table.batches[0].slice(0..<min(100_000, table.batches[0].length))])
    for stage in ["ridge", "logistic"] {
        let (plugin, info) = try catalog.stage("sluice.linear/" + stage)
        let config = stage == "ridge" ? #"{"target": "y", "features": \#(features)}"# : #"{"target": "label", "features": \#(features)}"#
        let live = try LiveStage(plugin: plugin, stage: info, config: ConfigSchema(info.configSchema).applyingDefaults(to: try JSONValue.parse(config)),
                                 context: StageContext(runID: "bench", stageName: stage, workDirectory: NSTemporaryDirectory()))
        guard case .bytes(let bytes, let mediaType)? = try live.run(inputs: ["train": .table(sample)])["model"] else { fatalError("no model") }
        let model = try loader.load(bytes.pointer, mediaType: mediaType, what: stage)
        for batchRows in [1, 1000] {
            // Batches cut from the data beforehand: the measurement is predict alone.
            let batches = try (0..<64).map { k -> ArrowTable in
                let start = (k * batchRows * 7) % (sample.rowCount - batchRows)
                return try ArrowTable(schema: table.schema, batches: [try sample.batches[0].slice(start..<start + batchRows)])
            }
            var rounds: [Double] = []
            for _ in 0..<5 {
                var rows = 0, k = 0
                let start = now()
                while now() - start < amount / 5 {
                    rows += try model.predict(batches[k % 64]).rowCount
                    k += 1
                }
                rounds.append(Double(rows) / (now() - start))
            }
            report(["what": .string("predict"), "model": .string(stage), "batch_rows": .integer(Int64(batchRows)),
                    "median_rows_per_second": .number(median(rounds)), "rounds": .array(rounds.map(JSONValue.number))])
        }
    }

default:
    print("unknown benchmark \(arguments[1]); use fit or predict")
    exit(2)
}
