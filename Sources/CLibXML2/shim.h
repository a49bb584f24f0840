#ifndef VT_CLIBXML2_SHIM_H
#define VT_CLIBXML2_SHIM_H
// libxml2 (Debian's libxml2-dev): the SAX2 push parser the xlsx reader feeds chunk by chunk.
// Foundation's XMLParser was measured at about 10,000 rows/s on a sheet (README, Benchmarks).
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#endif
