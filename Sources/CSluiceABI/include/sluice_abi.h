/*
 * sluice_abi.h -- the Sluice stage plugin protocol, major version 1.
 *
 * This header is the whole contract between the Sluice host and a plugin. A plugin
 * written in C, C++, Rust, Zig, Swift or anything else that can export a C symbol
 * needs nothing but this file. It compiles as C99 and as C++ with warnings on.
 *
 * ---------------------------------------------------------------------------------
 * HOW A PLUGIN IS LOADED
 *
 *   1. The host finds a shared library on its search path (the project's plugins/
 *      folder, each folder in SLUICE_PLUGIN_PATH, the built-in folder beside the
 *      `sluice` executable, or a file named in the pipeline) and opens it with
 *      dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE). It never unloads it.
 *   2. It looks up ONE symbol, `sluice_plugin_entry_v1`, and calls it with its own
 *      ABI version. The entry returns a pointer to a descriptor (sluice_plugin_v1)
 *      that must stay valid and unchanged for the life of the process, or NULL if
 *      the plugin cannot work with that host (the host then reports the file).
 *   3. For each stage of a pipeline, the host calls the stage's `create` with the
 *      stage's configuration, `run` once per execution, and `destroy` at the end.
 *
 * ---------------------------------------------------------------------------------
 * RULES THAT KEEP OLD PLUGINS WORKING (read these before changing anything)
 *
 *   - Versioning. The major version is in the entry symbol's name. A future,
 *     incompatible protocol adds `sluice_plugin_entry_v2`; a plugin may export both.
 *     Minor versions only ever add things.
 *   - Append-only structs. Every control struct starts with `struct_size`, which the
 *     producer sets to sizeof() of the struct as it was compiled. New fields are only
 *     ever added at the end. A reader uses min(struct_size, its own sizeof) bytes and
 *     treats fields beyond struct_size as absent (NULL / 0). So a plugin built
 *     against 1.0 loads in every 1.x host, and a plugin built against 1.7 loads in a
 *     1.0 host, which ignores what it does not know. Arrays of structs are therefore
 *     arrays of POINTERS, so that each element carries its own struct_size.
 *   - Optional capabilities are found by a versioned string id, in both directions:
 *     `host->get_extension(host, "sluice.json/1")` and
 *     `plugin->get_extension("sluice.predict/1")`. NULL means "not supported". A
 *     breaking change to a capability is a new id ("/2"); the old one stays served.
 *   - Constants are C enums (they import into every language), except the version
 *     numbers and extension ids, which are plain #defines of one literal (usable by
 *     the preprocessor, and still imported by Swift). Every value crossing the
 *     boundary is a fixed-width integer, a double, a NUL-terminated UTF-8 string or
 *     a pointer.
 *   - Whoever allocates releases. Stage instances are released with `destroy`;
 *     Arrow structures with their own `release` callback; strings and buffers the
 *     host lends to a plugin stay valid only until the call that produced them
 *     returns, unless that function says otherwise.
 *   - Errors. Every fallible function returns an int32_t status (sluice_status) and
 *     writes a human-readable message into a CALLER-OWNED buffer `error` of
 *     `error_capacity` bytes: NUL-terminated UTF-8, truncated to fit. Say what went
 *     wrong and how to fix it. Nothing may unwind across the boundary: no C++
 *     exception, Rust panic or Swift error may escape a function of this header.
 *   - Threading. Each function below says from which thread it may be called. In
 *     short: the entry and descriptor getters from any thread; a stage instance is
 *     used by one thread at a time unless its stage sets SLUICE_STAGE_THREAD_SAFE;
 *     host services may be called from any thread, at any time between `create`
 *     returning and `destroy` being called.
 *   - Tables cross the boundary as Arrow C Data Interface structures (below), with
 *     no copying: a producer exports, a consumer imports, and ownership moves as the
 *     Arrow specification says.
 *
 * ---------------------------------------------------------------------------------
 * WHAT EACH MINOR VERSION ADDED, AND WHAT AN OLDER HOST DOES WITH IT
 *
 *   A plugin learns the host's version from the entry point's host_abi_minor (and
 *   sluice_host_v1.abi_minor); a field is there when SLUICE_HAS_FIELD says so.
 *
 *   1.0  everything not listed below. Tests/Fixtures/ABI10/sluice_abi.h in the
 *        Sluice sources is a frozen copy; a plugin built against it runs unchanged
 *        in every 1.x host.
 *   1.1  - SLUICE_ABI_MAJOR/MINOR as #defines; SLUICE_EXT_* ids; SLUICE_HAS_FIELD.
 *          (Compile-time only: nothing changes for a host.)
 *        - SLUICE_STAGE_VOLATILE. A 1.0 host ignores the flag and would reuse the
 *          stage's outputs from its cache: on host_abi_minor < 1 leave volatile
 *          stages out of the descriptor, or return NULL.
 *        - sluice_registry_v1.training_data. A 1.0 host's table ends before it.
 *        - sluice_call_v1.project_dir. Absent on a 1.0 host: use the working folder.
 *        - sluice_plugin_v1.init / deinit (lifecycle, plugin_data). Never called by
 *          a 1.0 host: the plugin must cope without, or refuse host_abi_minor < 1.
 *        - sluice_predict_v1.load_with_host and sluice_model_host_v1 (a model that
 *          logs). A 1.0 host calls `load`, so a model must work with no host.
 *        - sluice_stage_v1.examples. Ignored by a 1.0 host.
 *        - Schema keywords (see CONFIG SCHEMAS): a 1.1 host validates pattern,
 *          const, minLength... and refuses unknown keywords; a 1.0 host ignored them.
 *        - SLUICE_EXT_TRANSFORM ("sluice.transform/1"). A 1.0 host never asks for
 *          it, so it cannot serve an inference pipeline of fitted transforms.
 * ---------------------------------------------------------------------------------
 */
#ifndef SLUICE_ABI_H
#define SLUICE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================== */
/* Arrow C Data Interface and C Stream Interface (frozen Apache Arrow standard).  */
/* Guarded exactly as the Arrow specification asks, so that this header can be    */
/* included together with Arrow's own headers, nanoarrow, or another copy.        */
/* ============================================================================== */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  /* Array type description */
  const char *format;
  const char *name;
  const char *metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema **children;
  struct ArrowSchema *dictionary;

  /* Release callback */
  void (*release)(struct ArrowSchema *);
  /* Opaque producer-specific data */
  void *private_data;
};

struct ArrowArray {
  /* Array data description */
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;

  /* Release callback */
  void (*release)(struct ArrowArray *);
  /* Opaque producer-specific data */
  void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  /* Callbacks providing stream functionality */
  int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *out);
  int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *out);
  const char *(*get_last_error)(struct ArrowArrayStream *);

  /* Release callback */
  void (*release)(struct ArrowArrayStream *);

  /* Opaque producer-specific data */
  void *private_data;
};

#endif /* ARROW_C_STREAM_INTERFACE */

/* ============================================================================== */
/* Versions, constants                                                            */
/* ============================================================================== */

/* The protocol version this header describes. A plugin stores the values it was
 * compiled with in sluice_plugin_v1.abi_major/abi_minor. Plain integer #defines (not
 * enum constants) so that the preprocessor can test them:
 *     #if SLUICE_ABI_MINOR >= 1 ... use a 1.1 field ... #endif
 * (Swift imports them as Int32 constants.) */
#define SLUICE_ABI_MAJOR 1
#define SLUICE_ABI_MINOR 1

/*
 * True when the struct at `ptr` (a sluice_*_v1 the other side filled in) was compiled
 * with the whole of `field`: its struct_size reaches past the field's last byte. Read a
 * field added after 1.0 only when this holds; otherwise treat it as absent (NULL / 0):
 *     if (SLUICE_HAS_FIELD(call, sluice_call_v1, project_dir) && call->project_dir)
 *       root = call->project_dir;
 * `ptr` may be NULL (then the field is absent).
 */
#define SLUICE_HAS_FIELD(ptr, type, field)                                               \
  ((ptr) != NULL &&                                                                      \
   (size_t)(ptr)->struct_size >= offsetof(type, field) + sizeof(((const type *)NULL)->field))

/* The versioned ids of the optional capabilities (see get_extension). Use these rather
 * than spelling the strings; a breaking change gets a new id, the old one stays. */
#define SLUICE_EXT_JSON "sluice.json/1"           /* host: sluice_json_v1 */
#define SLUICE_EXT_ARROW_IPC "sluice.arrow-ipc/1" /* host: sluice_arrow_ipc_v1 */
#define SLUICE_EXT_MODELS "sluice.models/1"       /* host: sluice_models_v1 */
#define SLUICE_EXT_REGISTRY "sluice.registry/1"   /* host: sluice_registry_v1 */
#define SLUICE_EXT_PREDICT "sluice.predict/1"     /* plugin: sluice_predict_v1 */
#define SLUICE_EXT_TRANSFORM "sluice.transform/1" /* plugin: sluice_transform_v1 */

/* Status codes returned by every fallible function. Never renumbered. */
enum sluice_status {
  SLUICE_OK = 0,
  SLUICE_ERR_INVALID_ARGUMENT = 1, /* the caller broke this header's rules */
  SLUICE_ERR_INVALID_CONFIG = 2,   /* the stage configuration is wrong */
  SLUICE_ERR_INVALID_INPUT = 3,    /* the input data is wrong (bad rows, types...) */
  SLUICE_ERR_FAILED = 4,           /* the stage failed for another reason */
  SLUICE_ERR_CANCELLED = 5,        /* stopped because is_cancelled() returned 1 */
  SLUICE_ERR_UNSUPPORTED = 6,      /* asked for something this side does not do */
  SLUICE_ERR_NOT_FOUND = 7,        /* a named port, artifact or item does not exist */
  SLUICE_ERR_OUT_OF_MEMORY = 8,
  SLUICE_ERR_GATE_FAILED = 9,      /* a tester judged the model not good enough */
  SLUICE_ERR_IO = 10,              /* reading or writing a file failed */
  SLUICE_ERR_INTERNAL = 11         /* a bug: please report it */
};

/* What a stage does; it decides where it may sit in a pipeline and how it is shown. */
enum sluice_stage_kind {
  SLUICE_STAGE_LOADER = 1,      /* brings data in: files, databases, services */
  SLUICE_STAGE_TRANSFORMER = 2, /* table in, table out: split, scale, encode */
  SLUICE_STAGE_TRAINER = 3,     /* table in, model out; offers "sluice.predict/1" */
  SLUICE_STAGE_TESTER = 4,      /* evaluates a model; may fail a quality gate */
  SLUICE_STAGE_DEPLOYER = 5,    /* registers, promotes, exports models */
  SLUICE_STAGE_MONITOR = 6      /* watches production data and predictions */
};

/* What flows through a port. */
enum sluice_port_kind {
  SLUICE_PORT_TABLE = 1,  /* an Arrow table (stream of record batches) */
  SLUICE_PORT_MODEL = 2,  /* a model artifact: bytes with a media type */
  SLUICE_PORT_REPORT = 3, /* a JSON document: bytes, media type application/json */
  SLUICE_PORT_BLOB = 4    /* any other bytes with a media type */
};

/* sluice_port_v1.flags */
enum sluice_port_flags {
  /* An input that may be left unconnected, or an output the stage may leave
   * unwritten (a stage that needs it then fails, saying which output was missing). */
  SLUICE_PORT_OPTIONAL = 1
};

/* sluice_stage_v1.flags */
enum sluice_stage_flags {
  /* `run` may be called on the same instance from several threads at once. */
  SLUICE_STAGE_THREAD_SAFE = 1,
  /* (1.1) The stage reads the world outside its inputs and config (live data such as
   * a prediction log, a service): the host never reuses its outputs from the cache.
   * A 1.0 host does not know this flag and WOULD reuse them: a plugin with volatile
   * stages must, when its entry point gets host_abi_minor < 1, leave those stages out
   * of the descriptor it returns (or return NULL). SluiceKit does this by itself. */
  SLUICE_STAGE_VOLATILE = 2
};

/* Levels for sluice_host_v1.log. */
enum sluice_log_level {
  SLUICE_LOG_DEBUG = 10,
  SLUICE_LOG_INFO = 20,
  SLUICE_LOG_WARNING = 30,
  SLUICE_LOG_ERROR = 40
};

/* A `step` value meaning "this metric has no step". */
enum sluice_metric_step {
  SLUICE_NO_STEP = -1
};

/* ============================================================================== */
/* Host services: what the host offers to a stage                                 */
/* ============================================================================== */

/*
 * The host passes one of these to `create`. It stays valid until `destroy` returns.
 * Every function takes the table itself as first argument (so the host knows which
 * stage is speaking) and may be called from ANY thread, concurrently.
 * String arguments are NUL-terminated UTF-8 and are copied before the call returns.
 */
typedef struct sluice_host_v1 {
  uint32_t struct_size;
  uint32_t abi_major;       /* the protocol version the host speaks */
  uint32_t abi_minor;
  const char *host_version; /* e.g. "0.1.0" */
  void *host_data;          /* private to the host: never read or write it */

  /* A log line attributed to the stage. `level` is a sluice_log_level. */
  void (*log)(const struct sluice_host_v1 *host, int32_t level, const char *message);

  /* A numeric metric of the stage's run (accuracy, loss...). Pass SLUICE_NO_STEP or
   * a step >= 0 for series such as the loss per iteration. Cheap: the host batches. */
  void (*metric)(const struct sluice_host_v1 *host, const char *name, double value,
                 int64_t step);

  /* Records a parameter the stage chose or derived (value is a JSON text). */
  void (*param)(const struct sluice_host_v1 *host, const char *name, const char *value_json);

  /* Progress of the current run: fraction in [0, 1], or a negative number when
   * unknown; message may be NULL. Shown live to the user. */
  void (*progress)(const struct sluice_host_v1 *host, double fraction, const char *message);

  /* Returns 1 when the user cancelled the run or its timeout passed. A stage that
   * runs for long checks this now and then and returns SLUICE_ERR_CANCELLED. */
  int32_t (*is_cancelled)(const struct sluice_host_v1 *host);

  /* Stores a named artifact of the stage (a report, a fitted scaler...) in the
   * run's artifact store. The host copies the bytes before returning. If
   * `digest_out` is not NULL it receives the content digest, "sha256:<64 hex>",
   * NUL-terminated; it must hold at least 72 bytes. */
  int32_t (*artifact_write)(const struct sluice_host_v1 *host, const char *name,
                            const char *media_type, const uint8_t *data, size_t size,
                            char *digest_out, char *error, size_t error_capacity);

  /* Reads an artifact by its digest ("sha256:...") or by the name this stage gave
   * it. The bytes are owned by the host and stay valid until `destroy` is called. */
  int32_t (*artifact_read)(const struct sluice_host_v1 *host, const char *ref,
                           const uint8_t **data, size_t *size, char *error,
                           size_t error_capacity);

  /* Returns the host capability with this versioned id, or NULL if the host does
   * not offer it. The returned table lives as long as the host. Known ids:
   *   SLUICE_EXT_JSON       sluice_json_v1: read values from a JSON text (config).
   *   SLUICE_EXT_ARROW_IPC  sluice_arrow_ipc_v1: read and write Arrow IPC files.
   *   SLUICE_EXT_MODELS     sluice_models_v1: load a model artifact and predict.
   *   SLUICE_EXT_REGISTRY   sluice_registry_v1: register models, move aliases. */
  const void *(*get_extension)(const struct sluice_host_v1 *host, const char *id);
} sluice_host_v1;

/*
 * Host extension "sluice.json/1": read a JSON document (such as a stage's config)
 * by JSON Pointer (RFC 6901, e.g. "/columns/0"). For languages without a JSON
 * parser at hand. Thread-safe. The document is parsed on each call: cache what you
 * read in `create` rather than reading in a tight loop.
 */
typedef struct sluice_json_v1 {
  uint32_t struct_size;
  /* Copies the string at `pointer` into `out` (NUL-terminated, truncated to
   * `capacity`) and stores its full length in bytes in `*length` when not NULL.
   * SLUICE_ERR_NOT_FOUND when absent, SLUICE_ERR_INVALID_ARGUMENT when not a string. */
  int32_t (*get_string)(const char *json, size_t json_len, const char *pointer,
                        char *out, size_t capacity, size_t *length);
  /* Reads a number. */
  int32_t (*get_number)(const char *json, size_t json_len, const char *pointer,
                        double *out);
  /* Reads a boolean into *out as 0 or 1. */
  int32_t (*get_bool)(const char *json, size_t json_len, const char *pointer,
                      int32_t *out);
  /* The number of elements of an array or members of an object. */
  int32_t (*get_count)(const char *json, size_t json_len, const char *pointer,
                       size_t *out);
} sluice_json_v1;

/*
 * Host extension "sluice.arrow-ipc/1": Arrow IPC files (Feather V2), the format
 * pandas, polars, pyarrow and DuckDB read, so plugins can exchange tables with other
 * programs without an Arrow library of their own. Thread-safe.
 */
typedef struct sluice_arrow_ipc_v1 {
  uint32_t struct_size;
  /* Reads the file at `path` into `out`, a new stream the plugin owns (it must call
   * out->release). */
  int32_t (*read_file)(const char *path, struct ArrowArrayStream *out, char *error,
                       size_t error_capacity);
  /* Writes every batch of `stream` to `path` (atomically: temporary file, then
   * rename). The host consumes the stream in every case (release is NULL after). */
  int32_t (*write_file)(const char *path, struct ArrowArrayStream *stream, char *error,
                        size_t error_capacity);
} sluice_arrow_ipc_v1;

/*
 * Host extension "sluice.models/1": use a trained model without knowing which plugin
 * made it. Testers (quality, champion, fairness gates) and monitors load a model
 * artifact here; the host finds the plugin whose "sluice.predict/1" capability loads
 * it (by the artifact's media type, else by asking each such plugin's `accepts`) and
 * forwards every call. Thread-safe; a loaded model may predict from several threads.
 */
typedef struct sluice_model_ref sluice_model_ref; /* opaque: a model the host loaded */

typedef struct sluice_models_v1 {
  uint32_t struct_size;
  /* Loads a model from artifact bytes (such as a trainer's `model` port) with their
   * media type (may be NULL or "" when unknown). The host copies what it needs
   * before returning. On success *out must later be given to `release`. */
  int32_t (*load)(const sluice_host_v1 *host, const uint8_t *data, size_t size,
                  const char *media_type, sluice_model_ref **out, char *error,
                  size_t error_capacity);
  /* Loads a model by reference: a file path, an artifact digest ("sha256:..."), or,
   * where the host has a model registry, "NAME@ALIAS" or "NAME:VERSION".
   * SLUICE_ERR_NOT_FOUND when nothing is there (the message says where it looked). */
  int32_t (*load_ref)(const sluice_host_v1 *host, const char *reference,
                      sluice_model_ref **out, char *error, size_t error_capacity);
  /* The model's description (see "sluice.predict/1"), owned by the model, valid
   * until `release`. */
  const char *(*describe)(const sluice_model_ref *model);
  /* Predicts, as sluice_predict_v1.predict: consumes `input`, fills `out`. */
  int32_t (*predict)(const sluice_model_ref *model, struct ArrowArrayStream *input,
                     struct ArrowArrayStream *out, char *error, size_t error_capacity);
  /* Frees the model. Call exactly once, with no `predict` in flight. */
  void (*release)(sluice_model_ref *model);
  /* Which plugin serves the model, as JSON: {"plugin": id, "plugin_version": ...,
   * "plugin_path": the shared library's path, "media_type": ...}. Owned by the model,
   * valid until `release`. (For deployers that ship a model with its plugin.) */
  const char *(*source)(const sluice_model_ref *model);
} sluice_models_v1;

/*
 * Host extension "sluice.registry/1": deployer stages register model versions and
 * move aliases (staging, production, canary...) in the project's model registry.
 * Versions are linked to the run and stage that produced them; alias moves are
 * recorded with the person who approved the stage (or the run) and the note given.
 * Thread-safe.
 */
typedef struct sluice_registry_v1 {
  uint32_t struct_size;
  /* Registers the model artifact `data` as a new version of `name`; the same artifact
   * already registered under `name` gives its existing version. The host first checks
   * that a plugin can load it. Stores the version number in *version. */
  int32_t (*register_model)(const sluice_host_v1 *host, const char *name, const uint8_t *data,
                            size_t size, const char *media_type, const char *note,
                            int64_t *version, char *error, size_t error_capacity);
  /* Points `alias` of `name` at `version`. `percent` is the share of traffic (0-100) for
   * a canary alias, or negative for none. SLUICE_ERR_GATE_FAILED when the version's run
   * failed a quality gate. */
  int32_t (*set_alias)(const sluice_host_v1 *host, const char *name, int64_t version,
                       const char *alias, double percent, const char *note, char *error,
                       size_t error_capacity);
  /* Describes the version NAME, NAME@ALIAS or NAME:VERSION names, as JSON {"name",
   * "version", "digest", "media_type", "plugin", "run", "stage", "aliases"}, into `out`
   * (NUL-terminated, truncated to `capacity`; *length gets the full length when not
   * NULL). SLUICE_ERR_NOT_FOUND when there is no such model, alias or version. */
  int32_t (*lookup)(const sluice_host_v1 *host, const char *reference, char *out,
                    size_t capacity, size_t *length, char *error, size_t error_capacity);
  /* (1.1: check SLUICE_HAS_FIELD(registry, sluice_registry_v1, training_data); a 1.0
   * host's table ends before it.) Describes the table the version `reference`
   * names was trained on, found through lineage: the stage that produced the model
   * artifact, and the table it read on input `port` (NULL: "train", else its only table
   * input). JSON {"name", "version", "model_digest", "run", "stage", "port", "digest",
   * "path"} into `out`, as `lookup` does; `path` is an Arrow IPC file (read it with
   * "sluice.arrow-ipc/1"). SLUICE_ERR_NOT_FOUND when there is no such model or table;
   * the message says where the host looked. A stage calling it is never cached. */
  int32_t (*training_data)(const sluice_host_v1 *host, const char *reference, const char *port,
                           char *out, size_t capacity, size_t *length, char *error,
                           size_t error_capacity);
} sluice_registry_v1;

/* ============================================================================== */
/* One execution of a stage                                                       */
/* ============================================================================== */

/*
 * The host passes one of these to `run`; it is valid until `run` returns, and only
 * on the thread that called `run`. Ports are named as the stage declared them.
 */
typedef struct sluice_call_v1 {
  uint32_t struct_size;
  void *call_data;           /* private to the host: never read or write it */
  const char *run_id;        /* the id of the pipeline run */
  const char *stage_name;    /* the stage's name in the pipeline */
  const char *work_dir;      /* a private scratch folder, removed after the run */

  /* 1 when the input port is connected, 0 when not (optional ports). */
  int32_t (*has_input)(const struct sluice_call_v1 *call, const char *port);

  /* Gives the table on an input port as a new stream the plugin now OWNS: it must
   * call out->release(out) when done. May be called more than once; each call
   * starts a new stream over the same, unchanged data (no copy is made). */
  int32_t (*input_table)(const struct sluice_call_v1 *call, const char *port,
                         struct ArrowArrayStream *out, char *error, size_t error_capacity);

  /* Gives the bytes on an input port (model, report or blob). The bytes and the
   * media type are owned by the host and valid until `run` returns. */
  int32_t (*input_bytes)(const struct sluice_call_v1 *call, const char *port,
                         const uint8_t **data, size_t *size, const char **media_type,
                         char *error, size_t error_capacity);

  /* Hands a table to an output port. The host MOVES the stream in every case: when
   * the call returns, the host owns it and stream->release is NULL (so calling
   * release afterwards, as cleanup code may, does nothing). The host reads it before
   * returning; arrays it keeps stay alive until it releases them. Columns must be
   * float64, float32, int64, int32, bool, utf8, or dictionary (int32 indices) of utf8. */
  int32_t (*output_table)(const struct sluice_call_v1 *call, const char *port,
                          struct ArrowArrayStream *stream, char *error,
                          size_t error_capacity);

  /* Hands bytes to an output port; the host copies them before returning. */
  int32_t (*output_bytes)(const struct sluice_call_v1 *call, const char *port,
                          const char *media_type, const uint8_t *data, size_t size,
                          char *error, size_t error_capacity);

  /* ---- 1.1 (check SLUICE_HAS_FIELD before reading) ---- */

  /* The project's folder (where sluice.yaml is), absolute, without a trailing slash.
   * Resolve relative paths of the config against it, never against the process's
   * working directory, which is wherever the user ran sluice (or a worker's). A 1.0
   * host has no such field: fall back to the working directory there. */
  const char *project_dir;
} sluice_call_v1;

/* ============================================================================== */
/* What a plugin declares                                                         */
/* ============================================================================== */

/* An input or output of a stage. */
typedef struct sluice_port_v1 {
  uint32_t struct_size;
  const char *name;        /* [a-z][a-z0-9_]*, unique among the stage's inputs
                              (or outputs). Pipelines refer to it as "stage.port". */
  int32_t kind;            /* sluice_port_kind */
  uint32_t flags;          /* sluice_port_flags */
  const char *description; /* one line, may be NULL */
} sluice_port_v1;

/*
 * CONFIG SCHEMAS. A stage's config_schema is JSON Schema (draft 2020-12), limited to
 * the keywords the host implements. The host REFUSES at load a schema using any other
 * keyword (a load problem naming the keyword, the stage and the JSON Pointer where it
 * appears), rather than silently not checking it:
 *   validated:  type, properties, required, additionalProperties, items, enum, const,
 *               minimum, maximum, exclusiveMinimum, exclusiveMaximum (numbers),
 *               minLength, maxLength (in characters), pattern (an ECMA-262 regular
 *               expression, unanchored: use ^...$ to match the whole string),
 *               minItems, maxItems;
 *   annotations, never validated: default (also filled into the config), description,
 *               title, examples, $comment, $schema, format ("path", "uri"... is shown
 *               and kept, not checked).
 * A 1.0 host implemented only type, properties, required, enum, minimum, maximum,
 * items, additionalProperties and default, and IGNORED other keywords: a plugin that
 * must run on a 1.0 host checks in `create` what such a keyword says.
 *
 * A stage: one step a pipeline can use, named "plugin-id/stage-id".
 *
 * Lifecycle, per pipeline stage: create -> run (once, or again on retry) -> destroy.
 */
typedef struct sluice_stage_v1 {
  uint32_t struct_size;
  const char *id;            /* [a-z][a-z0-9_-]*, unique within the plugin */
  int32_t kind;              /* sluice_stage_kind */
  const char *version;       /* the stage's own version, e.g. "1.2.0" */
  const char *description;   /* one line */
  const char *config_schema; /* JSON Schema (draft 2020-12 subset, below) that the
                                host checks the config against before `create`. */
  uint32_t flags;            /* sluice_stage_flags */
  uint32_t input_count;
  const sluice_port_v1 *const *inputs;
  uint32_t output_count;
  const sluice_port_v1 *const *outputs;
  void *stage_data;          /* free for the plugin: e.g. which class implements it */

  /* Makes an instance for one pipeline stage. `config_json` is the stage's
   * configuration as canonical JSON (already checked against config_schema; the
   * host owns the text, copy what you keep). `host` stays valid until `destroy`.
   * Stores the instance in *out_instance and returns SLUICE_OK, or returns an error
   * status with a message in `error` (then *out_instance is ignored).
   * Thread: any thread; different instances may be created concurrently. */
  int32_t (*create)(const struct sluice_stage_v1 *stage, const sluice_host_v1 *host,
                    const char *config_json, size_t config_json_len, void **out_instance,
                    char *error, size_t error_capacity);

  /* Executes the stage: reads its inputs through `call`, writes its outputs, logs
   * metrics through the host. Returns SLUICE_OK, or an error status with a message.
   * Thread: one thread at a time per instance unless SLUICE_STAGE_THREAD_SAFE. */
  int32_t (*run)(void *instance, const sluice_call_v1 *call, char *error,
                 size_t error_capacity);

  /* Releases the instance. Called exactly once per successful `create`, after the
   * last `run` has returned. Thread: any thread, never during `run`. */
  void (*destroy)(void *instance);

  /* ---- 1.1 (a 1.0 host ignores these) ---- */

  /* Runnable examples of the stage, or NULL: a JSON array (UTF-8) that the host checks
   * when it loads the plugin (a malformed text is a load problem naming the stage) and
   * that `sluice plugins check` runs. Each element:
   *   {"name": "non-empty, unique in the stage",
   *    "config": {...},                        optional, default {}: the stage's `with`
   *    "inputs": {"<input port>": INPUT, ...},  optional, default {}
   *    "expect": {"status": STATUS,             optional, default "ok"
   *               "outputs": ["<output port>", ...]}}   optional: ports it must write
   * INPUT for a table port:
   *   {"columns": {"<name>": [values...], ...},   all of the same length
   *    "types": {"<name>": "float64" | "int64" | "utf8" | "bool", ...}}   optional
   *   A column's type is "types"[name] when given, else from its values: numbers are
   *   float64, strings utf8, booleans bool. null is a missing value; an all-null column
   *   needs a "types" entry; "int64" needs every value an integer within +-2^53.
   * INPUT for a model, report or blob port: {"media_type": "...", "text": "UTF-8"} or
   *   {"media_type": "...", "base64": "standard base64 with padding"}.
   * STATUS: "ok", or the error the stage must return: "invalid_argument",
   *   "invalid_config", "invalid_input", "failed", "cancelled", "unsupported",
   *   "not_found", "out_of_memory", "gate_failed", "io", "internal" (sluice_status). */
  const char *examples;
} sluice_stage_v1;

/* What `sluice_plugin_entry_v1` returns. Must stay valid for the whole process. */
typedef struct sluice_plugin_v1 {
  uint32_t struct_size;
  uint32_t abi_major;      /* set to SLUICE_ABI_MAJOR as compiled */
  uint32_t abi_minor;      /* set to SLUICE_ABI_MINOR as compiled */
  const char *id;          /* reverse-DNS style, e.g. "com.acme.features";
                              [a-z0-9][a-z0-9._-]*, unique across all loaded plugins */
  const char *version;     /* the plugin's version, e.g. "1.4.2" */
  const char *description; /* one line */
  const char *build;       /* build fingerprint: "c" for C/C++/Rust/other plugins
                              that share no runtime with the host; for Swift plugins
                              "swift " followed by sluice_compiler_id(), which the
                              host compares with its own (one Swift runtime per
                              process: a plugin from another toolchain never runs in
                              the host; its stages and models run in a worker
                              process. A 1.0-era host refused it). */
  uint32_t stage_count;
  const sluice_stage_v1 *const *stages;

  /* Returns the plugin capability with this versioned id, or NULL. May be NULL
   * itself when the plugin offers none. Thread: any thread. Known ids:
   *   SLUICE_EXT_PREDICT    "sluice.predict/1", the model capability of trainers.
   *   SLUICE_EXT_TRANSFORM  "sluice.transform/1" (1.1), the fitted-transform
   *                         capability of transformer plugins. */
  const void *(*get_extension)(const char *id);

  /* ---- 1.1 (a 1.0 host never calls these; both may be NULL) ---- */

  /* The plugin's lifecycle. The host calls `init` once per process, after reading the
   * descriptor and before any other function of the plugin (other than the entry
   * point), with the library's absolute path (to find files installed beside it).
   * Store the plugin's own state in *plugin_data (it starts NULL): the host gives it
   * back to the plugin's capabilities (sluice_predict_v1.load_with_host). A non-OK
   * status with a message refuses the load: the host reports it as a problem of this
   * plugin file and uses none of its stages. A plugin that also runs on a 1.0 host
   * (which never calls init) must work without it, or return NULL from its entry
   * point when host_abi_minor < 1.
   * `deinit` gets that plugin_data back exactly once, when the host is done with the
   * plugin: at normal process exit, after every instance was destroyed and every
   * model freed. It is not called if `init` failed or the process crashed.
   * Thread: init and deinit on any thread, never concurrently with anything else of
   * the plugin. */
  int32_t (*init)(const char *plugin_path, void **plugin_data, char *error,
                  size_t error_capacity);
  void (*deinit)(void *plugin_data);
} sluice_plugin_v1;

/*
 * (1.1) The host as a loaded model sees it: what a model (of "sluice.predict/1") may
 * call while it lives. Given to `load_with_host`; valid until that model's `free`
 * returns. Its functions may be called from any thread, concurrently.
 */
typedef struct sluice_model_host_v1 {
  uint32_t struct_size;
  uint32_t abi_major;       /* the protocol version the host speaks */
  uint32_t abi_minor;
  const char *host_version; /* e.g. "0.2.0" */
  void *host_data;          /* private to the host: never read or write it */

  /* A log line of the model (level: sluice_log_level). Meant to go where the host
   * that loaded the model logs (the server's log under `sluice serve`, the stage's log
   * under "sluice.models/1", standard error under `sluice predict`).
   * Cheap enough for a line per request, not per row. */
  void (*log)(const struct sluice_model_host_v1 *host, int32_t level, const char *message);

  /* The host capability with this id, as sluice_host_v1.get_extension, or NULL. Only
   * capabilities that need no stage are offered here (SLUICE_EXT_JSON,
   * SLUICE_EXT_ARROW_IPC). */
  const void *(*get_extension)(const struct sluice_model_host_v1 *host, const char *id);
} sluice_model_host_v1;

/*
 * Plugin extension "sluice.predict/1": the MODEL CAPABILITY of a trainer plugin.
 *
 * A trainer stage writes its model as bytes on an output port, with a media type
 * listed in `media_types`. Whoever later holds those bytes (the model server,
 * `sluice predict`, testers through the host's "sluice.models/1") loads them here
 * and predicts tables, without knowing anything else about the plugin.
 *
 * Predictions are tables. The input has (at least) the model's feature columns, by
 * name; other columns are ignored. The output has one row per input row and:
 *   - "prediction": float64 for regression; for classification the predicted class
 *     label, as utf8 or int64 (the type of the training target);
 *   - classifiers also: one float64 column "probability_<label>" per class, in the
 *     order of "classes" in the description.
 *
 * `describe` returns JSON (UTF-8) with at least:
 *   {"format": "<id>/<version>", "task": "regression" | "classification",
 *    "features": [{"name": "...", "type": "float64"}, ...], "target": "...",
 *    "classes": [...labels as strings...]          (classification only),
 *    "outputs": [{"name": "prediction", "type": "..."}, ...]}
 *
 * Threading: `load`, `accepts` from any thread. A loaded model is immutable:
 * `describe` and `predict` may be called from several threads at once. `free` is
 * called exactly once, when no `predict` is in flight.
 */
typedef struct sluice_predict_v1 {
  uint32_t struct_size;
  /* NULL-terminated list of the media types of this plugin's model artifacts, e.g.
   * "application/vnd.sluice.linear-model+json". */
  const char *const *media_types;
  /* Returns 1 when `data` is a model artifact this plugin loads (a cheap check of a
   * magic number or format field), 0 otherwise. For bytes of unknown media type. */
  int32_t (*accepts)(const uint8_t *data, size_t size);
  /* Loads a model. The bytes are lent for the call only: copy what you keep. A model
   * of a format version this plugin does not know is SLUICE_ERR_UNSUPPORTED with a
   * message saying which versions it reads. */
  int32_t (*load)(const uint8_t *data, size_t size, void **out_model, char *error,
                  size_t error_capacity);
  /* The model's description (above), owned by the model, valid until `free`. */
  const char *(*describe)(void *model);
  /* Predicts every row of `input`. The plugin CONSUMES `input` in every case (moved:
   * input->release is NULL when the call returns). On success `out` is a new stream
   * the caller owns. Missing feature columns or wrong types are
   * SLUICE_ERR_INVALID_INPUT naming the column. */
  int32_t (*predict)(void *model, struct ArrowArrayStream *input,
                     struct ArrowArrayStream *out, char *error, size_t error_capacity);
  void (*free)(void *model);

  /* ---- 1.1 (check SLUICE_HAS_FIELD; a 1.0 host only calls `load`) ---- */

  /* Loads a model as `load` does, with two more things: `plugin_data`, what the
   * plugin's `init` stored (NULL when it has none), and `host`, through which the
   * model may log while it lives (valid until `free` returns; keep the pointer). A
   * 1.1 host calls this instead of `load` when it is set (write both to do the same).
   * `load` stays required, for 1.0 hosts. Thread: any thread. */
  int32_t (*load_with_host)(void *plugin_data, const sluice_model_host_v1 *host,
                            const uint8_t *data, size_t size, void **out_model,
                            char *error, size_t error_capacity);
} sluice_predict_v1;

/*
 * Plugin extension "sluice.transform/1": the FITTED-TRANSFORM CAPABILITY of a
 * transformer plugin, by which what is trained is what is served.
 *
 * A transformer stage that learns from data (a scaler, an encoder, an imputer) writes
 * what it learnt as bytes on an output port, with a media type listed in
 * `media_types`. When a trainer is trained on a table that came through such stages,
 * the host composes their fitted transforms, in order, with the trained model into
 * one inference pipeline: the model the trainer's `model` port carries from then on
 * (media type "application/vnd.sluice.inference+json"). Whoever predicts with it
 * (the model server, `sluice predict`, testers, monitors) gives it raw rows, as
 * production sends them; the host applies each fitted transform here, then the model.
 *
 * `apply` transforms every row of `input` exactly as the stage transformed its train
 * table: one output row per input row, in order; the columns it reads replaced by the
 * columns it writes, every other column passed through unchanged (schema metadata
 * too). A row it cannot transform (a missing column, a wrong type, a value it was not
 * fitted for, such as an unseen category its stage was told to refuse) is
 * SLUICE_ERR_INVALID_INPUT with a message naming the column and what it expects.
 *
 * `describe` returns JSON (UTF-8) with at least:
 *   {"format": "<id>/<version>",
 *    "inputs":  [{"name": "...", "type": "float64"}, ...],   the columns it reads,
 *                with the type it was fitted on (utf8 for text and categories)
 *    "outputs": [{"name": "...", "type": "float64"}, ...],   the columns it writes
 *    "passthrough": true}          false when it keeps only its outputs (a selection)
 * from which the host works out the raw features the whole pipeline needs.
 *
 * Threading and ownership as sluice.predict/1: `load` and `accepts` from any thread;
 * a loaded transform is immutable, `describe` and `apply` may run on several threads
 * at once; `apply` CONSUMES `input`; `free` exactly once, with no `apply` in flight.
 */
typedef struct sluice_transform_v1 {
  uint32_t struct_size;
  /* NULL-terminated list of the media types of this plugin's fitted transforms, e.g.
   * "application/vnd.sluice.standardize+json". */
  const char *const *media_types;
  /* Returns 1 when `data` is a fitted transform this plugin loads, 0 otherwise. */
  int32_t (*accepts)(const uint8_t *data, size_t size);
  /* Loads a fitted transform. The bytes are lent for the call only. */
  int32_t (*load)(const uint8_t *data, size_t size, void **out_transform, char *error,
                  size_t error_capacity);
  /* The transform's description (above), owned by the transform, valid until `free`. */
  const char *(*describe)(void *transform);
  /* Transforms every row of `input` (consumed) into `out`, a new stream the caller owns. */
  int32_t (*apply)(void *transform, struct ArrowArrayStream *input,
                   struct ArrowArrayStream *out, char *error, size_t error_capacity);
  void (*free)(void *transform);

  /* (Added in 1.1: check struct_size; may be NULL.) Composes `count` fitted transforms
   * this plugin loaded, in the order they apply, into one whose `apply` gives what
   * applying each in turn gives: an inference pipeline then crosses the C boundary once
   * for a run of consecutive steps of one plugin instead of once per step (for one-row
   * requests the crossing costs more than the arithmetic). The host keeps the parts
   * loaded until it has freed the composed transform (with `free`). `describe` of a
   * composed transform may return NULL: the host describes it from its parts. */
  int32_t (*compose)(void *const *transforms, size_t count, void **out_transform,
                     char *error, size_t error_capacity);
} sluice_transform_v1;

/*
 * THE ENTRY POINT. Every plugin exports exactly this symbol (with default
 * visibility; see SLUICE_EXPORT). The host passes the protocol version it speaks;
 * the plugin returns its descriptor, or NULL if it cannot work with that host.
 * Thread: any thread; it may be called more than once and must return the same
 * descriptor each time. Must not call back into the host.
 */
typedef const sluice_plugin_v1 *(*sluice_plugin_entry_v1_fn)(uint32_t host_abi_major,
                                                               uint32_t host_abi_minor);

#define SLUICE_PLUGIN_ENTRY_V1_SYMBOL "sluice_plugin_entry_v1"

#if defined(_WIN32)
#define SLUICE_EXPORT __declspec(dllexport)
#else
#define SLUICE_EXPORT __attribute__((visibility("default")))
#endif

/*
 * Identifies the C compiler that compiled this header. Swift plugins built with the
 * SDK put "swift " + this into their `build` field; the host, compiled by its own
 * toolchain's clang, compares it with what it gets from the same function. The
 * Swift toolchain bundles its own clang, so equal ids mean the same toolchain.
 */
static inline const char *sluice_compiler_id(void) {
#if defined(__VERSION__)
  return __VERSION__;
#else
  return "unknown compiler";
#endif
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SLUICE_ABI_H */
