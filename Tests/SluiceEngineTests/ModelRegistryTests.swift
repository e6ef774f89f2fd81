import Foundation
@testable import SluiceEngine
@testable import SluiceRegistry
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// The model registry: versions per name, aliases that move, an audit trail that does not.
@Suite struct ModelRegistryTests {
    private func registration(_ name: String, _ digest: String, run: String? = nil) -> ModelRegistry.Registration {
        .init(name: name, digest: digest, mediaType: "application/vnd.test", pluginID: "test.plugin", pluginVersion: "1.0.0",
              runID: run, stage: run == nil ? nil : "train", by: "ada", note: "", modelDescription: #"{"format":"t/1"}"#)
    }

    /// A project folder whose registry tests use; it lives as long as the value.
    private final class Fixture {
        let project: ExecutorProject
        let registry: ModelRegistry

        init() throws {
            project = try ExecutorProject()
            registry = ModelRegistry(store: project.store)
        }
    }

    @Test func versionsAreNumberedPerNameAndTheSameArtifactIsRegisteredOnce() throws {
        let fixture = try Fixture()
        let first = try fixture.registry.register(registration("churn", "sha256:aa"))
        let second = try fixture.registry.register(registration("churn", "sha256:bb"))
        let again = try fixture.registry.register(registration("churn", "sha256:aa"))
        let other = try fixture.registry.register(registration("fraud", "sha256:aa"))

        #expect(first.version.version == 1 && first.created)
        #expect(second.version.version == 2)
        #expect(again.version.version == 1 && !again.created)
        #expect(other.version.version == 1)
        #expect(try fixture.registry.models().map(\.name) == ["churn", "fraud"])
    }

    @Test func referencesResolveByVersionAliasAndDefault() throws {
        let fixture = try Fixture()
        _ = try fixture.registry.register(registration("churn", "sha256:aa"))
        _ = try fixture.registry.register(registration("churn", "sha256:bb"))
        _ = try fixture.registry.register(registration("churn", "sha256:cc"))

        #expect(try fixture.registry.resolve(#require(ModelReference(parsing: "churn"))).version == 3, "newest when there is no production alias")
        try fixture.registry.promote("churn", version: 2, alias: "production", by: "ada", note: "best so far")
        #expect(try fixture.registry.resolve(#require(ModelReference(parsing: "churn"))).version == 2, "production when set")
        #expect(try fixture.registry.resolve(#require(ModelReference(parsing: "churn@production"))).digest == "sha256:bb")
        #expect(try fixture.registry.resolve(#require(ModelReference(parsing: "churn:1"))).digest == "sha256:aa")
    }

    @Test func unknownNamesAliasesAndVersionsSayWhatExists() throws {
        let fixture = try Fixture()
        _ = try fixture.registry.register(registration("churn", "sha256:aa"))
        try fixture.registry.promote("churn", version: 1, alias: "staging", by: "ada", note: "")

        let name = #expect(throws: SluiceError.self) { try fixture.registry.resolve(ModelReference(name: "chrun", selector: .default)) }
        #expect(name?.code == .registryUnknownModel)
        #expect(name?.message.contains("churn") == true)
        let alias = #expect(throws: SluiceError.self) { try fixture.registry.resolve(ModelReference(name: "churn", selector: .alias("production"))) }
        #expect(alias?.code == .registryUnknownAlias)
        #expect(alias?.message.contains("staging → 1") == true)
        let version = #expect(throws: SluiceError.self) { try fixture.registry.resolve(ModelReference(name: "churn", selector: .version(7))) }
        #expect(version?.code == .registryUnknownVersion)
    }

    @Test func everyAliasMoveIsRecordedAndRollbackWalksBackThroughPromotions() throws {
        let fixture = try Fixture()
        for digest in ["sha256:aa", "sha256:bb", "sha256:cc"] { _ = try fixture.registry.register(registration("churn", digest)) }
        try fixture.registry.promote("churn", version: 1, alias: "production", by: "ada", note: "first release")
        try fixture.registry.promote("churn", version: 2, alias: "production", by: "bob", note: "better auc")
        try fixture.registry.promote("churn", version: 3, alias: "production", by: "bob", note: "even better")

        let back = try fixture.registry.rollback("churn", alias: "production", by: "carol", note: "latency regression")
        #expect(back.fromVersion == 3 && back.toVersion == 2)
        let further = try fixture.registry.rollback("churn", alias: "production", by: "carol", note: "still bad")
        #expect(further.toVersion == 1, "a second rollback goes further back, not forward again")
        #expect(throws: SluiceError.self) { try fixture.registry.rollback("churn", alias: "production", by: "carol", note: "") }

        let history = try fixture.registry.history(of: "churn")
        #expect(history.map(\.action) == [.promote, .promote, .promote, .rollback, .rollback])
        #expect(history.map(\.by) == ["ada", "bob", "bob", "carol", "carol"])
        #expect(history[3].note == "latency regression")
        #expect(try fixture.registry.aliases(of: "churn").first?.version == 1)
    }

    @Test func promotingToWhereTheAliasAlreadyPointsRecordsNothing() throws {
        let fixture = try Fixture()
        _ = try fixture.registry.register(registration("churn", "sha256:aa"))
        #expect(try fixture.registry.promote("churn", version: 1, alias: "production", by: "ada", note: "") != nil)
        #expect(try fixture.registry.promote("churn", version: 1, alias: "production", by: "ada", note: "") == nil)
        #expect(try fixture.registry.history(of: "churn").count == 1)
    }

    @Test func aCanaryCarriesItsShareAndTheRevisionChangesOnEveryMove() throws {
        let fixture = try Fixture()
        _ = try fixture.registry.register(registration("churn", "sha256:aa"))
        _ = try fixture.registry.register(registration("churn", "sha256:bb"))
        let before = try fixture.registry.revision(of: "churn")
        try fixture.registry.promote("churn", version: 2, alias: "canary", percent: 20, by: "ada", note: "")
        #expect(try fixture.registry.aliases(of: "churn").first { $0.alias == "canary" }?.percent == 20)
        #expect(try fixture.registry.revision(of: "churn") > before)
        #expect(throws: SluiceError.self) { try fixture.registry.promote("churn", version: 2, alias: "canary", percent: 120, by: "ada", note: "") }
        try fixture.registry.removeAlias("churn", alias: "canary", by: "ada", note: "canary done")
        #expect(try fixture.registry.aliases(of: "churn").isEmpty)
    }

    @Test func aVersionWhoseRunFailedAGateIsNotPromotedUnlessForced() throws {
        let fixture = try Fixture(), project = fixture.project
        let pipeline = project.pipeline([
            try project.stage("train", "sluice.testkit/echo", with: echo("trained")),
            try project.stage("gate", "sluice.testkit/fail", needs: ["train"], with: .object(["status": .string("gate_failed"), "message": .string("r2 0.1 < 0.5")])),
        ])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status != .succeeded)
        _ = try fixture.registry.register(registration("churn", "sha256:aa", run: outcome.runID))

        let refused = #expect(throws: SluiceError.self) { try fixture.registry.promote("churn", version: 1, alias: "production", by: "ada", note: "") }
        #expect(refused?.code == .registryGatesFailed)
        #expect(refused?.kind == .gateFailed)
        #expect(refused?.message.contains("gate") == true)
        let forced = try fixture.registry.promote("churn", version: 1, alias: "production", by: "ada", note: "hotfix", force: true)
        #expect(forced?.note.contains("forced") == true)
    }

    @Test func namesOutsideTheAllowedCharactersAreRefused() throws {
        let fixture = try Fixture()
        let error = #expect(throws: SluiceError.self) { try fixture.registry.register(registration("../etc", "sha256:aa")) }
        #expect(error?.code == .registryBadName)
        #expect(ModelReference(parsing: "churn@") == nil)
        #expect(ModelReference(parsing: "churn:0") == nil)
        #expect(ModelReference(parsing: "sha256:abcd") == nil, "a digest is not a registry reference")
    }

    @Test func garbageCollectionKeepsRunsAndArtifactsBehindRegisteredVersions() throws {
        let fixture = try Fixture(), project = fixture.project
        let pipeline = project.pipeline([try project.stage("train", "sluice.testkit/echo", with: echo("model"))])
        let registeredRun = try project.executor(pipeline, force: true).run()
        for _ in 0..<2 { _ = try project.executor(pipeline, force: true).run() }
        let digest = try Data("a model".utf8).withUnsafeBytes { try project.objects.write($0, mediaType: "") }
        _ = try fixture.registry.register(registration("churn", digest, run: registeredRun.runID))

        let report = try GarbageCollector(store: project.store, objects: project.objects).collect(keepLast: 1, dryRun: false)
        #expect(!report.deletedRuns.contains(registeredRun.runID))
        #expect(report.deletedRuns.count == 1)
        #expect(project.objects.contains(digest))
    }
}
