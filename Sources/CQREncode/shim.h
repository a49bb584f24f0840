#ifndef VT_CQRENCODE_SHIM_H
#define VT_CQRENCODE_SHIM_H
// libqrencode (Debian's libqrencode-dev): the QR code symbol of the e-certificate's signed text.
#include <qrencode.h>
#endif
