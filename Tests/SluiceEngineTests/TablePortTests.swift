import CSluiceABI
import Foundation
@testable import SluiceArrow
@testable import SluicePipeline
import SluiceSupport
import SluiceTestSupport
import Testing

/// Tables cross the plugin protocol as Arrow C Data, without copying, and are stored as
/// Arrow IPC files.
@Suite struct TablePortTests {
    @Test func aTableSurvivesExportAndImportThroughTheCDataInterface() throws {
        let table = try ArrowTable([
            "x": .float64([1.5, nil, 3]),
            "name": .utf8(["a", nil, "ccc"]),
            "flag": .bool([true, false, nil]),
            "colour": .dictionary(["red", "green", nil]),
        ], metadata: ["sluice.target": "x"])
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        ArrowCExport.exportStream(table, into: stream)
        let back = try ArrowCImport.importStream(stream, what: "test")
        #expect(back.schema == table.schema)
        for field in table.schema.fields {
            #expect(back.values(field.name) == table.values(field.name), "\(field.name)")
        }
        #expect(stream.pointee.release == nil, "importing consumes the stream")
    }

    @Test func importedColumnsShareTheExportersMemory() throws {
        let table = try ArrowTable(["x": .float64([1, 2, 3])])
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        ArrowCExport.exportStream(table, into: stream)
        let back = try ArrowCImport.importStream(stream, what: "test")
        #expect(back.chunks("x")?.first?.values.baseAddress == table.chunks("x")?.first?.values.baseAddress)
    }

    @Test func aSwiftPluginReceivesAndReturnsTablesThroughItsPorts() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("make", "sluice.testkit/make_table", with: .object(["rows": .integer(4)])),
            try project.stage("scale", "sluice.testkit/scale_table", needs: ["make"], inputs: ["data": PortReference(stage: "make", port: "data")],
                              with: .object(["column": .string("i"), "factor": .number(10)])),
        ])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let detail = try project.store.detail(outcome.runID)
        let stored = try #require(detail.artifacts.first { $0.stage == "scale" })
        #expect(stored.mediaType == "application/vnd.apache.arrow.file")
        guard case .table(let table)? = try project.objects.portValue(digest: stored.digest, mediaType: stored.mediaType) else {
            Issue.record("the output is not a table")
            return
        }
        #expect(table.schema.fields.map(\.name) == ["x", "f", "n", "i", "flag", "name", "colour", "scaled"])
        #expect(table.schema.metadata["sluice.target"] == "x")
        #expect(table.values("x") == .float64([0, nil, 3, 4.5]))
        #expect(table.values("n") == .int64([0, 1_000_000_000_000, 2_000_000_000_000, 3_000_000_000_000]))
        #expect(table.values("name") == .utf8(["row 0 é", "row 1 é", "row 2 é", nil]))
        #expect(table.values("scaled") == .float64([0, 10, nil, 30]))
        #expect(table.values("flag") == .bool([true, false, true, false]))
        #expect(detail.latestMetrics.map(\.name) == ["rows", "sum"])
        #expect(detail.latestMetrics.last?.value == 40)

        // A second run reuses both stages; a resumed downstream stage reads the stored table.
        let again = try project.executor(pipeline).run()
        #expect(again.stages.map(\.result.status) == [.cached, .cached])
        let forced = try project.executor(pipeline, forceStages: ["scale"]).run()
        #expect(forced.stages.map(\.result.status) == [.cached, .succeeded])
    }

    @Test(arguments: ArrowIPCCompression.allCases)
    func aStageWithCompressionStoresItsTablesCompressedAndDownstreamReadsTheSameValues(codec: ArrowIPCCompression) throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("make", "sluice.testkit/make_table", with: .object(["rows": .integer(300)]), compression: codec),
            try project.stage("scale", "sluice.testkit/scale_table", needs: ["make"], inputs: ["data": PortReference(stage: "make", port: "data")],
                              with: .object(["column": .string("i"), "factor": .number(10)])),
        ])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let artifacts = try project.store.detail(outcome.runID).artifacts
        let made = try #require(artifacts.first { $0.stage == "make" })
        let scaled = try #require(artifacts.first { $0.stage == "scale" })
        let madeBytes = try #require(try project.objects.read(digest: made.digest))
        let scaledBytes = try #require(try project.objects.read(digest: scaled.digest))
        #expect(try ArrowIPCFileReader.bodyCompressions(ArrowStorage(copying: madeBytes.pointer), path: made.digest) == [codec, codec])
        #expect(try ArrowIPCFileReader.bodyCompressions(ArrowStorage(copying: scaledBytes.pointer), path: scaled.digest).allSatisfy { $0 == nil })

        // A resumed downstream stage reads the compressed table from the store.
        let forced = try project.executor(pipeline, forceStages: ["scale"]).run()
        #expect(forced.stages.map(\.result.status) == [.cached, .succeeded])
        let again = try #require(try project.store.detail(forced.runID).artifacts.first { $0.stage == "scale" })
        #expect(again.digest == scaled.digest, "the same values as when the table came from memory")
    }

    @Test func aTypeMismatchInAPluginIsAnInputErrorNotACrash() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("make", "sluice.testkit/make_table"),
            try project.stage("scale", "sluice.testkit/scale_table", needs: ["make"], inputs: ["data": PortReference(stage: "make", port: "data")],
                              with: .object(["column": .string("name"), "factor": .number(2)])),
        ])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status == .failed)
        #expect(outcome.failures.first?.message.contains("column 'name' is string; scale_table needs a number column") == true)
    }
}
