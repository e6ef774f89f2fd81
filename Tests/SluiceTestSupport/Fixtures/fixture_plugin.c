/*
 * One C plugin, many ways to get it wrong: the tests compile this file with -D
 * switches to make each bad (or unusual but valid) plugin the host must handle.
 *
 *   FIXTURE_ID="x"          plugin id (default "fixture.plugin")
 *   FIXTURE_ABI_MAJOR=n     the protocol major the descriptor claims
 *   FIXTURE_BUILD="..."     build fingerprint (default "c")
 *   FIXTURE_NO_ENTRY        export no entry point at all
 *   FIXTURE_RETURN_NULL     the entry point returns NULL
 *   FIXTURE_KIND=n          the stage kind
 *   FIXTURE_NO_CREATE       the stage has no create function
 *   FIXTURE_NO_STAGE_ID     the stage has no id
 *   FIXTURE_OLD_PLUGIN      the descriptor is compiled without its last field (older protocol)
 *   FIXTURE_NEW_STRUCTS     descriptor and stage carry extra fields from a "newer" 1.x
 *   FIXTURE_EXTENSION       the plugin offers the extension "fixture.answer/1"
 *   FIXTURE_NOOP            the stage has no outputs and its run returns at once
 *                           (for measuring the cost of a call through the protocol)
 *   FIXTURE_WITH_MODEL      the plugin offers the model capability "sluice.predict/1"
 *                           for linear models (see the section of that name below)
 *   FIXTURE_CRASH_VALUE=v   with FIXTURE_WITH_MODEL: predict crashes (SIGSEGV) on a
 *                           row whose first feature is v, as a buggy model plugin would
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sluice_abi.h"

#ifndef FIXTURE_ID
#define FIXTURE_ID "fixture.plugin"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR SLUICE_ABI_MAJOR
#endif
#ifndef FIXTURE_BUILD
#define FIXTURE_BUILD "c"
#endif
#ifndef FIXTURE_KIND
#define FIXTURE_KIND SLUICE_STAGE_TRANSFORMER
#endif
/* The value of the "calls" metric: a rebuild with another value is a changed plugin. */
#ifndef FIXTURE_CALLS
#define FIXTURE_CALLS 1.0
#endif

static int32_t fixture_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                              const char *config, size_t config_len, void **out,
                              char *error, size_t capacity) {
  (void)stage;
  (void)config;
  (void)config_len;
  (void)error;
  (void)capacity;
  *out = (void *)host;
  return SLUICE_OK;
}

static int32_t fixture_run(void *instance, const sluice_call_v1 *call, char *error,
                           size_t capacity) {
#ifdef FIXTURE_NOOP
  (void)instance;
  (void)call;
  (void)error;
  (void)capacity;
  return SLUICE_OK;
#endif
  const sluice_host_v1 *host = (const sluice_host_v1 *)instance;
  host->log(host, SLUICE_LOG_INFO, "fixture ran");
  host->metric(host, "calls", FIXTURE_CALLS, SLUICE_NO_STEP);
  char digest[80] = {0};
  int32_t status = host->artifact_write(host, "note", "text/plain", (const uint8_t *)"hi", 2,
                                        digest, error, capacity);
  if (status != SLUICE_OK) return status;
  const uint8_t *data = NULL;
  size_t size = 0;
  status = host->artifact_read(host, "note", &data, &size, error, capacity);
  if (status != SLUICE_OK) return status;
  if (size != 2 || memcmp(data, "hi", 2) != 0) {
    snprintf(error, capacity, "artifact read back wrong");
    return SLUICE_ERR_INTERNAL;
  }
  return call->output_bytes(call, "out", "text/plain", (const uint8_t *)digest, strlen(digest),
                            error, capacity);
}

static void fixture_destroy(void *instance) { (void)instance; }

static const sluice_port_v1 out_port = {sizeof(sluice_port_v1), "out", SLUICE_PORT_BLOB, 0,
                                        "the digest of the artifact it wrote"};
static const sluice_port_v1 *const outputs[] = {&out_port};

#ifdef FIXTURE_NOOP
#define OUTPUT_COUNT 0
#else
#define OUTPUT_COUNT 1
#endif

#ifdef FIXTURE_NEW_STRUCTS
/* What a later 1.x header might add: fields this host does not know. */
typedef struct newer_stage {
  sluice_stage_v1 base;
  const char *future_field;
  int64_t another_future_field;
} newer_stage;
typedef struct newer_plugin {
  sluice_plugin_v1 base;
  const char *future_field;
} newer_plugin;
#define STAGE_SIZE sizeof(newer_stage)
#else
#define STAGE_SIZE sizeof(sluice_stage_v1)
#endif

#ifdef FIXTURE_NO_CREATE
#define CREATE NULL
#else
#define CREATE fixture_create
#endif

#ifdef FIXTURE_NO_STAGE_ID
#define STAGE_ID NULL
#else
#define STAGE_ID "work"
#endif

#ifdef FIXTURE_NEW_STRUCTS
static const newer_stage stage = {
    {
#else
static const sluice_stage_v1 stage = {
#endif
    STAGE_SIZE, STAGE_ID, FIXTURE_KIND, "0.1.0", "a fixture stage", "{\"type\":\"object\"}", 0, 0,
    NULL, OUTPUT_COUNT, outputs, NULL, CREATE, fixture_run, fixture_destroy,
#ifdef FIXTURE_NEW_STRUCTS
    },
    "from the future", 42,
#endif
};

static const sluice_stage_v1 *const stages[] = {(const sluice_stage_v1 *)&stage};

#ifdef FIXTURE_WITH_MODEL
/*
 * The model capability, in plain C against the header alone: a linear regression
 * whose artifact is JSON text such as
 *   {"format":"fixture.linear/1","intercept":1,"coef":{"x":2,"y":-0.5}}
 * predicting prediction = intercept + sum(coef[f] * f) over float64 feature columns.
 * The parsing is minimal on purpose (this is a fixture, not a JSON reader); it
 * proves that a C plugin can serve models through the host.
 */
#include <stdlib.h>

#define FIXTURE_MAX_FEATURES 64

typedef struct fixture_model {
  double intercept;
  int feature_count;
  char *names[FIXTURE_MAX_FEATURES];
  double coef[FIXTURE_MAX_FEATURES];
  char *description;
} fixture_model;

static const char *const fixture_media_types[] = {"application/vnd.sluice.fixture-linear+json", NULL};

/* Where `needle` starts in the first `size` bytes of `data`, or NULL (memmem is not C99). */
static const char *fixture_find(const char *data, size_t size, const char *needle) {
  size_t length = strlen(needle);
  for (size_t at = 0; at + length <= size; at++) {
    if (memcmp(data + at, needle, length) == 0) return data + at;
  }
  return NULL;
}

static int32_t fixture_accepts(const uint8_t *data, size_t size) {
  return fixture_find((const char *)data, size, "\"fixture.linear/1\"") != NULL;
}

static const char *fixture_skip_space(const char *at) {
  while (*at == ' ' || *at == '\n' || *at == '\t' || *at == '\r') at++;
  return at;
}

static void fixture_model_free(void *opaque) {
  fixture_model *model = (fixture_model *)opaque;
  if (model == NULL) return;
  for (int i = 0; i < model->feature_count; i++) free(model->names[i]);
  free(model->description);
  free(model);
}

/* Parses `"coef":{"name":number,...}` starting at the opening brace. */
static int fixture_parse_coef(fixture_model *model, const char *at, char *error, size_t capacity) {
  at = fixture_skip_space(at + 1);
  while (*at == '"') {
    const char *end = strchr(at + 1, '"');
    if (end == NULL || model->feature_count == FIXTURE_MAX_FEATURES) break;
    size_t length = (size_t)(end - at - 1);
    char *name = malloc(length + 1);
    memcpy(name, at + 1, length);
    name[length] = 0;
    at = fixture_skip_space(end + 1);
    if (*at != ':') { free(name); break; }
    char *after = NULL;
    double value = strtod(at + 1, &after);
    if (after == at + 1) { free(name); break; }
    model->names[model->feature_count] = name;
    model->coef[model->feature_count] = value;
    model->feature_count++;
    at = fixture_skip_space(after);
    if (*at == ',') at = fixture_skip_space(at + 1);
  }
  if (*at != '}' || model->feature_count == 0) {
    snprintf(error, capacity, "the fixture model's \"coef\" must be an object of feature names to numbers, with at least one feature");
    return 0;
  }
  return 1;
}

static char *fixture_describe_json(const fixture_model *model) {
  size_t capacity = 256;
  for (int i = 0; i < model->feature_count; i++) capacity += strlen(model->names[i]) + 40;
  char *text = malloc(capacity);
  size_t used = (size_t)snprintf(text, capacity, "{\"format\":\"fixture.linear/1\",\"task\":\"regression\",\"features\":[");
  for (int i = 0; i < model->feature_count; i++) {
    used += (size_t)snprintf(text + used, capacity - used, "%s{\"name\":\"%s\",\"type\":\"float64\"}",
                             i == 0 ? "" : ",", model->names[i]);
  }
  snprintf(text + used, capacity - used, "],\"target\":\"y\",\"outputs\":[{\"name\":\"prediction\",\"type\":\"float64\"}]}");
  return text;
}

static int32_t fixture_load(const uint8_t *data, size_t size, void **out, char *error, size_t capacity) {
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = 0;
  fixture_model *model = calloc(1, sizeof(fixture_model));
  int32_t status = SLUICE_OK;
  const char *intercept = strstr(text, "\"intercept\"");
  const char *coef = strstr(text, "\"coef\"");
  if (strstr(text, "\"fixture.linear/1\"") == NULL) {
    snprintf(error, capacity, "not a fixture.linear/1 model: this plugin reads only format fixture.linear/1");
    status = SLUICE_ERR_UNSUPPORTED;
  } else if (intercept == NULL || coef == NULL) {
    snprintf(error, capacity, "the fixture model needs \"intercept\" and \"coef\"");
    status = SLUICE_ERR_INVALID_INPUT;
  } else {
    const char *colon = strchr(intercept, ':');
    model->intercept = colon ? strtod(colon + 1, NULL) : 0;
    const char *brace = strchr(coef, '{');
    if (brace == NULL || !fixture_parse_coef(model, brace, error, capacity)) status = SLUICE_ERR_INVALID_INPUT;
  }
  free(text);
  if (status != SLUICE_OK) {
    fixture_model_free(model);
    return status;
  }
  model->description = fixture_describe_json(model);
  *out = model;
  return SLUICE_OK;
}

static const char *fixture_describe(void *opaque) { return ((fixture_model *)opaque)->description; }

/* ---- the output: one batch with one float64 column "prediction" ---- */

typedef struct fixture_output {
  double *values; /* handed to the array by get_next */
  int64_t length;
} fixture_output;

static void fixture_release_schema(struct ArrowSchema *schema) {
  for (int64_t i = 0; i < schema->n_children; i++) {
    struct ArrowSchema *child = schema->children[i];
    if (child->release) child->release(child);
    free(child);
  }
  free(schema->children);
  schema->release = NULL;
}

static void fixture_release_child_schema(struct ArrowSchema *schema) { schema->release = NULL; }

static int fixture_output_schema(struct ArrowArrayStream *stream, struct ArrowSchema *out) {
  (void)stream;
  struct ArrowSchema *child = calloc(1, sizeof(struct ArrowSchema));
  child->format = "g";
  child->name = "prediction";
  child->flags = ARROW_FLAG_NULLABLE;
  child->release = fixture_release_child_schema;
  memset(out, 0, sizeof(*out));
  out->format = "+s";
  out->name = "";
  out->n_children = 1;
  out->children = malloc(sizeof(struct ArrowSchema *));
  out->children[0] = child;
  out->release = fixture_release_schema;
  return 0;
}

typedef struct fixture_batch {
  double *values;
  const void *parent_buffers[1];
  const void *child_buffers[2];
  struct ArrowArray child;
  struct ArrowArray *children[1];
} fixture_batch;

static void fixture_release_child_array(struct ArrowArray *array) { array->release = NULL; }

static void fixture_release_batch(struct ArrowArray *array) {
  fixture_batch *batch = (fixture_batch *)array->private_data;
  free(batch->values);
  free(batch);
  array->release = NULL;
}

static int fixture_output_next(struct ArrowArrayStream *stream, struct ArrowArray *out) {
  fixture_output *output = (fixture_output *)stream->private_data;
  memset(out, 0, sizeof(*out));
  if (output->values == NULL) return 0; /* end of stream: out->release stays NULL */
  fixture_batch *batch = calloc(1, sizeof(fixture_batch));
  batch->values = output->values;
  output->values = NULL;
  batch->child_buffers[0] = NULL;
  batch->child_buffers[1] = batch->values;
  batch->child.length = output->length;
  batch->child.n_buffers = 2;
  batch->child.buffers = batch->child_buffers;
  batch->child.release = fixture_release_child_array;
  batch->children[0] = &batch->child;
  batch->parent_buffers[0] = NULL;
  out->length = output->length;
  out->n_buffers = 1;
  out->buffers = batch->parent_buffers;
  out->n_children = 1;
  out->children = batch->children;
  out->private_data = batch;
  out->release = fixture_release_batch;
  return 0;
}

static const char *fixture_output_error(struct ArrowArrayStream *stream) {
  (void)stream;
  return NULL;
}

static void fixture_output_release(struct ArrowArrayStream *stream) {
  fixture_output *output = (fixture_output *)stream->private_data;
  free(output->values);
  free(output);
  stream->release = NULL;
}

/* ---- predict: read the feature columns of every input batch ---- */

static int32_t fixture_predict(void *opaque, struct ArrowArrayStream *input, struct ArrowArrayStream *out,
                               char *error, size_t capacity) {
  const fixture_model *model = (const fixture_model *)opaque;
  struct ArrowSchema schema;
  int32_t status = SLUICE_OK;
  int columns[FIXTURE_MAX_FEATURES];
  double *values = NULL;
  int64_t length = 0;
  if (input->get_schema(input, &schema) != 0) {
    snprintf(error, capacity, "could not read the input schema");
    input->release(input);
    return SLUICE_ERR_INVALID_INPUT;
  }
  for (int f = 0; f < model->feature_count && status == SLUICE_OK; f++) {
    columns[f] = -1;
    for (int64_t c = 0; c < schema.n_children; c++) {
      if (strcmp(schema.children[c]->name, model->names[f]) == 0) columns[f] = (int)c;
    }
    if (columns[f] < 0) {
      snprintf(error, capacity, "missing feature column '%s'", model->names[f]);
      status = SLUICE_ERR_INVALID_INPUT;
    } else if (strcmp(schema.children[columns[f]]->format, "g") != 0) {
      snprintf(error, capacity, "feature column '%s' must be float64 (Arrow format g), not '%s'", model->names[f],
               schema.children[columns[f]]->format);
      status = SLUICE_ERR_INVALID_INPUT;
    }
  }
  schema.release(&schema);
  while (status == SLUICE_OK) {
    struct ArrowArray batch;
    if (input->get_next(input, &batch) != 0) {
      snprintf(error, capacity, "could not read an input batch");
      status = SLUICE_ERR_INVALID_INPUT;
      break;
    }
    if (batch.release == NULL) break;
    double *grown = realloc(values, (size_t)(length + batch.length) * sizeof(double) + 1);
    values = grown;
    for (int64_t row = 0; row < batch.length; row++) values[length + row] = model->intercept;
    for (int f = 0; f < model->feature_count && status == SLUICE_OK; f++) {
      const struct ArrowArray *column = batch.children[columns[f]];
      const uint8_t *validity = (const uint8_t *)column->buffers[0];
      const double *data = (const double *)column->buffers[1];
      for (int64_t row = 0; row < batch.length; row++) {
        int64_t slot = column->offset + row;
        if (column->null_count != 0 && validity != NULL && !(validity[slot >> 3] & (1 << (slot & 7)))) {
          snprintf(error, capacity, "feature column '%s' has a null at row %lld", model->names[f],
                   (long long)(length + row));
          status = SLUICE_ERR_INVALID_INPUT;
          break;
        }
#ifdef FIXTURE_CRASH_VALUE
        if (f == 0 && data[slot] == (double)(FIXTURE_CRASH_VALUE)) raise(SIGSEGV);
#endif
        values[length + row] += model->coef[f] * data[slot];
      }
    }
    length += batch.length;
    batch.release(&batch);
  }
  input->release(input);
  if (status != SLUICE_OK) {
    free(values);
    return status;
  }
  fixture_output *output = calloc(1, sizeof(fixture_output));
  output->values = values != NULL ? values : malloc(sizeof(double));
  output->length = length;
  memset(out, 0, sizeof(*out));
  out->get_schema = fixture_output_schema;
  out->get_next = fixture_output_next;
  out->get_last_error = fixture_output_error;
  out->release = fixture_output_release;
  out->private_data = output;
  return SLUICE_OK;
}

static const sluice_predict_v1 fixture_predict_capability = {
    sizeof(sluice_predict_v1), fixture_media_types, fixture_accepts, fixture_load,
    fixture_describe, fixture_predict, fixture_model_free};

static const void *fixture_model_extension(const char *id) {
  return strcmp(id, "sluice.predict/1") == 0 ? &fixture_predict_capability : NULL;
}
#endif /* FIXTURE_WITH_MODEL */

#ifdef FIXTURE_EXTENSION
static const int answer = 42;
static const void *fixture_extension(const char *id) {
  return strcmp(id, "fixture.answer/1") == 0 ? &answer : NULL;
}
#define GET_EXTENSION fixture_extension
#elif defined(FIXTURE_WITH_MODEL)
#define GET_EXTENSION fixture_model_extension
#else
#define GET_EXTENSION NULL
#endif

#if defined(FIXTURE_OLD_PLUGIN)
/* A descriptor as an older 1.x header would have compiled it: without get_extension. */
static const sluice_plugin_v1 plugin = {
    offsetof(sluice_plugin_v1, get_extension), FIXTURE_ABI_MAJOR, 0, FIXTURE_ID, "0.1.0",
    "a fixture plugin", FIXTURE_BUILD, 1, stages, NULL};
#elif defined(FIXTURE_NEW_STRUCTS)
static const newer_plugin plugin = {
    {sizeof(newer_plugin), FIXTURE_ABI_MAJOR, 99, FIXTURE_ID, "0.1.0", "a fixture plugin",
     FIXTURE_BUILD, 1, stages, GET_EXTENSION},
    "from the future"};
#else
static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1), FIXTURE_ABI_MAJOR, SLUICE_ABI_MINOR, FIXTURE_ID, "0.1.0",
    "a fixture plugin", FIXTURE_BUILD, 1, stages, GET_EXTENSION};
#endif

#ifndef FIXTURE_NO_ENTRY
SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t major, uint32_t minor) {
  (void)major;
  (void)minor;
#ifdef FIXTURE_RETURN_NULL
  return NULL;
#else
  return (const sluice_plugin_v1 *)&plugin;
#endif
}
#else
SLUICE_EXPORT int not_a_sluice_plugin(void) { return 1; }
#endif
