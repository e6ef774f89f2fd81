import Foundation
import SluiceSupport

/// The model registry's storage: versions, aliases and every alias move. Only the
/// primitives live here, each atomic; what a registration or a move means (names,
/// shares, gates, what a rollback goes back to, every message) is `ModelRegistry`'s,
/// so a second backend implements storage and nothing else. A run store is one: the
/// versions link to the runs that produced them.
package protocol RegistryStore: Sendable {
    /// In one transaction: the version of `name` with `digest` (the lowest, when there
    /// are several) and `created` false; else the record `make` returns for the number
    /// after the newest version of `name` (1 for the first), stored, and `created` true.
    /// Two processes registering at once never get the same number.
    func findOrInsertVersion(name: String, digest: String, _ make: (_ number: Int) -> ModelVersionRecord) throws(SluiceError)
        -> (version: ModelVersionRecord, created: Bool)

    /// The versions of one model (nil: of all), by name, then version.
    func modelVersions(named name: String?) throws(SluiceError) -> [ModelVersionRecord]

    /// The aliases of one model (nil: of all), by name, then alias.
    func modelAliases(named name: String?) throws(SluiceError) -> [AliasRecord]

    /// The alias moves of `name` (of one alias, or all), oldest first.
    func aliasEvents(name: String, alias: String?) throws(SluiceError) -> [AliasEvent]

    /// A number that grows whenever an alias of `name` moves (0 before the first move).
    func aliasRevision(of name: String) throws(SluiceError) -> Int64

    /// Every registered model name, sorted.
    func modelNames() throws(SluiceError) -> [String]

    /// Whether `name` has a registered version.
    func containsModel(_ name: String) throws(SluiceError) -> Bool

    /// Moves an alias, in one transaction: reads where `alias` of `name` points now
    /// (nil when unset) and its moves so far (oldest first), and gives both to `decide`.
    /// When `decide` returns a move, the alias is set to its version and share (or
    /// removed, when it has no version) and the move is recorded with `from` the current
    /// version and the time now; the recorded event is returned. When `decide` returns
    /// nil nothing is written and nil is returned; what it throws is thrown as it is,
    /// with nothing written.
    func moveAlias(name: String, alias: String, decide: (_ current: AliasRecord?, _ history: [AliasEvent]) throws(SluiceError) -> AliasMove?)
        throws(SluiceError) -> AliasEvent?

    /// The stages of run `runID` whose quality gate failed, in pipeline order (empty for
    /// an unknown run): what a promotion checks.
    func gateFailedStages(runID: String) throws(SluiceError) -> [String]

    /// The runs behind registered versions, which garbage collection keeps.
    func registeredRunIDs() throws(SluiceError) -> Set<String>

    /// The digests of registered versions, which garbage collection keeps.
    func registeredDigests() throws(SluiceError) -> Set<String>
}

/// One alias move as the registry decided it (see `RegistryStore.moveAlias`).
package struct AliasMove: Sendable, Equatable {
    package var action: AliasEvent.Action
    /// The version the alias points at afterwards; nil removes it.
    package var toVersion: Int?
    package var percent: Double?
    package var by: String
    package var note: String

    package init(action: AliasEvent.Action, toVersion: Int?, percent: Double?, by: String, note: String) {
        self.action = action
        self.toVersion = toVersion
        self.percent = percent
        self.by = by
        self.note = note
    }
}
