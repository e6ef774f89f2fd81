/* Compile-time checks of the protocol's layout promises. SwiftPM needs one source
 * file in a C target; this one earns its place by failing the build if an edit to
 * the header breaks a rule that plugins in the wild depend on. */
#include "sluice_abi.h"

#define SLUICE_CHECK(cond, msg) typedef char sluice_check_##msg[(cond) ? 1 : -1]

/* struct_size is always the first field, so any reader can find it. */
SLUICE_CHECK(offsetof(sluice_plugin_v1, struct_size) == 0, plugin_size_first);
SLUICE_CHECK(offsetof(sluice_stage_v1, struct_size) == 0, stage_size_first);
SLUICE_CHECK(offsetof(sluice_port_v1, struct_size) == 0, port_size_first);
SLUICE_CHECK(offsetof(sluice_host_v1, struct_size) == 0, host_size_first);
SLUICE_CHECK(offsetof(sluice_call_v1, struct_size) == 0, call_size_first);
SLUICE_CHECK(offsetof(sluice_json_v1, struct_size) == 0, json_size_first);

/* The 1.0 fields never move: these offsets are frozen for every 1.x release. */
SLUICE_CHECK(offsetof(sluice_plugin_v1, stages) == 56, plugin_layout_frozen);
SLUICE_CHECK(offsetof(sluice_stage_v1, destroy) == 104, stage_layout_frozen);
SLUICE_CHECK(offsetof(sluice_host_v1, get_extension) == 88, host_layout_frozen);
SLUICE_CHECK(sizeof(struct ArrowSchema) == 72, arrow_schema_layout);
SLUICE_CHECK(sizeof(struct ArrowArray) == 80, arrow_array_layout);
SLUICE_CHECK(sizeof(struct ArrowArrayStream) == 40, arrow_stream_layout);
SLUICE_CHECK(offsetof(sluice_models_v1, struct_size) == 0, models_size_first);
SLUICE_CHECK(offsetof(sluice_predict_v1, struct_size) == 0, predict_size_first);
SLUICE_CHECK(offsetof(sluice_transform_v1, struct_size) == 0, transform_size_first);
SLUICE_CHECK(offsetof(sluice_registry_v1, struct_size) == 0, registry_size_first);
