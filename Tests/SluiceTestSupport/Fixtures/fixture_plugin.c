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
 */
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
  host->metric(host, "calls", 1.0, SLUICE_NO_STEP);
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

#ifdef FIXTURE_EXTENSION
static const int answer = 42;
static const void *fixture_extension(const char *id) {
  return strcmp(id, "fixture.answer/1") == 0 ? &answer : NULL;
}
#define GET_EXTENSION fixture_extension
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
