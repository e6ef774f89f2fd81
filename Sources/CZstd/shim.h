// libzstd from the system (Debian: libzstd-dev). zstd_errors.h gives ZSTD_getErrorCode,
// so that errors are told apart by number rather than by their wording.
#include <zstd.h>
#include <zstd_errors.h>
