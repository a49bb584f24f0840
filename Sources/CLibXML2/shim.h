#ifndef VT_CLIBXML2_SHIM_H
#define VT_CLIBXML2_SHIM_H
// libxml2 (Debian's libxml2-dev): the SAX2 push parser the xlsx reader feeds chunk by chunk.
// Foundation's XMLParser parses a sheet 5-10 times slower than libxml2 itself (README, Benchmarks).
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#endif
