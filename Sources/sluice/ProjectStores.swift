import Foundation
import SluiceStore
import SluiceSupport

/// Where a project's runs and artifacts are kept: the one place that picks the store
/// backends (SQLite in `.sluice/sluice.db`, files in `.sluice/objects/`), so that a
/// later setting (`--store postgres://…`) changes this file and no command.
enum ProjectStores {
    /// The run store of the project in `directory`, created when missing.
    static func runStore(_ directory: String) throws(SluiceError) -> any RunStore {
        try SQLiteRunStore(path: directory + "/.sluice/sluice.db")
    }

    /// The object store of the project in `directory`, created when missing.
    static func objectStore(_ directory: String) throws(SluiceError) -> any ObjectStore {
        try LocalObjectStore(directory: directory + "/.sluice/objects")
    }

    /// Whether the project in `directory` has recorded anything: commands that only
    /// read must not create a store.
    static func hasRunStore(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/.sluice/sluice.db")
    }
}
