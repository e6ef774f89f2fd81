import Foundation
import SluiceArrow
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceSupport
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// What a loaded pipeline holds: stages in file order with their plugin, config,
/// dependencies and settings; the file's digest and name.
@Suite struct PipelineLoaderTests {
    @Test func aValidPipelineLoadsWithItsStagesInFileOrder() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            name: house-prices
            stages:
              load: {uses: sluice.testkit/echo, with: {message: hi}}
              split: {uses: sluice.testkit/split, needs: [load]}
              greet: {uses: sluice.hello-c/greet, needs: [load], with: {name: Ada}}
            """)
        #expect(pipeline.version == 1)
        #expect(pipeline.name == "house-prices")
        #expect(pipeline.stages.map(\.name) == ["load", "split", "greet"])
        #expect(pipeline.stage("greet")?.plugin.id == "sluice.hello-c")
        #expect(pipeline.stage("greet")?.info.id == "greet")
        #expect(pipeline.stage("greet")?.uses == "sluice.hello-c/greet")
        #expect(pipeline.stage("split")?.location == SourceLocation(file: workspace.folder.file("sluice.yaml"), line: 5, column: 3))
    }

    @Test func theDigestIsTheSHA256OfTheFileBytes() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let text = "version: 1\nstages: {a: {uses: sluice.testkit/fail}}\n"
        let pipeline = try workspace.load(text)
        #expect(pipeline.digest == Data(text.utf8).withUnsafeBytes { sha256Digest($0) })
        #expect(pipeline.digest.hasPrefix("sha256:") && pipeline.digest.count == 7 + 64)
        #expect(pipeline.file == workspace.folder.file("sluice.yaml"))
    }

    @Test func withoutANameThePipelineIsNamedAfterItsFolder() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("version: 1\nstages: {a: {uses: sluice.testkit/fail}}\n")
        #expect(pipeline.name == URL(fileURLWithPath: workspace.folder.path).lastPathComponent)
    }

    @Test func schemaDefaultsAreFilledIntoTheConfig() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            stages:
              greet: {uses: sluice.hello-c/greet, with: {name: Ada}}
              split: {uses: sluice.testkit/split}
            """)
        #expect(pipeline.stage("greet")?.config == .object(["name": .string("Ada"), "greeting": .string("Hello"), "repeat": .integer(1)]))
        #expect(pipeline.stage("split")?.config == .object(["every": .integer(2)]))
    }

    @Test func stageSettingsDefaultToNoApprovalNoTimeoutAndNoRetries() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let stage = try workspace.load("version: 1\nstages: {a: {uses: sluice.testkit/fail}}\n").stage("a")
        #expect(stage?.approval == Approval.none)
        #expect(stage?.timeout == nil)
        #expect(stage?.retries == 0)
        #expect(stage?.dependencies == [])
        #expect(stage?.inputs == [:])
        #expect(stage?.config == .object([:]))
    }

    @Test func approvalRetriesAndDescriptionAreRead() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let stage = try workspace.load("""
            version: 1
            stages:
              deploy: {uses: sluice.testkit/fail, approval: manual, retries: 3, description: Promotes the model}
            """).stage("deploy")
        #expect(stage?.approval == .manual)
        #expect(stage?.retries == 3)
    }

    @Test func storedTablesAreUncompressedUnlessThePipelineOrTheStageSaysACodec() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let plain = try workspace.load("version: 1\nstages: {a: {uses: sluice.testkit/fail}}\n")
        #expect(plain.stage("a")?.compression == nil)
        let pipeline = try workspace.load("""
            version: 1
            compression: zstd
            stages:
              inherits: {uses: sluice.testkit/fail}
              fast: {uses: sluice.testkit/fail, compression: lz4}
              mapped: {uses: sluice.testkit/fail, compression: none}
            """)
        #expect(pipeline.stage("inherits")?.compression == .zstd)
        #expect(pipeline.stage("fast")?.compression == .lz4Frame)
        #expect(pipeline.stage("mapped")?.compression == nil)
    }

    @Test(arguments: [
        ("30", 30.0), ("2.5", 2.5), ("30s", 30), ("5m", 300), ("1h30m", 5400), ("250ms", 0.25), ("1.5h", 5400), ("1m30s", 90),
    ])
    func timeoutsAreSecondsOrDurations(written: String, seconds: Double) throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let stage = try workspace.load("version: 1\nstages: {a: {uses: sluice.testkit/fail, timeout: \(written)}}\n").stage("a")
        #expect(stage?.timeout == seconds)
    }

    @Test func dependenciesAreTheStagesNamedInNeedsWithoutDuplicatesInOrder() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            stages:
              split: {uses: sluice.testkit/split}
              other: {uses: sluice.testkit/fail}
              train: {uses: sluice.testkit/fit, needs: [other, split.train, other]}
            """)
        #expect(pipeline.stage("train")?.dependencies == ["other", "split"])
    }

    @Test func anchorsAliasesAndMergeKeysAreResolved() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            params: {greeting: &hello Bonjour}
            stages:
              first: &base {uses: sluice.hello-c/greet, retries: 2, with: {name: Ada, greeting: *hello}}
              second:
                <<: *base
                retries: 4
            """)
        #expect(pipeline.stage("second")?.retries == 4)
        #expect(pipeline.stage("second")?.uses == "sluice.hello-c/greet")
        #expect(pipeline.stage("second")?.config["greeting"] == .string("Bonjour"))
    }

    @Test func plainScalarsFollowTheYAMLCoreSchemaAndQuotedOnesStayText() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            params: {a: 42, b: 1.5, c: true, d: ~, e: yes, f: "42", g: 0x1F, h: 1e3, i: '', j: !!str 7}
            stages: {x: {uses: sluice.testkit/fail}}
            """)
        #expect(pipeline.params == [
            "a": .integer(42), "b": .number(1.5), "c": .bool(true), "d": .null, "e": .string("yes"),
            "f": .string("42"), "g": .integer(31), "h": .number(1000), "i": .string(""), "j": .string("7"),
        ])
    }

    @Test func aPluginsFolderEntryIsSearchedAfterTheProjectPluginsFolder() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let build = try TemporaryFolder()
        defer { build.remove() }
        try FileManager.default.createDirectory(atPath: workspace.folder.file("extra"), withIntermediateDirectories: true)
        let library = workspace.folder.file("extra/libfixture.so")
        try FileManager.default.copyItem(atPath: compileFixture("libfixture.so", in: build), toPath: library)
        let pipeline = try workspace.load("""
            version: 1
            plugins: [extra]
            stages: {work: {uses: fixture.plugin/work}}
            """)
        #expect(pipeline.stage("work")?.plugin.path == library)
        #expect(pipeline.stage("work")?.plugin.origin == "pipeline")
    }

    @Test func aPluginsFileEntryLoadsThatLibraryRelativeToThePipelineFile() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let elsewhere = try TemporaryFolder()
        defer { elsewhere.remove() }
        _ = try compileFixture("libacme.so", in: elsewhere, defines: [#"FIXTURE_ID="com.acme.tools""#])
        try FileManager.default.createDirectory(atPath: workspace.folder.file("project"), withIntermediateDirectories: true)
        let relative = "../../" + URL(fileURLWithPath: elsewhere.path).lastPathComponent + "/libacme.so"
        let pipeline = try workspace.load("""
            version: 1
            plugins: [\(relative)]
            stages: {work: {uses: com.acme.tools/work}}
            """, file: "project/sluice.yaml")
        #expect(pipeline.stage("work")?.plugin.origin == "pipeline")
        #expect(pipeline.stage("work")?.plugin.path == elsewhere.file("libacme.so"))
    }

    @Test func aMissingFileSaysToCheckThePathOrCreateSluiceYaml() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let error = #expect(throws: Diagnostics.self) {
            try PipelineLoader.load(file: "nowhere/sluice.yaml", searchPath: workspace.searchPath())
        }
        #expect(error?.description == "error: pipeline file 'nowhere/sluice.yaml' does not exist. Check the path, or create sluice.yaml (it starts with `version: 1`, then a `stages:` map) [config.file-missing]")
    }
}
