#ifndef VT_CZLIB_SHIM_H
#define VT_CZLIB_SHIM_H
// zlib (Debian's zlib1g-dev): raw deflate/inflate for zip entries, and CRC-32.
// inflateInit2/deflateInit2 are macros Swift cannot import; these wrap them.
#include <zlib.h>

/// Starts a raw inflate (no zlib or gzip header: windowBits -15), as zip entries are stored.
static inline int vt_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}

/// Starts a raw deflate at `level` (1-9), as zip entries are stored.
static inline int vt_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
#endif
