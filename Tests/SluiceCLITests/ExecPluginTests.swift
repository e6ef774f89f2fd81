import Foundation
import SluiceTestSupport
import Testing

/// sluice.exec/run: existing commands and scripts as pipeline stages.
@Suite struct ExecPluginTests {
    private func project(_ pipeline: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sluice.yaml", pipeline)
        return folder
    }

    private func run(_ folder: TemporaryFolder, _ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
    }

    private func lastRun(_ folder: TemporaryFolder) throws -> [String: Any] {
        let result = try run(folder, "runs", "show", "last", "--json")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aCommandGetsItsParamsAndInputAndItsMetricsAreLogged() throws {
        let folder = try project("""
            version: 1
            name: scripts
            params: {limit: 10, label: demo}
            stages:
              produce:
                uses: sluice.exec/run
                with: {cmd: "printf '3\\\\n4\\\\n'"}
              total:
                uses: sluice.exec/run
                needs: [produce]
                with:
                  cmd: "awk -v limit=$SLUICE_PARAM_LIMIT '{s+=$1} END {printf \\"{\\\\\\"sum\\\\\\": %d, \\\\\\"under\\\\\\": %d}\\", s, s<limit}' $SLUICE_INPUT > m.json; cat $SLUICE_PARAMS"
                  metrics: m.json
                  params: {limit: "${params.limit}", label: "${params.label}"}
            """)
        defer { folder.remove() }
        let result = try run(folder, "run")
        #expect(result.status == 0, "\(result)")
        let run = try lastRun(folder)
        let metrics = try #require(run["metrics"] as? [String: Double])
        #expect(metrics["total.sum"] == 7)
        #expect(metrics["total.under"] == 1)
        let artifacts = try #require(run["artifacts"] as? [[String: Any]])
        let stdout = try #require(artifacts.first { $0["stage"] as? String == "total" })
        let exported = folder.file("params.out")
        #expect(try runProcess(TestEnvironment.sluice(), ["artifacts", "export", stdout["digest"] as! String, exported], directory: folder.path).status == 0)
        #expect(try String(contentsOfFile: exported, encoding: .utf8) == #"{"label":"demo","limit":10}"#)
    }

    @Test func aFailingCommandFailsTheStageWithTheTailOfItsStderr() throws {
        let folder = try project("""
            version: 1
            name: scripts
            stages:
              train: {uses: sluice.exec/run, with: {cmd: "echo loading >&2; echo 'ValueError: bad shape' >&2; exit 2"}}
            """)
        defer { folder.remove() }
        let result = try run(folder, "run", "--quiet")
        #expect(result.status == 4)
        #expect(result.stderr.contains("the command exited with status 2. Last lines of its stderr:\nloading\nValueError: bad shape"))
    }

    @Test func aSecondRunOfAnUnchangedCommandIsCached() throws {
        let folder = try project("""
            version: 1
            name: scripts
            stages:
              count: {uses: sluice.exec/run, deps: [input.txt], with: {cmd: "wc -l < input.txt"}}
            """)
        defer { folder.remove() }
        try folder.write("input.txt", "a\nb\n")
        #expect(try run(folder, "run", "--quiet").status == 0)
        #expect(try run(folder, "run").stdout.contains("count  cached"))
        try folder.write("input.txt", "a\nb\nc\n")
        #expect(try run(folder, "run").stdout.contains("count  done"))
    }

    @Test func declaredOutsAreStoredAndPutBackWhenTheStageIsReused() throws {
        let folder = try project("""
            version: 1
            name: scripts
            stages:
              build: {uses: sluice.exec/run, outs: [model.txt, reports/], with: {cmd: "echo weights > model.txt; mkdir -p reports; echo ok > reports/a.txt"}}
              broken: {uses: sluice.exec/run, outs: [missing.txt], with: {cmd: "true"}}
            """)
        defer { folder.remove() }
        let first = try run(folder, "run", "--quiet")
        #expect(first.status == 4)
        #expect(first.stderr.contains("did not create 'missing.txt', declared in `outs`"))
        try FileManager.default.removeItem(atPath: folder.file("model.txt"))
        try folder.write("reports/a.txt", "tampered\n")
        let second = try run(folder, "run", "--stage", "build")
        #expect(second.stdout.contains("build  cached"))
        #expect(try String(contentsOfFile: folder.file("model.txt"), encoding: .utf8) == "weights\n")
        #expect(try String(contentsOfFile: folder.file("reports/a.txt"), encoding: .utf8) == "ok\n")
    }

    @Test func cancellingStopsTheCommand() throws {
        let folder = try project("""
            version: 1
            name: scripts
            stages:
              wait: {uses: sluice.exec/run, timeout: 500ms, with: {cmd: "sleep 60"}}
            """)
        defer { folder.remove() }
        let started = Date()
        let result = try run(folder, "run", "--quiet")
        #expect(result.status == 4)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.stderr.contains("timeout of 500ms"))
    }
}

/// Tables reach scripts as Arrow IPC files and come back the same way.
@Suite struct ExecTablePortTests {
    @Test func aPythonScriptReadsAndWritesTablesWithPandas() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
        try folder.write("double.py", """
            import os, pandas as pd
            df = pd.read_feather(os.environ["SLUICE_INPUT_TABLE"])
            df["doubled"] = df["x"] * 2
            df[["x", "doubled"]].to_feather(os.environ["SLUICE_OUTPUT_TABLE"], compression="uncompressed")
            print(len(df))
            """)
        try folder.write("sluice.yaml", """
            version: 1
            name: scripts
            stages:
              make:   {uses: sluice.testkit/make_table, with: {rows: 3}}
              double: {uses: sluice.exec/run, needs: [make], deps: [double.py], with: {cmd: ["\(try Python.interpreter())", "double.py"]}}
              scale:  {uses: sluice.testkit/scale_table, needs: [double.table], with: {column: doubled, factor: 10}}
            """)
        let result = try runProcess(TestEnvironment.sluice(), ["run"], directory: folder.path)
        #expect(result.status == 0, "\(result)")
        let show = try runProcess(TestEnvironment.sluice(), ["runs", "show", "last", "--json"], directory: folder.path)
        let run = try #require(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let metrics = try #require(run["metrics"] as? [String: Double])
        // x = [0, null, 3]: doubled = [0, null, 6], scaled sum = 60.
        #expect(metrics["scale.sum"] == 60)
        #expect(metrics["scale.rows"] == 3)
    }
}
