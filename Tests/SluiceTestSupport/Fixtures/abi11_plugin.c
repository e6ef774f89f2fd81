/*
 * A C plugin using what protocol 1.1 added, for the tests of the host's side of it:
 * init/deinit and plugin_data, project_dir (read through SLUICE_HAS_FIELD), stage
 * examples, schema keywords, and a model capability whose load_with_host logs.
 *
 *   ABI11_ID="x"           plugin id (default "abi11.fixture")
 *   ABI11_INIT_FAILS       init refuses the load with a message
 *   ABI11_SCHEMA="{...}"   the config schema of the stage "where"
 *   ABI11_EXAMPLES="[...]" the examples of the stage "where" (default: one good example)
 *
 * deinit appends "deinit <plugin path>" to the file named by $ABI11_DEINIT_FILE, so a
 * test can see that the host called it at exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice_abi.h"

#ifndef ABI11_ID
#define ABI11_ID "abi11.fixture"
#endif
#ifndef ABI11_SCHEMA
#define ABI11_SCHEMA "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}}}"
#endif
#ifndef ABI11_EXAMPLES
#define ABI11_EXAMPLES \
  "[{\"name\":\"reports where it runs\",\"config\":{\"label\":\"abc\"},\"expect\":{\"status\":\"ok\",\"outputs\":[\"report\"]}}]"
#endif

/* What init stores; load_with_host checks it gets this very pointer back. */
typedef struct plugin_state {
  int magic;
  int init_calls;
  char path[1024];
} plugin_state;

static plugin_state state;

static int32_t plugin_init(const char *plugin_path, void **plugin_data, char *error, size_t capacity) {
#ifdef ABI11_INIT_FAILS
  (void)plugin_path;
  (void)plugin_data;
  snprintf(error, capacity, "the licence file next to the plugin is missing");
  return SLUICE_ERR_FAILED;
#else
  (void)error;
  (void)capacity;
  state.magic = 1101;
  state.init_calls++;
  snprintf(state.path, sizeof state.path, "%s", plugin_path);
  *plugin_data = &state;
  return SLUICE_OK;
#endif
}

static void plugin_deinit(void *plugin_data) {
  const char *file = getenv("ABI11_DEINIT_FILE");
  if (file == NULL || plugin_data != &state) return;
  FILE *out = fopen(file, "a");
  if (out == NULL) return;
  fprintf(out, "deinit %s\n", state.path);
  fclose(out);
}

/* ---- the stage "where": reports the project folder and what init saw ---- */

static int32_t where_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host, const char *config,
                            size_t config_len, void **out, char *error, size_t capacity) {
  (void)stage;
  (void)config;
  (void)config_len;
  (void)error;
  (void)capacity;
  *out = (void *)host;
  return SLUICE_OK;
}

static int32_t where_run(void *instance, const sluice_call_v1 *call, char *error, size_t capacity) {
  const sluice_host_v1 *host = (const sluice_host_v1 *)instance;
  const char *project = SLUICE_HAS_FIELD(call, sluice_call_v1, project_dir) ? call->project_dir : NULL;
  char report[3000];
  int length = snprintf(report, sizeof report, "{\"project_dir\":\"%s\",\"init_calls\":%d,\"plugin_path\":\"%s\"}",
                        project ? project : "(none)", state.init_calls, state.path);
  char line[1200];
  snprintf(line, sizeof line, "project_dir=%s", project ? project : "(none)");
  host->log(host, SLUICE_LOG_INFO, line);
  return call->output_bytes(call, "report", "application/json", (const uint8_t *)report, (size_t)length, error,
                            capacity);
}

static void where_destroy(void *instance) { (void)instance; }

/* ---- the model capability: a constant model whose load_with_host logs ---- */

typedef struct const_model {
  const sluice_model_host_v1 *host;
} const_model;

static const char *const media_types[] = {"application/vnd.abi11.const+json", NULL};

static int32_t model_accepts(const uint8_t *data, size_t size) {
  return size >= 7 && memcmp(data, "{\"abi11", 7) == 0;
}

static int32_t model_load(const uint8_t *data, size_t size, void **out, char *error, size_t capacity) {
  (void)data;
  (void)size;
  (void)error;
  (void)capacity;
  *out = calloc(1, sizeof(const_model));
  return SLUICE_OK;
}

static int32_t model_load_with_host(void *plugin_data, const sluice_model_host_v1 *host, const uint8_t *data,
                                    size_t size, void **out, char *error, size_t capacity) {
  if (plugin_data != &state || state.magic != 1101) {
    snprintf(error, capacity, "plugin_data is not what init stored");
    return SLUICE_ERR_INTERNAL;
  }
  int32_t status = model_load(data, size, out, error, capacity);
  if (status != SLUICE_OK) return status;
  ((const_model *)*out)->host = host;
  if (SLUICE_HAS_FIELD(host, sluice_model_host_v1, log) && host->log != NULL) {
    char line[64];
    snprintf(line, sizeof line, "loaded %zu bytes with host %u.%u", size, host->abi_major, host->abi_minor);
    host->log(host, SLUICE_LOG_WARNING, line);
  }
  return SLUICE_OK;
}

static const char *model_describe(void *model) {
  (void)model;
  return "{\"format\":\"abi11.const/1\",\"task\":\"regression\",\"features\":[],\"target\":\"y\","
         "\"outputs\":[{\"name\":\"prediction\",\"type\":\"float64\"}]}";
}

static int32_t model_predict(void *model, struct ArrowArrayStream *input, struct ArrowArrayStream *out,
                             char *error, size_t capacity) {
  (void)model;
  (void)out;
  input->release(input);
  snprintf(error, capacity, "this fixture model does not predict");
  return SLUICE_ERR_UNSUPPORTED;
}

static void model_free(void *model) { free(model); }

static const sluice_predict_v1 predict_capability = {
    sizeof(sluice_predict_v1), media_types, model_accepts, model_load, model_describe, model_predict,
    model_free, model_load_with_host};

static const void *get_extension(const char *id) {
  return strcmp(id, SLUICE_EXT_PREDICT) == 0 ? &predict_capability : NULL;
}

/* ---- the descriptor ---- */

static const sluice_port_v1 report_port = {sizeof(sluice_port_v1), "report", SLUICE_PORT_REPORT, 0, "where"};
static const sluice_port_v1 *const outputs[] = {&report_port};

static const sluice_stage_v1 where_stage = {
    sizeof(sluice_stage_v1), "where", SLUICE_STAGE_LOADER, "1.1.0", "reports the project folder",
    ABI11_SCHEMA, SLUICE_STAGE_VOLATILE, 0, NULL, 1, outputs, NULL, where_create, where_run, where_destroy,
    ABI11_EXAMPLES};
static const sluice_stage_v1 *const stages[] = {&where_stage};

static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, ABI11_ID, "1.1.0",
    "uses what protocol 1.1 added", "c", 1, stages, get_extension, plugin_init, plugin_deinit};

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
  /* A volatile stage must not reach a 1.0 host, which would cache it (see the header). */
  return host_abi_major == SLUICE_ABI_MAJOR && host_abi_minor >= 1 ? &plugin : NULL;
}
