#include "sluice_sqlite.h"

#include <sqlite3.h>

int sluice_sqlite_keep_wal_on_close(struct sqlite3 *db) {
#ifdef SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE
  return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
#else
  (void)db;
  return SQLITE_OK;
#endif
}
