/*
 * sluice.hello-c: a built-in plugin in plain C, written against sluice_abi.h alone.
 *
 * It proves that the protocol is language-neutral and is the reference for C plugin
 * authors: a stage with a config schema, an optional input port, an output port,
 * metrics and progress through the host, cancellation, and an error path.
 *
 * Stage `greet` (loader): writes one greeting line per name to its `text` output.
 * The names come from the config (`name`) or, when the optional input port `names`
 * is connected, from its bytes, one name per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice_abi.h"

#define MAX_FIELD 256

typedef struct greet_instance {
  const sluice_host_v1 *host;
  char greeting[MAX_FIELD];
  char name[MAX_FIELD];
  int repeat;
} greet_instance;

static void set_error(char *error, size_t capacity, const char *message) {
  if (error == NULL || capacity == 0) return;
  snprintf(error, capacity, "%s", message);
}

/* Appends to a growing buffer; returns 0 when out of memory. */
typedef struct text_buffer {
  char *data;
  size_t size;
  size_t capacity;
} text_buffer;

static int text_append(text_buffer *buffer, const char *text, size_t length) {
  if (buffer->size + length + 1 > buffer->capacity) {
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (buffer->size + length + 1 > capacity) capacity *= 2;
    char *grown = (char *)realloc(buffer->data, capacity);
    if (grown == NULL) return 0;
    buffer->data = grown;
    buffer->capacity = capacity;
  }
  memcpy(buffer->data + buffer->size, text, length);
  buffer->size += length;
  buffer->data[buffer->size] = '\0';
  return 1;
}

static int append_greeting(text_buffer *out, const greet_instance *self, const char *name,
                           size_t name_length) {
  for (int i = 0; i < self->repeat; i++) {
    if (!text_append(out, self->greeting, strlen(self->greeting)) ||
        !text_append(out, ", ", 2) || !text_append(out, name, name_length) ||
        !text_append(out, "!\n", 2)) {
      return 0;
    }
  }
  return 1;
}

static int32_t greet_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                            const char *config, size_t config_len, void **out_instance,
                            char *error, size_t error_capacity) {
  (void)stage;
  const sluice_json_v1 *json =
      (const sluice_json_v1 *)host->get_extension(host, SLUICE_EXT_JSON);
  if (json == NULL) {
    set_error(error, error_capacity,
              "this host does not offer sluice.json/1; upgrade sluice to 1.0 or later");
    return SLUICE_ERR_UNSUPPORTED;
  }
  greet_instance *self = (greet_instance *)calloc(1, sizeof(greet_instance));
  if (self == NULL) return SLUICE_ERR_OUT_OF_MEMORY;
  self->host = host;

  size_t length = 0;
  if (json->get_string(config, config_len, "/greeting", self->greeting, MAX_FIELD,
                       &length) != SLUICE_OK) {
    strcpy(self->greeting, "Hello");
  }
  if (json->get_string(config, config_len, "/name", self->name, MAX_FIELD, &length) ==
      SLUICE_OK) {
    if (length >= MAX_FIELD) {
      set_error(error, error_capacity,
                "config field 'name' is longer than 255 bytes; shorten it");
      free(self);
      return SLUICE_ERR_INVALID_CONFIG;
    }
  }
  double repeat = 1;
  json->get_number(config, config_len, "/repeat", &repeat);
  self->repeat = (int)repeat;

  *out_instance = self;
  return SLUICE_OK;
}

static int32_t greet_run(void *instance, const sluice_call_v1 *call, char *error,
                         size_t error_capacity) {
  greet_instance *self = (greet_instance *)instance;
  const sluice_host_v1 *host = self->host;
  text_buffer out = {NULL, 0, 0};
  long greeted = 0;

  if (call->has_input(call, "names")) {
    const uint8_t *data = NULL;
    size_t size = 0;
    const char *media_type = NULL;
    int32_t status =
        call->input_bytes(call, "names", &data, &size, &media_type, error, error_capacity);
    if (status != SLUICE_OK) return status;
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
      if (i == size || data[i] == '\n') {
        size_t end = i;
        if (end > start && data[end - 1] == '\r') end--;
        if (end > start) {
          if (host->is_cancelled(host)) {
            free(out.data);
            set_error(error, error_capacity, "cancelled");
            return SLUICE_ERR_CANCELLED;
          }
          if (!append_greeting(&out, self, (const char *)data + start, end - start)) {
            free(out.data);
            return SLUICE_ERR_OUT_OF_MEMORY;
          }
          greeted++;
          if (size > 0) host->progress(host, (double)i / (double)size, NULL);
        }
        start = i + 1;
      }
    }
  } else {
    if (self->name[0] == '\0') {
      set_error(error, error_capacity,
                "nothing to greet: set 'name' in the stage's `with`, or connect the "
                "'names' input");
      return SLUICE_ERR_INVALID_CONFIG;
    }
    if (!append_greeting(&out, self, self->name, strlen(self->name))) {
      free(out.data);
      return SLUICE_ERR_OUT_OF_MEMORY;
    }
    greeted = 1;
  }

  char message[MAX_FIELD + 64];
  snprintf(message, sizeof message, "greeted %ld name(s)", greeted);
  host->log(host, SLUICE_LOG_INFO, message);
  host->metric(host, "greetings", (double)greeted, SLUICE_NO_STEP);
  host->progress(host, 1.0, "done");

  int32_t status = call->output_bytes(call, "text", "text/plain; charset=utf-8",
                                      (const uint8_t *)(out.data ? out.data : ""), out.size,
                                      error, error_capacity);
  free(out.data);
  return status;
}

static void greet_destroy(void *instance) { free(instance); }

static const sluice_port_v1 names_port = {
    sizeof(sluice_port_v1), "names", SLUICE_PORT_BLOB, SLUICE_PORT_OPTIONAL,
    "names to greet, one per line (replaces `name`)"};
static const sluice_port_v1 text_port = {sizeof(sluice_port_v1), "text", SLUICE_PORT_BLOB, 0,
                                         "the greetings, one per line"};
static const sluice_port_v1 *const greet_inputs[] = {&names_port};
static const sluice_port_v1 *const greet_outputs[] = {&text_port};

static const char greet_schema[] =
    "{\"type\":\"object\","
    "\"properties\":{"
    "\"name\":{\"type\":\"string\",\"description\":\"who to greet\"},"
    "\"greeting\":{\"type\":\"string\",\"default\":\"Hello\"},"
    "\"repeat\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"default\":1}},"
    "\"additionalProperties\":false}";

/* (1.1) Runnable examples: the host checks them at load and `sluice plugins check`
 * runs them. A 1.0 host ignores the field. */
static const char greet_examples[] =
    "[{\"name\":\"greets one name twice\","
    "\"config\":{\"name\":\"Ada\",\"repeat\":2},"
    "\"expect\":{\"status\":\"ok\",\"outputs\":[\"text\"]}}]";

static const sluice_stage_v1 greet_stage = {
    sizeof(sluice_stage_v1),
    "greet",
    SLUICE_STAGE_LOADER,
    "1.0.0",
    "Writes a greeting per name: the example stage of the C protocol",
    greet_schema,
    0,
    1,
    greet_inputs,
    1,
    greet_outputs,
    NULL,
    greet_create,
    greet_run,
    greet_destroy,
    greet_examples,
};

static const sluice_stage_v1 *const stages[] = {&greet_stage};

static const sluice_plugin_v1 plugin = {
    sizeof(sluice_plugin_v1),
    SLUICE_ABI_MAJOR,
    SLUICE_ABI_MINOR,
    "sluice.hello-c",
    "1.0.0",
    "Example stage plugin written in plain C",
    "c",
    1,
    stages,
    NULL,
    NULL, /* init: this plugin keeps no state of its own */
    NULL, /* deinit */
};

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t host_abi_major,
                                                             uint32_t host_abi_minor) {
  (void)host_abi_minor;
  if (host_abi_major != SLUICE_ABI_MAJOR) return NULL;
  return &plugin;
}
