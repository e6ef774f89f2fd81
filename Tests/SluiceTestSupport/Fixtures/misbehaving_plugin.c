/*
 * A plugin that misbehaves on purpose, one stage per way a third-party plugin can take
 * its host down: the tests run each in-process (documenting what happens there) and in
 * a worker (where only the stage fails). Plugin id "fixture.misbehaving".
 *
 * Every stage writes a small blob to its optional output `out` when it does not
 * misbehave. Config (all optional):
 *   "when_file": misbehave only while this file exists (so `sluice resume` can succeed
 *                after the test removes it)
 *   "mib":       how many MiB `memory` allocates at most, or `huge_output` writes
 * Compile with -DMISBEHAVING_BUILD='"swift ..."' to pose as a Swift plugin of another
 * toolchain (the host then runs every stage in a worker unasked).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sluice_abi.h"

#ifndef MISBEHAVING_BUILD
#define MISBEHAVING_BUILD "c"
#endif

typedef struct instance {
  const sluice_host_v1 *host;
  char when_file[512];
  double mib;
} instance;

static int32_t misbehaving_create(const sluice_stage_v1 *stage, const sluice_host_v1 *host,
                                  const char *config, size_t config_len, void **out,
                                  char *error, size_t capacity) {
  (void)stage;
  (void)error;
  (void)capacity;
  instance *self = calloc(1, sizeof *self);
  if (!self) return SLUICE_ERR_OUT_OF_MEMORY;
  self->host = host;
  self->mib = 64;
  const sluice_json_v1 *json = host->get_extension(host, "sluice.json/1");
  if (json) {
    size_t length = 0;
    if (json->get_string(config, config_len, "/when_file", self->when_file, sizeof self->when_file, &length) != SLUICE_OK) {
      self->when_file[0] = 0;
    }
    double mib = 0;
    if (json->get_number(config, config_len, "/mib", &mib) == SLUICE_OK) self->mib = mib;
  }
  *out = self;
  return SLUICE_OK;
}

static void misbehaving_destroy(void *self) { free(self); }

/* Whether to misbehave now: always, or while `when_file` exists. */
static int armed(const instance *self) {
  return self->when_file[0] == 0 || access(self->when_file, F_OK) == 0;
}

static int32_t behave(const instance *self, const sluice_call_v1 *call, char *error, size_t capacity) {
  self->host->log(self->host, SLUICE_LOG_INFO, "behaved this time");
  return call->output_bytes(call, "out", "text/plain", (const uint8_t *)"fine", 4, error, capacity);
}

static void pause_ms(long milliseconds) {
  struct timespec wait = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
  nanosleep(&wait, NULL);
}

static int32_t run_segfault(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  self->host->log(self->host, SLUICE_LOG_INFO, "about to dereference NULL");
  volatile int *nothing = NULL;
  *nothing = 42;
  return SLUICE_OK;
}

static int32_t run_abort(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  abort();
}

static int32_t run_exit(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  exit(0);
}

/* Never looks at is_cancelled. */
static int32_t run_hang(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  for (;;) pause_ms(50);
}

/* Allocates and touches 16 MiB at a time, up to `mib`. */
static int32_t run_memory(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  size_t chunk = 16u << 20;
  size_t chunks = (size_t)(self->mib / 16);
  for (size_t index = 0; index < chunks; index++) {
    char *block = malloc(chunk);
    if (!block) {
      snprintf(error, capacity, "out of memory after %zu MiB", index * 16);
      return SLUICE_ERR_OUT_OF_MEMORY;
    }
    memset(block, (int)index + 1, chunk);
    pause_ms(5); /* as real work would: the host watches resident memory */
  }
  return behave(self, call, error, capacity);
}

/* Spins on the CPU until stopped. */
static int32_t run_spin(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  if (!armed(self)) return behave(self, call, error, capacity);
  volatile unsigned long counter = 0;
  for (;;) counter++;
}

/* Writes `mib` MiB to `out`. */
static int32_t run_huge_output(void *data, const sluice_call_v1 *call, char *error, size_t capacity) {
  instance *self = data;
  size_t size = (size_t)(self->mib * (1u << 20));
  uint8_t *bytes = malloc(size ? size : 1);
  if (!bytes) return SLUICE_ERR_OUT_OF_MEMORY;
  memset(bytes, 'x', size);
  int32_t status = call->output_bytes(call, "out", "application/octet-stream", bytes, size, error, capacity);
  free(bytes);
  return status;
}

static const sluice_port_v1 out_port = {sizeof(sluice_port_v1), "out", SLUICE_PORT_BLOB, SLUICE_PORT_OPTIONAL,
                                        "a small blob when the stage behaves"};
static const sluice_port_v1 *const outputs[] = {&out_port};

#define SCHEMA "{\"type\":\"object\",\"properties\":{\"when_file\":{\"type\":\"string\"},\"mib\":{\"type\":\"number\"}}}"
#define STAGE(name, function, description)                                                          \
  static const sluice_stage_v1 stage_##function = {                                                 \
      sizeof(sluice_stage_v1), name, SLUICE_STAGE_TRANSFORMER, "0.1.0", description, SCHEMA, 0, 0, \
      NULL, 1, outputs, NULL, misbehaving_create, function, misbehaving_destroy};

STAGE("segfault", run_segfault, "dereferences NULL")
STAGE("abort", run_abort, "calls abort()")
STAGE("exit", run_exit, "calls exit(0) in the middle of the stage")
STAGE("hang", run_hang, "sleeps forever and never checks is_cancelled")
STAGE("memory", run_memory, "allocates and touches memory up to `mib` MiB")
STAGE("spin", run_spin, "spins on the CPU forever")
STAGE("huge_output", run_huge_output, "writes `mib` MiB to its output")

static const sluice_stage_v1 *const stages[] = {&stage_run_segfault, &stage_run_abort, &stage_run_exit, &stage_run_hang,
                                                &stage_run_memory, &stage_run_spin, &stage_run_huge_output};

static const sluice_plugin_v1 plugin = {sizeof(sluice_plugin_v1), SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR,
                                        "fixture.misbehaving", "0.1.0", "stages that crash, hang or blow up",
                                        MISBEHAVING_BUILD, sizeof stages / sizeof stages[0], stages, NULL};

SLUICE_EXPORT const sluice_plugin_v1 *sluice_plugin_entry_v1(uint32_t major, uint32_t minor) {
  (void)minor;
  return major == SLUICE_ABI_MAJOR ? &plugin : NULL;
}
