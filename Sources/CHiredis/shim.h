#ifndef VT_CHIREDIS_SHIM_H
#define VT_CHIREDIS_SHIM_H
// The only C surface the project uses: hiredis 0.14 (Debian's libhiredis-dev).
// Synchronous API only; no TLS, no RESP3 in this version.
#include <hiredis/hiredis.h>
#include <sys/time.h>
#endif
