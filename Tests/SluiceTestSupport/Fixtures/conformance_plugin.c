/*
 * The plugin the conformance kit (`sluice plugins check`) is tested against: compiled
 * as is it passes every check; each -D switch breaks the one rule a check is about.
 * Plugin id "fixture.conformance".
 *
 * Stages:
 *   sum  (transformer) numbers (blob) -> summary (report), note (blob, optional).
 *        Sums the numbers, one per line, after `steps` pauses of 1 ms (checking
 *        is_cancelled in each); config {"fail": true} fails with invalid_input.
 *   fit  (trainer) train (table) -> model (model): a model predicting 2 * x, served
 *        by the plugin's "sluice.predict/1".
 *
 * Switches:
 *   CONF_UNSTABLE_ENTRY     the entry point returns another descriptor on each call
 *   CONF_BAD_DEFAULT        sum's schema has a default its own minimum refuses
 *   CONF_LEAKY_CREATE       sum's create allocates 16 KiB that destroy never frees
 *   CONF_CRASH_IN_DESTROY   sum's destroy dereferences NULL
 *   CONF_BAD_EXAMPLE        sum's failing example claims to expect ok
 *   CONF_IGNORES_CANCEL     sum's pauses ignore is_cancelled and last 3 s
 *   CONF_UNDECLARED_OUTPUT  sum also writes to an output "bogus" it does not declare
 *   CONF_MISSES_OUTPUT      sum returns ok without writing its required output
 *   CONF_EMPTY_MESSAGE      sum fails without a message
 *   CONF_RACY_PREDICT       predictions share a counter, unguarded, between threads
 *   CONF_EXIT_IN_RUN        sum calls exit(0) in the middle of its run
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sluice_abi.h"

static void pause_ms(long milliseconds) {
  struct timespec wait = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
  nanosleep(&wait, NULL);
}

/* ---- sum ---- */

typedef struct sum_instance {
  const sluice_host_v1 *host;
  double steps;
  int fail;
} sum_instance;

static int32_t sum_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host, const char *config,
                          size_t config_len, void **out, char *error, size_t capacity) {
  (void)stage;
  const sluice_json_v1 *json = host->get_extension(host, SLUICE_EXT_JSON);
  if (json == NULL) {
    snprintf(error, capacity, "this host does not offer sluice.json/1");
    return SLUICE_ERR_UNSUPPORTED;
  }
  sum_instance *self = calloc(1, sizeof *self);
  if (self == NULL) return SLUICE_ERR_OUT_OF_MEMORY;
  self->host = host;
  json->get_number(config, config_len, "/steps", &self->steps);
  int32_t fail = 0;
  json->get_bool(config, config_len, "/fail", &fail);
  self->fail = fail;
#ifdef CONF_LEAKY_CREATE
  char *forgotten = malloc(16 << 10);
  if (forgotten != NULL) memset(forgotten, 1, 16 << 10);
#endif
  *out = self;
  return SLUICE_OK;
}

static void sum_destroy(void *self) {
#ifdef CONF_CRASH_IN_DESTROY
  volatile int *nothing = NULL;
  *nothing = 1;
#endif
  free(self);
}

static int32_t sum_run(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  sum_instance *self = data;
  const uint8_t *bytes = NULL;
  size_t size = 0;
  const char *media_type = NULL;
  int32_t status = call->input_bytes(call, "numbers", &bytes, &size, &media_type, error, capacity);
  if (status != SLUICE_OK) return status;
#ifdef CONF_EXIT_IN_RUN
  exit(0);
#endif
  if (self->fail) {
#ifndef CONF_EMPTY_MESSAGE
    snprintf(error, capacity, "asked to fail by the config (fail: true); leave fail out to sum the numbers");
#endif
    return SLUICE_ERR_INVALID_INPUT;
  }
#ifdef CONF_IGNORES_CANCEL
  for (long step = 0; step < 3000; step++) pause_ms(1);
#else
  for (long step = 0; step < (long)self->steps; step++) {
    if (self->host->is_cancelled(self->host)) {
      snprintf(error, capacity, "cancelled after %ld of %ld steps", step, (long)self->steps);
      return SLUICE_ERR_CANCELLED;
    }
    pause_ms(1);
  }
#endif
  char *text = malloc(size + 1);
  if (text == NULL) return SLUICE_ERR_OUT_OF_MEMORY;
  memcpy(text, bytes, size);
  text[size] = 0;
  double sum = 0;
  for (char *at = text, *end = NULL;; at = end) {
    double value = strtod(at, &end);
    if (end == at) break;
    sum += value;
  }
  free(text);
  char report[64];
  int length = snprintf(report, sizeof report, "{\"sum\":%g}", sum);
#ifdef CONF_UNDECLARED_OUTPUT
  /* The host refuses it (not_found); this plugin ignores the refusal. */
  char ignored[256];
  call->output_bytes(call, "bogus", "text/plain", (const uint8_t *)"x", 1, ignored, sizeof ignored);
#endif
#ifdef CONF_MISSES_OUTPUT
  (void)length;
  return SLUICE_OK;
#else
  return call->output_bytes(call, "summary", "application/json", (const uint8_t *)report, (size_t)length, error, capacity);
#endif
}

static const sluice_port_v1 numbers_port = {sizeof(sluice_port_v1), "numbers", SLUICE_PORT_BLOB, 0, "numbers, one per line"};
static const sluice_port_v1 summary_port = {sizeof(sluice_port_v1), "summary", SLUICE_PORT_REPORT, 0, "their sum"};
static const sluice_port_v1 note_port = {sizeof(sluice_port_v1), "note", SLUICE_PORT_BLOB, SLUICE_PORT_OPTIONAL, "never written"};
static const sluice_port_v1 *const sum_inputs[] = {&numbers_port};
static const sluice_port_v1 *const sum_outputs[] = {&summary_port, &note_port};

#ifdef CONF_BAD_DEFAULT
#define STEPS_DEFAULT "-1"
#else
#define STEPS_DEFAULT "0"
#endif

static const char sum_schema[] =
    "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
    "\"steps\":{\"type\":\"integer\",\"minimum\":0,\"default\":" STEPS_DEFAULT "},"
    "\"fail\":{\"type\":\"boolean\",\"default\":false}}}";

#ifdef CONF_BAD_EXAMPLE
#define REFUSES_STATUS "ok"
#else
#define REFUSES_STATUS "invalid_input"
#endif

static const char sum_examples[] =
    "[{\"name\":\"sums\",\"config\":{\"steps\":200},"
    "\"inputs\":{\"numbers\":{\"media_type\":\"text/plain\",\"text\":\"1\\n2\\n3.5\\n\"}}},"
    "{\"name\":\"refuses\",\"config\":{\"fail\":true},"
    "\"inputs\":{\"numbers\":{\"media_type\":\"text/plain\",\"text\":\"1\\n\"}},"
    "\"expect\":{\"status\":\"" REFUSES_STATUS "\"}}]";

static const sluice_stage_v1 sum_stage = {
    sizeof(sluice_stage_v1), "sum", SLUICE_STAGE_TRANSFORMER, "1.0.0", "sums numbers, slowly", sum_schema, 0,
    1, sum_inputs, 2, sum_outputs, NULL, sum_create, sum_run, sum_destroy, sum_examples};

/* ---- fit, and its model: prediction = 2 * x ---- */

static const char model_media_type[] = "application/vnd.sluice.conformance-double+json";
static const char model_text[] = "{\"format\":\"conformance.double/1\"}";

static int32_t fit_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host, const char *config,
                          size_t config_len, void **out, char *error, size_t capacity) {
  (void)stage, (void)host, (void)config, (void)config_len, (void)error, (void)capacity;
  *out = calloc(1, 1);
  return *out ? SLUICE_OK : SLUICE_ERR_OUT_OF_MEMORY;
}

static int32_t fit_run(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  (void)data;
  return call->output_bytes(call, "model", model_media_type, (const uint8_t *)model_text, sizeof model_text - 1, error, capacity);
}

static void fit_destroy(void *self) { free(self); }

static const sluice_port_v1 train_port = {sizeof(sluice_port_v1), "train", SLUICE_PORT_TABLE, 0, "a float64 column x"};
static const sluice_port_v1 model_port = {sizeof(sluice_port_v1), "model", SLUICE_PORT_MODEL, 0, "predicts 2 * x"};
static const sluice_port_v1 *const fit_inputs[] = {&train_port};
static const sluice_port_v1 *const fit_outputs[] = {&model_port};

static const char fit_examples[] =
    "[{\"name\":\"fits\",\"inputs\":{\"train\":{\"columns\":{\"x\":[1,2,3,4.5]}}},"
    "\"expect\":{\"status\":\"ok\",\"outputs\":[\"model\"]}}]";

static const sluice_stage_v1 fit_stage = {
    sizeof(sluice_stage_v1), "fit", SLUICE_STAGE_TRAINER, "1.0.0", "a model of 2 * x", "{\"type\":\"object\"}", 0,
    1, fit_inputs, 1, fit_outputs, NULL, fit_create, fit_run, fit_destroy, fit_examples};

static const char *const media_types[] = {model_media_type, NULL};

static int32_t model_accepts(const uint8_t *data, size_t size) {
  return size == sizeof model_text - 1 && memcmp(data, model_text, size) == 0;
}

static int32_t model_load(const uint8_t *data, size_t size, void **out, char *error, size_t capacity) {
  if (!model_accepts(data, size)) {
    snprintf(error, capacity, "not a conformance.double/1 model");
    return SLUICE_ERR_UNSUPPORTED;
  }
  *out = calloc(1, 1);
  return *out ? SLUICE_OK : SLUICE_ERR_OUT_OF_MEMORY;
}

static const char *model_describe(void *model) {
  (void)model;
  return "{\"format\":\"conformance.double/1\",\"task\":\"regression\",\"features\":[{\"name\":\"x\",\"type\":\"float64\"}],"
         "\"target\":\"y\",\"outputs\":[{\"name\":\"prediction\",\"type\":\"float64\"}]}";
}

static void model_free(void *model) { free(model); }

/* The output: one batch of one float64 column "prediction". The batch owns the values
 * once handed out: the host may keep it after releasing the stream. */
typedef struct prediction {
  double *values; /* NULL once handed to the batch */
  int64_t length;
  struct ArrowSchema column_schema;
  struct ArrowSchema *schema_children[1];
} prediction;

typedef struct prediction_batch {
  double *values;
  struct ArrowArray column;
  struct ArrowArray *children[1];
  const void *column_buffers[2];
  const void *batch_buffers[1];
} prediction_batch;

static void release_nothing_schema(struct ArrowSchema *schema) { schema->release = NULL; }
static void release_nothing_array(struct ArrowArray *array) { array->release = NULL; }

static void release_batch(struct ArrowArray *array) {
  prediction_batch *batch = array->private_data;
  free(batch->values);
  free(batch);
  array->release = NULL;
}

static int prediction_schema(struct ArrowArrayStream *stream, struct ArrowSchema *out) {
  prediction *self = stream->private_data;
  memset(&self->column_schema, 0, sizeof self->column_schema);
  self->column_schema.format = "g";
  self->column_schema.name = "prediction";
  self->column_schema.flags = ARROW_FLAG_NULLABLE;
  self->column_schema.release = release_nothing_schema;
  self->schema_children[0] = &self->column_schema;
  memset(out, 0, sizeof *out);
  out->format = "+s";
  out->name = "";
  out->n_children = 1;
  out->children = self->schema_children;
  out->release = release_nothing_schema;
  return 0;
}

static int prediction_next(struct ArrowArrayStream *stream, struct ArrowArray *out) {
  prediction *self = stream->private_data;
  memset(out, 0, sizeof *out);
  if (self->values == NULL) return 0; /* the end: out->release stays NULL */
  prediction_batch *batch = calloc(1, sizeof *batch);
  if (batch == NULL) return 12; /* ENOMEM */
  batch->values = self->values;
  self->values = NULL;
  batch->column_buffers[0] = NULL;
  batch->column_buffers[1] = batch->values;
  batch->column.length = self->length;
  batch->column.n_buffers = 2;
  batch->column.buffers = batch->column_buffers;
  batch->column.release = release_nothing_array;
  batch->children[0] = &batch->column;
  batch->batch_buffers[0] = NULL;
  out->length = self->length;
  out->n_buffers = 1;
  out->buffers = batch->batch_buffers;
  out->n_children = 1;
  out->children = batch->children;
  out->private_data = batch;
  out->release = release_batch;
  return 0;
}

static const char *prediction_error(struct ArrowArrayStream *stream) {
  (void)stream;
  return NULL;
}

static void prediction_release(struct ArrowArrayStream *stream) {
  prediction *self = stream->private_data;
  free(self->values);
  free(self);
  stream->release = NULL;
}

#ifdef CONF_RACY_PREDICT
static int predictions_started = 0; /* shared by every thread, with no lock: the bug */
#endif

static int32_t model_predict(void *model, struct ArrowArrayStream *input, struct ArrowArrayStream *out, char *error,
                             size_t capacity) {
  (void)model;
  struct ArrowSchema schema;
  if (input->get_schema(input, &schema) != 0) {
    input->release(input);
    snprintf(error, capacity, "could not read the input's schema");
    return SLUICE_ERR_INVALID_INPUT;
  }
  int64_t column = -1;
  for (int64_t c = 0; c < schema.n_children; c++) {
    if (strcmp(schema.children[c]->name, "x") == 0 && strcmp(schema.children[c]->format, "g") == 0) column = c;
  }
  schema.release(&schema);
  if (column < 0) {
    input->release(input);
    snprintf(error, capacity, "the input needs a float64 column 'x'");
    return SLUICE_ERR_INVALID_INPUT;
  }
#ifdef CONF_RACY_PREDICT
  int mine = ++predictions_started;
  pause_ms(2);
  double offset = (double)(predictions_started - mine); /* not 0 when another prediction started meanwhile */
#else
  double offset = 0;
#endif
  prediction *self = calloc(1, sizeof *self);
  if (self == NULL) {
    input->release(input);
    return SLUICE_ERR_OUT_OF_MEMORY;
  }
  for (;;) {
    struct ArrowArray batch;
    if (input->get_next(input, &batch) != 0) break;
    if (batch.release == NULL) break;
    const struct ArrowArray *x = batch.children[column];
    double *grown = realloc(self->values, (size_t)(self->length + batch.length + 1) * sizeof(double));
    if (grown == NULL) {
      batch.release(&batch);
      break;
    }
    self->values = grown;
    const double *values = (const double *)x->buffers[1];
    for (int64_t row = 0; row < batch.length; row++) self->values[self->length + row] = 2 * values[x->offset + row] + offset;
    self->length += batch.length;
    batch.release(&batch);
  }
  input->release(input);
  if (self->values == NULL) self->values = malloc(sizeof(double));
  memset(out, 0, sizeof *out);
  out->get_schema = prediction_schema;
  out->get_next = prediction_next;
  out->get_last_error = prediction_error;
  out->release = prediction_release;
  out->private_data = self;
  return SLUICE_OK;
}

static const sluice_predict_v1 predict_capability = {
    sizeof(sluice_predict_v1), media_types, model_accepts, model_load, model_describe, model_predict, model_free, NULL};

static const void *get_extension(const char *id) {
  return strcmp(id, SLUICE_EXT_PREDICT) == 0 ? &predict_capability : NULL;
}

/* ---- the plugin ---- */

static const sluice_stage_v1 *const stages[] = {&sum_stage, &fit_stage};

static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, "fixture.conformance", "1.0.0",
    "the conformance kit's fixture", "c", 2, stages, get_extension, NULL, NULL};

#ifdef CONF_UNSTABLE_ENTRY
static const sluice_stage_v1 sum_copy = {
    sizeof(sluice_stage_v1), "sum", SLUICE_STAGE_TRANSFORMER, "1.0.0", "sums numbers, slowly", sum_schema, 0,
    1, sum_inputs, 2, sum_outputs, NULL, sum_create, sum_run, sum_destroy, sum_examples};
static const sluice_stage_v1 *const copied_stages[] = {&sum_copy, &fit_stage};
static const sluice_plugin_v1 copy_with_other_stages = {
    sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, "fixture.conformance", "1.0.0",
    "the conformance kit's fixture", "c", 2, copied_stages, get_extension, NULL, NULL};
static int entry_calls = 0;
#endif

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_minor;
  if (host_abi_major != SLUICE_ABI_MAJOR) return NULL;
#ifdef CONF_UNSTABLE_ENTRY
  /* A new descriptor, with new stage structs, after the first call. */
  return entry_calls++ == 0 ? &plugin : &copy_with_other_stages;
#else
  return &plugin;
#endif
}
