#ifndef KSERVE_COPENSSL_SHIM_H
#define KSERVE_COPENSSL_SHIM_H

// OpenSSL's libcrypto, loaded on first use (only when TLS material is checked), for the same reason as libcurl in
// CCurl: a run that never touches TLS should not pay for loading it. Function-like macros (ERR_GET_REASON,
// OPENSSL_free) do not reach Swift either; the wrappers make them callable.

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../CLazyLibrary/lazy_library.h"

static inline void *kserve_crypto_library(void) {
    static void *cache;
    return kserve_lazy_open("libcrypto.so.3", &cache);
}

/// NULL when libcrypto loads, else the loader's reason.
static inline const char *kserve_crypto_load_error(void) {
    static char reason[512];
    return kserve_lazy_error(kserve_crypto_library(), "libcrypto.so.3 could not be loaded", reason, sizeof reason);
}

#define KSERVE_CRYPTO_SYMBOL(name) KSERVE_LAZY_SYMBOL(kserve_crypto_library, name)

static inline void kserve_ERR_clear_error(void) {
    KSERVE_CRYPTO_SYMBOL(ERR_clear_error)
    if (symbol != NULL) ((void (*)(void))symbol)();
}

static inline unsigned long kserve_ERR_peek_last_error(void) {
    KSERVE_CRYPTO_SYMBOL(ERR_peek_last_error)
    return symbol != NULL ? ((unsigned long (*)(void))symbol)() : 0;
}

static inline void kserve_ERR_error_string_n(unsigned long code, char *buffer, size_t length) {
    KSERVE_CRYPTO_SYMBOL(ERR_error_string_n)
    if (symbol != NULL) {
        ((void (*)(unsigned long, char *, size_t))symbol)(code, buffer, length);
    } else if (length > 0) {
        snprintf(buffer, length, "OpenSSL error %lu", code);
    }
}

static inline int kserve_ERR_GET_REASON(unsigned long code) {
    return ERR_GET_REASON(code);
}

static inline BIO *kserve_BIO_new_mem_buf(const void *data, int length) {
    KSERVE_CRYPTO_SYMBOL(BIO_new_mem_buf)
    return symbol != NULL ? ((BIO * (*)(const void *, int)) symbol)(data, length) : NULL;
}

static inline int kserve_BIO_free(BIO *bio) {
    KSERVE_CRYPTO_SYMBOL(BIO_free)
    return symbol != NULL ? ((int (*)(BIO *))symbol)(bio) : 0;
}

static inline X509 *kserve_PEM_read_bio_X509(BIO *bio, X509 **out, pem_password_cb *callback, void *userdata) {
    KSERVE_CRYPTO_SYMBOL(PEM_read_bio_X509)
    if (symbol == NULL) return NULL;
    return ((X509 * (*)(BIO *, X509 **, pem_password_cb *, void *)) symbol)(bio, out, callback, userdata);
}

static inline EVP_PKEY *kserve_PEM_read_bio_PrivateKey(BIO *bio, EVP_PKEY **out, pem_password_cb *callback,
                                                       void *userdata) {
    KSERVE_CRYPTO_SYMBOL(PEM_read_bio_PrivateKey)
    if (symbol == NULL) return NULL;
    return ((EVP_PKEY * (*)(BIO *, EVP_PKEY **, pem_password_cb *, void *)) symbol)(bio, out, callback, userdata);
}

static inline void kserve_X509_free(X509 *certificate) {
    KSERVE_CRYPTO_SYMBOL(X509_free)
    if (symbol != NULL) ((void (*)(X509 *))symbol)(certificate);
}

static inline void kserve_EVP_PKEY_free(EVP_PKEY *key) {
    KSERVE_CRYPTO_SYMBOL(EVP_PKEY_free)
    if (symbol != NULL) ((void (*)(EVP_PKEY *))symbol)(key);
}

static inline int kserve_X509_check_private_key(const X509 *certificate, const EVP_PKEY *key) {
    KSERVE_CRYPTO_SYMBOL(X509_check_private_key)
    return symbol != NULL ? ((int (*)(const X509 *, const EVP_PKEY *))symbol)(certificate, key) : 0;
}

static inline const char *kserve_OpenSSL_version_text(void) {
    KSERVE_CRYPTO_SYMBOL(OpenSSL_version)
    return symbol != NULL ? ((const char *(*)(int))symbol)(OPENSSL_VERSION) : NULL;
}

#endif
