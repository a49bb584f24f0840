#ifndef VT_CJANSSON_SHIM_H
#define VT_CJANSSON_SHIM_H
// Jansson (Debian's libjansson-dev): the strict JSON parser behind JSONValue.parse.
#include <jansson.h>

static inline int vt_json_type(const json_t *json) { return (int)json_typeof(json); }
#endif
