import Foundation
import GRDB
import SluiceJSON

/// Records from the rows of the store's tables. An enum value this version does not
/// know (written by a newer sluice) reads as a fixed fallback rather than failing.
extension SQLiteRunStore {
    package static func summary(_ row: Row) -> RunSummary {
        RunSummary(
            id: row["id"], pipeline: row["pipeline"], pipelineFile: row["pipeline_file"], pipelineDigest: row["pipeline_digest"],
            status: RunStatus(rawValue: row["status"]) ?? .failed, startedAt: Date(timeIntervalSince1970: row["started_at"]),
            endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)), hostVersion: row["host_version"],
            gitCommit: row["git_commit"], gitDirty: row["git_dirty"], error: row["error"],
            overrides: Self.strings(row["overrides"])
        )
    }

    private static func stringMap(_ json: String?) -> [String: String] {
        guard let json, case .object(let members)? = try? JSONValue.parse(json) else { return [:] }
        return members.dictionary.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
    }

    private static func strings(_ json: String?) -> [String] {
        guard let json, case .array(let values)? = try? JSONValue.parse(json) else { return [] }
        return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    package static func stage(_ row: Row) -> StageRecord {
        StageRecord(
            stage: row["stage"], uses: row["uses"], pluginVersion: row["plugin_version"], pluginBuild: row["plugin_build"],
            status: StageRunStatus(rawValue: row["status"]) ?? .failed, attempts: row["attempts"],
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            error: row["error"], errorCode: row["error_code"], config: row["config"],
            fingerprint: row["fingerprint"], deps: Self.stringMap(row["deps"]), pluginDigest: row["plugin_digest"],
            reusedFrom: (row["source_run"] as String?).flatMap { run in (row["source_stage"] as String?).map { StageExecution(runID: run, stage: $0) } }
        )
    }

    package static func artifact(_ row: Row) -> ArtifactRecord {
        ArtifactRecord(stage: row["stage"], name: row["name"], role: ArtifactRecord.Role(rawValue: row["role"]) ?? .output,
                       digest: row["digest"], mediaType: row["media_type"], size: row["size"])
    }

    package static func approval(_ row: Row) -> ApprovalRecord {
        ApprovalRecord(stage: row["stage"], decision: ApprovalRecord.Decision(rawValue: row["decision"]) ?? .rejected,
                       by: row["by"], note: row["note"], time: Date(timeIntervalSince1970: row["time"]))
    }

    static func modelVersion(_ row: Row) -> ModelVersionRecord {
        ModelVersionRecord(
            name: row["name"], version: row["version"], digest: row["digest"], mediaType: row["media_type"], pluginID: row["plugin_id"],
            pluginVersion: row["plugin_version"], runID: row["run_id"], stage: row["stage"], registeredBy: row["registered_by"],
            registeredAt: Date(timeIntervalSince1970: row["registered_at"]), note: row["note"], modelDescription: row["description"])
    }

    static func alias(_ row: Row) -> AliasRecord {
        AliasRecord(name: row["name"], alias: row["alias"], version: row["version"], percent: row["percent"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    static func aliasEvent(_ row: Row) -> AliasEvent {
        AliasEvent(id: row["id"], name: row["name"], alias: row["alias"], action: AliasEvent.Action(rawValue: row["action"]) ?? .promote,
                   fromVersion: row["from_version"], toVersion: row["to_version"], percent: row["percent"], by: row["by"],
                   time: Date(timeIntervalSince1970: row["time"]), note: row["note"])
    }
}
