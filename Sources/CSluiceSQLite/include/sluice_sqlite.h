#ifndef SLUICE_SQLITE_H
#define SLUICE_SQLITE_H

/* SQLite settings Swift cannot reach: sqlite3_db_config is variadic. */

struct sqlite3;

/* Keeps the write-ahead log when the last connection closes instead of checkpointing
 * it into the database (two fsyncs) and deleting it: a short-lived `sluice` process
 * then ends without waiting for the disk. Commits stay durable (they are in the log)
 * and SQLite still checkpoints as the log grows. Returns an SQLite status. */
int sluice_sqlite_keep_wal_on_close(struct sqlite3 *db);

#endif
