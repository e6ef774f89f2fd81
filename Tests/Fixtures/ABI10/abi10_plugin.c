/*
 * A plugin written against protocol 1.0, compiled against the frozen 1.0 header beside
 * it (never the current one). It stands for the 1.0 plugins in the wild: a loader, a
 * transformer and a trainer whose model serves through "sluice.predict/1", using the
 * 1.0 host services (log, metric, param, artifact_write, sluice.json/1).
 *
 *   abi10.fixture/numbers  loader: {"rows": n} -> data: x = 0..n-1, y = 2x + 1
 *   abi10.fixture/scale    transformer: data -> data with x multiplied by "factor"
 *   abi10.fixture/fit      trainer: train (x, y) -> model, a least-squares line
 *
 * The model artifact is {"format":"abi10.line/1","slope":s,"intercept":b}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice_abi.h"

#define MEDIA_TYPE "application/vnd.abi10.line+json"

static void set_error(char *error, size_t capacity, const char *message) {
  if (error != NULL && capacity > 0) snprintf(error, capacity, "%s", message);
}

/* ---- a table of float64 columns, exported as a one-batch Arrow stream ---- */

#define MAX_COLUMNS 8

typedef struct table {
  int64_t rows;
  int columns;
  char *names[MAX_COLUMNS];
  double *values[MAX_COLUMNS];
  int sent; /* 1 once get_next handed the batch out */
} table;

static void table_free(table *t) {
  for (int c = 0; c < t->columns; c++) {
    free(t->names[c]);
    free(t->values[c]);
  }
  free(t);
}

static void release_child_schema(struct ArrowSchema *schema) { schema->release = NULL; }

static void release_schema(struct ArrowSchema *schema) {
  for (int64_t i = 0; i < schema->n_children; i++) free(schema->children[i]);
  free(schema->children);
  schema->release = NULL;
}

static int stream_schema(struct ArrowArrayStream *stream, struct ArrowSchema *out) {
  table *t = (table *)stream->private_data;
  memset(out, 0, sizeof(*out));
  out->format = "+s";
  out->name = "";
  out->n_children = t->columns;
  out->children = calloc((size_t)t->columns + 1, sizeof(struct ArrowSchema *));
  for (int c = 0; c < t->columns; c++) {
    struct ArrowSchema *child = calloc(1, sizeof(struct ArrowSchema));
    child->format = "g";
    child->name = t->names[c];
    child->flags = ARROW_FLAG_NULLABLE;
    child->release = release_child_schema;
    out->children[c] = child;
  }
  out->release = release_schema;
  return 0;
}

/* One batch: owns copies of the column values, freed by its release. */
typedef struct batch {
  int columns;
  double *values[MAX_COLUMNS];
  const void *buffers[MAX_COLUMNS][2];
  struct ArrowArray children[MAX_COLUMNS];
  struct ArrowArray *child_pointers[MAX_COLUMNS];
  const void *parent_buffers[1];
} batch;

static void release_child_array(struct ArrowArray *array) { array->release = NULL; }

static void release_batch(struct ArrowArray *array) {
  batch *b = (batch *)array->private_data;
  for (int c = 0; c < b->columns; c++) free(b->values[c]);
  free(b);
  array->release = NULL;
}

static int stream_next(struct ArrowArrayStream *stream, struct ArrowArray *out) {
  table *t = (table *)stream->private_data;
  memset(out, 0, sizeof(*out));
  if (t->sent) return 0; /* end of stream: out->release stays NULL */
  t->sent = 1;
  batch *b = calloc(1, sizeof(batch));
  b->columns = t->columns;
  for (int c = 0; c < t->columns; c++) {
    b->values[c] = malloc((size_t)t->rows * sizeof(double) + 1);
    memcpy(b->values[c], t->values[c], (size_t)t->rows * sizeof(double));
    b->buffers[c][0] = NULL;
    b->buffers[c][1] = b->values[c];
    b->children[c].length = t->rows;
    b->children[c].n_buffers = 2;
    b->children[c].buffers = b->buffers[c];
    b->children[c].release = release_child_array;
    b->child_pointers[c] = &b->children[c];
  }
  out->length = t->rows;
  out->n_buffers = 1;
  out->buffers = b->parent_buffers;
  out->n_children = t->columns;
  out->children = b->child_pointers;
  out->private_data = b;
  out->release = release_batch;
  return 0;
}

static const char *stream_error(struct ArrowArrayStream *stream) {
  (void)stream;
  return NULL;
}

static void stream_release(struct ArrowArrayStream *stream) {
  table_free((table *)stream->private_data);
  stream->release = NULL;
}

static table *table_new(int64_t rows) {
  table *t = calloc(1, sizeof(table));
  t->rows = rows;
  return t;
}

static double *table_add(table *t, const char *name) {
  size_t length = strlen(name);
  t->names[t->columns] = malloc(length + 1);
  memcpy(t->names[t->columns], name, length + 1);
  t->values[t->columns] = calloc((size_t)t->rows + 1, sizeof(double));
  return t->values[t->columns++];
}

/* Turns `t` into a stream that owns it. */
static void table_export(table *t, struct ArrowArrayStream *out) {
  memset(out, 0, sizeof(*out));
  out->get_schema = stream_schema;
  out->get_next = stream_next;
  out->get_last_error = stream_error;
  out->release = stream_release;
  out->private_data = t;
}

/* Reads the float64 columns `names` of every batch of `input` (consumed) into a new
 * table; NULL with a message when one is missing or of another type. */
static table *table_import(struct ArrowArrayStream *input, const char *const *names, int count,
                           char *error, size_t capacity) {
  struct ArrowSchema schema;
  int index[MAX_COLUMNS];
  table *t = NULL;
  if (input->get_schema(input, &schema) != 0) {
    set_error(error, capacity, "could not read the input table's schema");
    input->release(input);
    return NULL;
  }
  int ok = 1;
  for (int n = 0; n < count && ok; n++) {
    index[n] = -1;
    for (int64_t c = 0; c < schema.n_children; c++) {
      if (strcmp(schema.children[c]->name, names[n]) == 0) index[n] = (int)c;
    }
    if (index[n] < 0 || strcmp(schema.children[index[n]]->format, "g") != 0) {
      if (error != NULL) snprintf(error, capacity, "the input needs a float64 column '%s'", names[n]);
      ok = 0;
    }
  }
  schema.release(&schema);
  if (ok) {
    t = table_new(0);
    for (int n = 0; n < count; n++) table_add(t, names[n]);
  }
  while (ok) {
    struct ArrowArray b;
    if (input->get_next(input, &b) != 0) {
      set_error(error, capacity, "could not read a batch of the input table");
      ok = 0;
      break;
    }
    if (b.release == NULL) break;
    for (int n = 0; n < count; n++) {
      const struct ArrowArray *column = b.children[index[n]];
      const double *data = (const double *)column->buffers[1];
      t->values[n] = realloc(t->values[n], (size_t)(t->rows + b.length) * sizeof(double) + 1);
      for (int64_t row = 0; row < b.length; row++) t->values[n][t->rows + row] = data[column->offset + row];
    }
    t->rows += b.length;
    b.release(&b);
  }
  input->release(input);
  if (!ok && t != NULL) {
    table_free(t);
    t = NULL;
  }
  return t;
}

/* ---- instances: the host and the config values each stage reads ---- */

typedef struct instance {
  const sluice_host_v1 *host;
  double number; /* rows for numbers, factor for scale */
} instance;

static int32_t create_with(const sluice_host_v1 *host, const char *config, size_t config_len,
                           const char *pointer, double fallback, void **out, char *error,
                           size_t capacity) {
  const sluice_json_v1 *json = (const sluice_json_v1 *)host->get_extension(host, "sluice.json/1");
  if (json == NULL) {
    set_error(error, capacity, "this host does not offer sluice.json/1");
    return SLUICE_ERR_UNSUPPORTED;
  }
  instance *self = calloc(1, sizeof(instance));
  self->host = host;
  self->number = fallback;
  if (pointer != NULL && json->get_number(config, config_len, pointer, &self->number) != SLUICE_OK)
    self->number = fallback;
  *out = self;
  return SLUICE_OK;
}

static int32_t numbers_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                              const char *config, size_t config_len, void **out, char *error,
                              size_t capacity) {
  (void)stage;
  return create_with(host, config, config_len, "/rows", 20, out, error, capacity);
}

static int32_t scale_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                            const char *config, size_t config_len, void **out, char *error,
                            size_t capacity) {
  (void)stage;
  return create_with(host, config, config_len, "/factor", 1, out, error, capacity);
}

static int32_t fit_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                          const char *config, size_t config_len, void **out, char *error,
                          size_t capacity) {
  (void)stage;
  return create_with(host, config, config_len, NULL, 0, out, error, capacity);
}

static void destroy(void *opaque) { free(opaque); }

/* ---- the stages' runs ---- */

static int32_t numbers_run(void *opaque, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = (instance *)opaque;
  int64_t rows = (int64_t)self->number;
  table *t = table_new(rows);
  double *x = table_add(t, "x"), *y = table_add(t, "y");
  for (int64_t i = 0; i < rows; i++) {
    x[i] = (double)i;
    y[i] = 2.0 * (double)i + 1.0;
  }
  char line[96];
  snprintf(line, sizeof line, "made %lld rows of y = 2x + 1", (long long)rows);
  self->host->log(self->host, SLUICE_LOG_INFO, line);
  self->host->metric(self->host, "rows", (double)rows, SLUICE_NO_STEP);
  struct ArrowArrayStream stream;
  table_export(t, &stream);
  return call->output_table(call, "data", &stream, error, capacity);
}

static int32_t scale_run(void *opaque, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = (instance *)opaque;
  static const char *const names[] = {"x", "y"};
  struct ArrowArrayStream input;
  int32_t status = call->input_table(call, "data", &input, error, capacity);
  if (status != SLUICE_OK) return status;
  table *t = table_import(&input, names, 2, error, capacity);
  if (t == NULL) return SLUICE_ERR_INVALID_INPUT;
  for (int64_t i = 0; i < t->rows; i++) t->values[0][i] *= self->number;
  char value[32];
  snprintf(value, sizeof value, "%.17g", self->number);
  self->host->param(self->host, "factor", value);
  self->host->log(self->host, SLUICE_LOG_INFO, "scaled x");
  struct ArrowArrayStream out;
  table_export(t, &out);
  return call->output_table(call, "data", &out, error, capacity);
}

static int32_t fit_run(void *opaque, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = (instance *)opaque;
  static const char *const names[] = {"x", "y"};
  struct ArrowArrayStream input;
  int32_t status = call->input_table(call, "train", &input, error, capacity);
  if (status != SLUICE_OK) return status;
  table *t = table_import(&input, names, 2, error, capacity);
  if (t == NULL) return SLUICE_ERR_INVALID_INPUT;
  double n = (double)t->rows, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int64_t i = 0; i < t->rows; i++) {
    double x = t->values[0][i], y = t->values[1][i];
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double denominator = n * sxx - sx * sx;
  table_free(t);
  if (n < 2 || denominator == 0) {
    set_error(error, capacity, "fit needs at least two rows with different x");
    return SLUICE_ERR_INVALID_INPUT;
  }
  double slope = (n * sxy - sx * sy) / denominator, intercept = (sy - slope * sx) / n;
  self->host->metric(self->host, "slope", slope, SLUICE_NO_STEP);
  self->host->metric(self->host, "intercept", intercept, SLUICE_NO_STEP);
  self->host->log(self->host, SLUICE_LOG_INFO, "fitted a line by least squares");
  char model[160];
  int length = snprintf(model, sizeof model, "{\"format\":\"abi10.line/1\",\"slope\":%.17g,\"intercept\":%.17g}",
                        slope, intercept);
  char summary[128], digest[72];
  int summary_length = snprintf(summary, sizeof summary, "y = %.6g x + %.6g over %lld rows\n", slope,
                                intercept, (long long)n);
  status = self->host->artifact_write(self->host, "fit-summary", "text/plain", (const uint8_t *)summary,
                                      (size_t)summary_length, digest, error, capacity);
  if (status != SLUICE_OK) return status;
  return call->output_bytes(call, "model", MEDIA_TYPE, (const uint8_t *)model, (size_t)length, error,
                            capacity);
}

/* ---- the model capability ---- */

typedef struct line_model {
  double slope, intercept;
} line_model;

static const char *const media_types[] = {MEDIA_TYPE, NULL};

static const char *find(const char *data, size_t size, const char *needle) {
  size_t length = strlen(needle);
  for (size_t at = 0; at + length <= size; at++) {
    if (memcmp(data + at, needle, length) == 0) return data + at;
  }
  return NULL;
}

static int32_t model_accepts(const uint8_t *data, size_t size) {
  return find((const char *)data, size, "\"abi10.line/1\"") != NULL;
}

static int32_t model_load(const uint8_t *data, size_t size, void **out, char *error, size_t capacity) {
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = 0;
  const char *slope = strstr(text, "\"slope\":"), *intercept = strstr(text, "\"intercept\":");
  if (strstr(text, "\"abi10.line/1\"") == NULL || slope == NULL || intercept == NULL) {
    free(text);
    set_error(error, capacity, "not an abi10.line/1 model: this plugin reads only that format");
    return SLUICE_ERR_UNSUPPORTED;
  }
  line_model *model = calloc(1, sizeof(line_model));
  model->slope = strtod(slope + 8, NULL);
  model->intercept = strtod(intercept + 12, NULL);
  free(text);
  *out = model;
  return SLUICE_OK;
}

static const char *model_describe(void *model) {
  (void)model;
  return "{\"format\":\"abi10.line/1\",\"task\":\"regression\",\"features\":[{\"name\":\"x\",\"type\":"
         "\"float64\"}],\"target\":\"y\",\"outputs\":[{\"name\":\"prediction\",\"type\":\"float64\"}]}";
}

static int32_t model_predict(void *opaque, struct ArrowArrayStream *input, struct ArrowArrayStream *out,
                             char *error, size_t capacity) {
  const line_model *model = (const line_model *)opaque;
  static const char *const names[] = {"x"};
  table *features = table_import(input, names, 1, error, capacity);
  if (features == NULL) return SLUICE_ERR_INVALID_INPUT;
  table *predictions = table_new(features->rows);
  double *prediction = table_add(predictions, "prediction");
  for (int64_t i = 0; i < features->rows; i++)
    prediction[i] = model->slope * features->values[0][i] + model->intercept;
  table_free(features);
  table_export(predictions, out);
  return SLUICE_OK;
}

static void model_free(void *model) { free(model); }

static const sluice_predict_v1 predict_capability = {
    sizeof(sluice_predict_v1), media_types, model_accepts, model_load, model_describe,
    model_predict, model_free};

static const void *get_extension(const char *id) {
  return strcmp(id, "sluice.predict/1") == 0 ? &predict_capability : NULL;
}

/* ---- the descriptor ---- */

static const sluice_port_v1 data_port = {sizeof(sluice_port_v1), "data", SLUICE_PORT_TABLE, 0, "x and y"};
static const sluice_port_v1 train_port = {sizeof(sluice_port_v1), "train", SLUICE_PORT_TABLE, 0, "x and y"};
static const sluice_port_v1 model_port = {sizeof(sluice_port_v1), "model", SLUICE_PORT_MODEL, 0, "the line"};
static const sluice_port_v1 *const data_ports[] = {&data_port};
static const sluice_port_v1 *const train_ports[] = {&train_port};
static const sluice_port_v1 *const model_ports[] = {&model_port};

static const sluice_stage_v1 numbers_stage = {
    sizeof(sluice_stage_v1), "numbers", SLUICE_STAGE_LOADER, "1.0.0", "rows of y = 2x + 1",
    "{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"integer\",\"minimum\":2,\"default\":20}},"
    "\"additionalProperties\":false}",
    0, 0, NULL, 1, data_ports, NULL, numbers_create, numbers_run, destroy};
static const sluice_stage_v1 scale_stage = {
    sizeof(sluice_stage_v1), "scale", SLUICE_STAGE_TRANSFORMER, "1.0.0", "multiplies x by factor",
    "{\"type\":\"object\",\"properties\":{\"factor\":{\"type\":\"number\",\"default\":1}},"
    "\"additionalProperties\":false}",
    0, 1, data_ports, 1, data_ports, NULL, scale_create, scale_run, destroy};
static const sluice_stage_v1 fit_stage = {
    sizeof(sluice_stage_v1), "fit", SLUICE_STAGE_TRAINER, "1.0.0", "a least-squares line",
    "{\"type\":\"object\",\"additionalProperties\":false}",
    0, 1, train_ports, 1, model_ports, NULL, fit_create, fit_run, destroy};
static const sluice_stage_v1 *const stages[] = {&numbers_stage, &scale_stage, &fit_stage};

static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, "abi10.fixture", "1.0.0",
    "a plugin built against protocol 1.0", "c", 3, stages, get_extension};

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return host_abi_major == SLUICE_ABI_MAJOR ? &plugin : NULL;
}
