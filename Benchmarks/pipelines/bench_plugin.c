/*
 * sluice.bench: the stages the pipeline benchmarks run (Benchmarks/pipelines/run.sh).
 * One C file against sluice_abi.h alone:
 *
 *   cc -O2 -shared -fPIC -I Sources/CSluiceABI/include \
 *      Benchmarks/pipelines/bench_plugin.c -o PROJECT/plugins/libbench.so
 *
 * Stage `copy` (transformer): the trivial stage, the counterpart of DVC's `cp` stage.
 *   Optional blob input `in`, blob output `out`: writes its input's bytes to `out`, or,
 *   with no input, the 15 bytes "bench chain s0\n" (like the 15-byte s0.txt of the
 *   DVC chain). Config: an optional `label`, which the stage ignores; the benchmark
 *   gives each stage its own, so that each has its own fingerprint, as each of DVC's
 *   stages has its own command (otherwise stages 3..N of a chain, all copying the same
 *   bytes, would reuse the outputs of stage 2 on a first run). No logging.
 *
 * Stage `metrics` (trainer): logs `count` values of the metric `name` through the
 *   host, one host->metric call per value (step = 0..count-1), as a training loop
 *   logging its loss would. No ports.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sluice_abi.h"

static const char seed_bytes[] = "bench chain s0\n";

static void set_error(char *error, size_t capacity, const char *message) {
  if (error != NULL && capacity > 0) snprintf(error, capacity, "%s", message);
}

/* ---- copy ------------------------------------------------------------------ */

static int32_t copy_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                           const char *config, size_t config_len, void **out_instance,
                           char *error, size_t error_capacity) {
  (void)stage; (void)config; (void)config_len; (void)error; (void)error_capacity;
  *out_instance = (void *)host;
  return SLUICE_OK;
}

static int32_t copy_run(void *instance, const sluice_call_v1 *call, char *error,
                        size_t error_capacity) {
  (void)instance;
  const uint8_t *data = (const uint8_t *)seed_bytes;
  size_t size = sizeof seed_bytes - 1;
  if (call->has_input(call, "in")) {
    const char *media_type = NULL;
    int32_t status = call->input_bytes(call, "in", &data, &size, &media_type, error,
                                       error_capacity);
    if (status != SLUICE_OK) return status;
  }
  return call->output_bytes(call, "out", "text/plain; charset=utf-8", data, size, error,
                            error_capacity);
}

static void copy_destroy(void *instance) { (void)instance; }

static const sluice_port_v1 in_port = {sizeof(sluice_port_v1), "in", SLUICE_PORT_BLOB,
                                       SLUICE_PORT_OPTIONAL, "bytes to copy"};
static const sluice_port_v1 out_port = {sizeof(sluice_port_v1), "out", SLUICE_PORT_BLOB, 0,
                                        "the same bytes"};
static const sluice_port_v1 *const copy_inputs[] = {&in_port};
static const sluice_port_v1 *const copy_outputs[] = {&out_port};

static const sluice_stage_v1 copy_stage = {
    sizeof(sluice_stage_v1), "copy", SLUICE_STAGE_TRANSFORMER, "1.0.0",
    "Copies its input to its output (a trivial stage, like cp)",
    "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"}},"
    "\"additionalProperties\":false}",
    0, 1, copy_inputs, 1, copy_outputs, NULL, copy_create, copy_run, copy_destroy,
};

/* ---- metrics --------------------------------------------------------------- */

typedef struct metrics_instance {
  const sluice_host_v1 *host;
  long count;
  char name[128];
} metrics_instance;

static int32_t metrics_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                              const char *config, size_t config_len, void **out_instance,
                              char *error, size_t error_capacity) {
  (void)stage;
  const sluice_json_v1 *json =
      (const sluice_json_v1 *)host->get_extension(host, "sluice.json/1");
  if (json == NULL) {
    set_error(error, error_capacity, "this host does not offer sluice.json/1");
    return SLUICE_ERR_UNSUPPORTED;
  }
  metrics_instance *self = (metrics_instance *)calloc(1, sizeof *self);
  if (self == NULL) return SLUICE_ERR_OUT_OF_MEMORY;
  self->host = host;
  double count = 10000;
  json->get_number(config, config_len, "/count", &count);
  self->count = (long)count;
  size_t length = 0;
  if (json->get_string(config, config_len, "/name", self->name, sizeof self->name,
                       &length) != SLUICE_OK || length >= sizeof self->name) {
    snprintf(self->name, sizeof self->name, "loss");
  }
  *out_instance = self;
  return SLUICE_OK;
}

static int32_t metrics_run(void *instance, const sluice_call_v1 *call, char *error,
                           size_t error_capacity) {
  (void)call; (void)error; (void)error_capacity;
  metrics_instance *self = (metrics_instance *)instance;
  const sluice_host_v1 *host = self->host;
  /* A deterministic, loss-like series in (0, 1]. */
  uint64_t state = 42;
  for (long i = 0; i < self->count; i++) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double noise = (double)(state >> 11) / 9007199254740992.0; /* [0, 1) */
    host->metric(host, self->name, 1.0 / (1.0 + 0.001 * (double)i) * (0.9 + 0.1 * noise),
                 (int64_t)i);
  }
  return SLUICE_OK;
}

static void metrics_destroy(void *instance) { free(instance); }

static const sluice_stage_v1 metrics_stage = {
    sizeof(sluice_stage_v1), "metrics", SLUICE_STAGE_TRAINER, "1.0.0",
    "Logs `count` values of one metric, one host call per value",
    "{\"type\":\"object\",\"properties\":{"
    "\"count\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100000000,\"default\":10000},"
    "\"name\":{\"type\":\"string\",\"default\":\"loss\"}},"
    "\"additionalProperties\":false}",
    0, 0, NULL, 0, NULL, NULL, metrics_create, metrics_run, metrics_destroy,
};

/* ---- plugin ---------------------------------------------------------------- */

static const sluice_stage_v1 *const stages[] = {&copy_stage, &metrics_stage};

static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, "sluice.bench", "1.0.0",
    "Trivial and metric-logging stages for the pipeline benchmarks", "c", 2, stages, NULL,
};

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t host_abi_major,
                                                             uint32_t host_abi_minor) {
  (void)host_abi_minor;
  if (host_abi_major != SLUICE_ABI_MAJOR) return NULL;
  return &plugin;
}
