import CSluiceABI
import Foundation
import SluiceArrow
import SluiceEngine
import SluicePlugins
import SluiceSupport

// What it costs to hand a table to a plugin stage and take one back: the host exports
// it as an Arrow C Data stream, the stage imports it, returns a table, and the host
// imports that. Nothing is copied, so the cost should not grow with the row count;
// where it does, the figures show which column type makes it grow.

/// A table of `rows` rows with one column of `kind`: float64 (with nulls), utf8 or dictionary.
func handoffTable(rows: Int, kind: String) -> ArrowTable {
    let values: ArrowValues = switch kind {
    case "float64": .float64((0..<rows).map { $0 % 10 == 0 ? nil : Double($0) })
    case "utf8": .utf8((0..<rows).map { "v\($0 % 1000)" })
    default: .dictionary((0..<rows).map { ["red", "green", "blue"][$0 % 3] })
    }
    return try! ArrowTable(["x": values, "i": .int64((0..<rows).map { Int64($0) })])
}

func benchmarkHandoff() {
    print("\n## Handing a table to a plugin stage and back (Arrow C Data Interface)")
    print("Stage: sluice.transforms/select renaming one column (the plugin reads the table and returns it, zero-copy).")
    print("`bridge`: export + import in the host alone (no plugin). µs per handoff, median of 5 rounds.")
    let plugins = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [(plugins + "/libSluicePluginTransforms.so", "bench")])
    let (plugin, stage) = try! catalog.stage("sluice.transforms/select")
    let live = try! LiveStage(plugin: plugin, stage: stage, config: .object(["rename": .object(["i": .string("j")])]),
                              context: StageContext(runID: "bench", stageName: "select", workDirectory: "/tmp"))
    print("| rows | column x | bridge round trip | stage call with the table | output shares the input's memory |")
    print("|---|---|---|---|---|")
    for rows in [1_000, 100_000, 10_000_000] {
        for kind in ["float64", "utf8", "dictionary"] {
            let table = handoffTable(rows: rows, kind: kind)
            let iterations = rows >= 10_000_000 ? 20 : 200
            let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
            defer { stream.deallocate() }
            var bridge: [Double] = []
            var call: [Double] = []
            var shared = false
            for _ in 0..<5 {
                var start = now()
                for _ in 0..<iterations {
                    ArrowCExport.exportStream(table, into: stream)
                    let back = try! ArrowCImport.importStream(stream, what: "bench")
                    precondition(back.rowCount == rows)
                }
                bridge.append(Double(now() - start) / Double(iterations) / 1e3)
                start = now()
                for _ in 0..<iterations {
                    guard case .table(let out)? = try! live.run(inputs: ["data": .table(table)])["data"] else { fatalError("no table") }
                    precondition(out.rowCount == rows)
                    shared = out.chunks("x")?.first?.values.baseAddress == table.chunks("x")?.first?.values.baseAddress
                }
                call.append(Double(now() - start) / Double(iterations) / 1e3)
            }
            print("| \(rows) | \(kind) + int64 | \(String(format: "%.1f", median(bridge))) µs | \(String(format: "%.1f", median(call))) µs | \(shared ? "yes" : "no") |")
        }
    }
}

/// Writing and reading a 1,000,000 × 21 float64 table (168 MB) as an Arrow IPC file.
func benchmarkIPC() {
    print("\n## Arrow IPC file: write and read 1,000,000 rows x 21 float64 (168 MB), median of 5")
    let rows = 1_000_000
    var columns: [(String, ArrowValues)] = []
    for index in 0..<21 { columns.append(("f\(index)", .float64((0..<rows).map { Double($0 &* (index + 1)) * 0.001 }))) }
    let schema = ArrowTableSchema(columns.map { ArrowField($0.0, .float64) })
    let table = try! ArrowTable(schema: schema, batches: [ArrowRecordBatch(columns.map(\.1))])
    let bytes = Double(rows * 21 * 8)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-ipc.arrow").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    func time(_ body: () -> Void) -> Double {
        body()  // warm-up
        return median((0..<5).map { _ in let start = now(); body(); return Double(now() - start) / 1e9 })
    }
    let write = time { try! ArrowIPCFileWriter.write(table, to: path) }
    let open = time { precondition(try! ArrowIPCFileReader.read(path).rowCount == rows) }
    let readAll = time {
        let read = try! ArrowIPCFileReader.read(path)
        var sum = 0.0
        for chunk in read.batches.flatMap(\.columns) {
            chunk.values.withValues(as: Double.self, count: chunk.length) { for value in $0 { sum += value } }
        }
        precondition(sum.isFinite)
    }
    print("| operation | median | GB/s |")
    print("|---|---|---|")
    print("| write (temporary file, fsync, rename) | \(String(format: "%.3f", write)) s | \(String(format: "%.2f", bytes / 1e9 / write)) |")
    print("| read: open, map, validate (no value touched) | \(String(format: "%.4f", open)) s | \(String(format: "%.1f", bytes / 1e9 / open)) |")
    print("| read and sum every value (page cache warm) | \(String(format: "%.3f", readAll)) s | \(String(format: "%.2f", bytes / 1e9 / readAll)) |")
}
