#ifndef VT_CCRYPTO_SHIM_H
#define VT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto (Debian's libssl-dev): HMAC-SHA256 for DingTalk's robot signature;
// Ed25519 keys (PEM), signatures and SHA-256 for the e-certificate's signed QR text.
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>

/// The bytes a memory BIO holds (BIO_get_mem_data is a macro Swift cannot import).
static inline long vt_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
#endif
