import Foundation
import SluiceEngine
import SluicePlugins
import SluiceStore
import SluiceSupport

// Benchmarks of the host runtime. Run from the package root:
//   swift build -c release && .build/release/sluice-bench all
// Results and how they were taken are recorded in Benchmarks/README.md.

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let fixtureSource = packageRoot + "/Tests/SluiceTestSupport/Fixtures/fixture_plugin.c"
let header = packageRoot + "/Sources/CSluiceABI/include"

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func run(_ executable: String, _ arguments: [String]) -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Compiles `count` distinct C plugins into a fresh folder.
func makePlugins(_ count: Int, defines: [String] = []) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(count)-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for index in 0..<count {
        let (status, _) = run("/usr/bin/env", ["cc", "-std=c99", "-O2", "-shared", "-fPIC", "-I", header,
            "-DFIXTURE_ID=\"bench.plugin\(index)\""] + defines.map { "-D" + $0 } + [fixtureSource, "-o", folder + "/libbench\(index).so"])
        precondition(status == 0, "cc failed")
    }
    return folder
}

/// Child mode: discover one folder in this fresh process and print the nanoseconds it took.
func loadOnce(_ folder: String) {
    let start = now()
    let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder, origin: "bench")]))
    let elapsed = now() - start
    precondition(catalog.problems.isEmpty, "\(catalog.problems)")
    print(elapsed, catalog.plugins.count)
}

func benchmarkDiscovery() {
    print("## Discover and load N plugins (fresh process per sample, in-process timer)")
    print("| N | median | per plugin | samples |")
    print("|---|---|---|---|")
    let me = CommandLine.arguments[0]
    for count in [1, 10, 50] {
        let folder = makePlugins(count)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var samples: [Double] = []
        for _ in 0..<15 {
            let (status, output) = run(me, ["load-once", folder])
            precondition(status == 0)
            let fields = output.split(separator: " ")
            precondition(Int(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)) == count)
            samples.append(Double(fields[0])!)
        }
        let m = median(samples)
        print("| \(count) | \(String(format: "%.2f", m / 1e6)) ms | \(String(format: "%.1f", m / 1e3 / Double(count))) µs | \(samples.count) |")
    }
}

func benchmarkStageCall() {
    print("\n## One stage call through the protocol (C stage whose run returns at once)")
    let folder = makePlugins(1, defines: ["FIXTURE_NOOP"])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder, origin: "bench")]))
    let (plugin, stage) = try! catalog.stage("bench.plugin0/work")
    let live = try! LiveStage(plugin: plugin, stage: stage, config: .object([:]), context: StageContext(runID: "bench", stageName: "work", workDirectory: "/tmp"))

    let firstStart = now()
    _ = try! live.run(inputs: [:])
    let first = Double(now() - firstStart)

    var rounds: [Double] = []
    let calls = 1_000_000
    for _ in 0..<5 {
        let start = now()
        for _ in 0..<calls { _ = try! live.run(inputs: [:]) }
        rounds.append(Double(now() - start) / Double(calls))
    }
    print("| measure | value |")
    print("|---|---|")
    print("| first call (cold) | \(String(format: "%.0f", first)) ns |")
    print("| loop of 10^6 calls, median of 5 rounds | \(String(format: "%.0f", median(rounds))) ns per call |")
    print("| loop of 10^6 calls, total (median round) | \(String(format: "%.2f", median(rounds) * Double(calls) / 1e9)) s |")

    let createStart = now()
    for _ in 0..<10_000 {
        _ = try! LiveStage(plugin: plugin, stage: stage, config: .object([:]), context: StageContext(runID: "bench", stageName: "work", workDirectory: "/tmp"))
    }
    print("| create + destroy an instance (validating config) | \(String(format: "%.0f", Double(now() - createStart) / 10_000)) ns |")
}

/// SHA-256 of a 1 GiB file (page cache warm): Sluice's file hasher (swift-crypto) beside
/// sha256sum and openssl on the same file, as `deps` hashing does it.
func benchmarkHashing() {
    print("\n## Hashing a 1 GiB file (SHA-256, page cache warm, median of 3)")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-1GiB.bin").path
    if (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int != 1 << 30 {
        var generator = SystemRandomNumberGenerator()
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        for _ in 0..<64 {
            handle.write(Data((0..<(16 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }))
        }
        try? handle.close()
    }
    _ = try? FileHasher.hashFile(path)  // warm the page cache
    func time(_ body: () -> Void) -> Double {
        (0..<3).map { _ in let start = now(); body(); return Double(now() - start) / 1e9 }.sorted()[1]
    }
    var digest = ""
    let sluice = time { digest = (try? FileHasher.hashFile(path)) ?? "" }
    let sha256sum = time { _ = run("/usr/bin/env", ["sha256sum", path]) }
    let openssl = time { _ = run("/usr/bin/env", ["openssl", "dgst", "-sha256", path]) }
    let (_, check) = run("/usr/bin/env", ["sha256sum", path])
    precondition(check.hasPrefix(String(digest.dropFirst(7))), "digests differ")
    print("| tool | median | GB/s |")
    print("|---|---|---|")
    for (name, seconds) in [("sluice FileHasher (swift-crypto)", sluice), ("sha256sum (coreutils)", sha256sum), ("openssl dgst -sha256", openssl)] {
        print("| \(name) | \(String(format: "%.3f", seconds)) s | \(String(format: "%.2f", Double(1 << 30) / 1e9 / seconds)) |")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "load-once":
    loadOnce(arguments[1])
case "plugins":
    benchmarkDiscovery()
    benchmarkStageCall()
case "predict":
    benchmarkPredict(arguments[1], models: Array(arguments.dropFirst(2)))
case "hash":
    benchmarkHashing()
case "handoff":
    benchmarkHandoff()
    benchmarkIPC()
case "worker":
    benchmarkWorker()
case "all", nil:
    print("sluice-bench, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())\n")
    benchmarkDiscovery()
    benchmarkStageCall()
    benchmarkHashing()
    benchmarkHandoff()
    benchmarkIPC()
    benchmarkWorker()
default:
    print("usage: sluice-bench [all|plugins|hash|handoff|worker|predict PROJECT MODEL...]")
    exit(2)
}
