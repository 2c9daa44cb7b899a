#ifndef KSERVE_COPENSSL_SHIM_H
#define KSERVE_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

// Function-like macros do not reach Swift; these wrappers make them callable.

static inline void kserve_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

static inline const char *kserve_openssl_version_text(void) {
    return OpenSSL_version(OPENSSL_VERSION);
}

static inline int kserve_err_get_reason(unsigned long code) {
    return ERR_GET_REASON(code);
}

#endif
