#ifndef VT_CCRYPTO_SHIM_H
#define VT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto (Debian's libssl-dev): HMAC-SHA256 for DingTalk's robot signature.
#include <openssl/hmac.h>
#include <openssl/evp.h>
#endif
