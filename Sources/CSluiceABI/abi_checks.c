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
SLUICE_CHECK(offsetof(sluice_model_host_v1, struct_size) == 0, model_host_size_first);

/* More frozen 1.0 offsets: the fields 1.1 appended come after every one of these. */
SLUICE_CHECK(offsetof(sluice_plugin_v1, get_extension) == 64, plugin_1_0_end);
SLUICE_CHECK(offsetof(sluice_call_v1, output_bytes) == 72, call_layout_frozen);
SLUICE_CHECK(offsetof(sluice_predict_v1, free) == 48, predict_layout_frozen);

/* 1.1 appended fields, each right after the last field before it. */
SLUICE_CHECK(offsetof(sluice_plugin_v1, init) == 72, plugin_init_appended);
SLUICE_CHECK(offsetof(sluice_plugin_v1, deinit) == 80, plugin_deinit_appended);
SLUICE_CHECK(offsetof(sluice_stage_v1, examples) == 112, stage_examples_appended);
SLUICE_CHECK(offsetof(sluice_call_v1, project_dir) == 80, call_project_dir_appended);
SLUICE_CHECK(offsetof(sluice_predict_v1, load_with_host) == 56, predict_load_with_host_appended);

/* The version numbers are preprocessor integers. */
#if SLUICE_ABI_MAJOR != 1 || SLUICE_ABI_MINOR < 1
#error "sluice_abi.h must describe protocol 1.1 or a later 1.x"
#endif

/* SLUICE_HAS_FIELD must compile as an expression in C and C++ (sizeof: not evaluated).
 * Its run-time behaviour is tested by the ABI 1.0 fixture tests. */
typedef char sluice_check_has_field_compiles[sizeof(SLUICE_HAS_FIELD((const sluice_call_v1 *)NULL, sluice_call_v1, project_dir))];
