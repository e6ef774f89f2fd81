import GRDB

/// The run store's schema, as the ordered list of migrations every database goes
/// through. Append new migrations at the end; never edit one that has shipped.
extension SQLiteRunStore {
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, pipeline_file TEXT NOT NULL,
                    pipeline_digest TEXT NOT NULL, status TEXT NOT NULL, started_at REAL NOT NULL,
                    ended_at REAL, host_version TEXT NOT NULL, git_commit TEXT, git_dirty INTEGER,
                    pid INTEGER, error TEXT, overrides TEXT NOT NULL DEFAULT '[]');
                CREATE INDEX runs_started ON runs(started_at);
                CREATE TABLE stage_runs (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, stage TEXT NOT NULL,
                    position INTEGER NOT NULL, uses TEXT NOT NULL, plugin_version TEXT NOT NULL,
                    plugin_build TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    started_at REAL, ended_at REAL, error TEXT, error_code TEXT, config TEXT NOT NULL,
                    fingerprint TEXT, PRIMARY KEY (run_id, stage));
                CREATE TABLE params (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, stage TEXT NOT NULL,
                    name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, stage, name));
                CREATE TABLE metrics (
                    id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, step INTEGER, time REAL NOT NULL);
                CREATE INDEX metrics_run ON metrics(run_id, name);
                CREATE TABLE artifacts (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, stage TEXT NOT NULL,
                    name TEXT NOT NULL, role TEXT NOT NULL, digest TEXT NOT NULL, media_type TEXT NOT NULL,
                    size INTEGER NOT NULL, PRIMARY KEY (run_id, stage, role, name));
                CREATE INDEX artifacts_digest ON artifacts(digest);
                CREATE TABLE lineage (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, stage TEXT NOT NULL,
                    input_port TEXT NOT NULL, source_stage TEXT NOT NULL, source_port TEXT NOT NULL,
                    digest TEXT NOT NULL, PRIMARY KEY (run_id, stage, input_port));
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL, time REAL NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL);
                CREATE INDEX events_run ON events(run_id);
                CREATE TABLE approvals (
                    id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL, decision TEXT NOT NULL, by TEXT NOT NULL, note TEXT NOT NULL,
                    time REAL NOT NULL);
                """)
        }
        migrator.registerMigration("v2-file-digests") { db in
            try db.execute(sql: """
                CREATE TABLE file_digests (
                    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, digest TEXT NOT NULL);
                CREATE INDEX stage_runs_fingerprint ON stage_runs(fingerprint);
                ALTER TABLE stage_runs ADD COLUMN deps TEXT;
                """)
        }
        // The model registry's tables live in the same database so that versions link
        // to the runs that produced them (SQLiteRunStore+Registry.swift).
        migrator.registerMigration("v3-registry") { db in
            try db.execute(sql: """
                CREATE TABLE model_versions (
                    name TEXT NOT NULL, version INTEGER NOT NULL, digest TEXT NOT NULL, media_type TEXT NOT NULL,
                    plugin_id TEXT NOT NULL, plugin_version TEXT NOT NULL, run_id TEXT, stage TEXT,
                    registered_by TEXT NOT NULL, registered_at REAL NOT NULL, note TEXT NOT NULL, description TEXT NOT NULL,
                    PRIMARY KEY (name, version));
                CREATE INDEX model_versions_digest ON model_versions(name, digest);
                CREATE TABLE model_aliases (
                    name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, percent REAL, updated_at REAL NOT NULL,
                    PRIMARY KEY (name, alias));
                CREATE TABLE alias_events (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL, alias TEXT NOT NULL, action TEXT NOT NULL,
                    from_version INTEGER, to_version INTEGER, percent REAL, by TEXT NOT NULL, time REAL NOT NULL, note TEXT NOT NULL);
                CREATE INDEX alias_events_name ON alias_events(name, alias);
                """)
        }
        migrator.registerMigration("v4-artifacts-by-name", migrate: indexArtifactsByName)
        // A no-op rerun looks up each stage's newest execution by fingerprint. Every run
        // adds a row per fingerprint, so with the fingerprint alone the lookup sorted the
        // whole history (a no-op rerun of 200 stages slowed by ~0.4 ms per earlier run);
        // with ended_at in the index it reads one row from the end.
        migrator.registerMigration("v5-cache-lookups") { db in
            try db.execute(sql: """
                CREATE INDEX stage_runs_fingerprint_ended ON stage_runs(fingerprint, ended_at);
                DROP INDEX stage_runs_fingerprint;
                CREATE INDEX runs_pipeline_started ON runs(pipeline, started_at);
                """)
        }
        // What a stage ran with and, when it was reused, which execution produced its
        // outputs: `detail` and `outline` join that execution's metrics rather than
        // copying them. The join looks metrics up by (run, stage): with the index on
        // (run, name) every cached stage scanned all of the producing run's metrics (a
        // training loop logs 100,000), so the index leads with the stage; reads of a
        // whole run still use its prefix.
        migrator.registerMigration("v6-plugin-digest-reused-from") { db in
            try db.execute(sql: """
                ALTER TABLE stage_runs ADD COLUMN plugin_digest TEXT;
                ALTER TABLE stage_runs ADD COLUMN source_run TEXT;
                ALTER TABLE stage_runs ADD COLUMN source_stage TEXT;
                CREATE INDEX metrics_run_stage ON metrics(run_id, stage, name);
                DROP INDEX metrics_run;
                """)
        }
        return migrator
    }
}
