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
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

// MARK: - Certificate issuing (`kserve serve --tls`)

// Key generation, X.509 building and signing, as one call each: the Swift side only moves PEM bytes. Every
// function returns 1 on success and 0 on failure (the reason is on OpenSSL's error queue, or libcrypto is missing).

/// A new ECDSA P-256 key, or NULL.
static inline EVP_PKEY *kserve_tls_generate_p256_key(void) {
    KSERVE_CRYPTO_SYMBOL(EVP_PKEY_Q_keygen)
    if (symbol == NULL) return NULL;
    return ((EVP_PKEY * (*)(OSSL_LIB_CTX *, const char *, const char *, ...)) symbol)(NULL, NULL, "EC", "P-256");
}

static inline int kserve_tls_add_extension(X509 *certificate, X509V3_CTX *context, int nid, const char *value) {
    KSERVE_CRYPTO_SYMBOL(X509V3_EXT_conf_nid)
    if (symbol == NULL) return 0;
    X509_EXTENSION *extension =
        ((X509_EXTENSION * (*)(LHASH_OF(CONF_VALUE) *, X509V3_CTX *, int, const char *)) symbol)(NULL, context, nid,
                                                                                                  value);
    if (extension == NULL) return 0;
    void *add = NULL;
    {
        KSERVE_CRYPTO_SYMBOL(X509_add_ext)
        add = symbol;
    }
    int ok = add != NULL && ((int (*)(X509 *, X509_EXTENSION *, int))add)(certificate, extension, -1) == 1;
    {
        KSERVE_CRYPTO_SYMBOL(X509_EXTENSION_free)
        if (symbol != NULL) ((void (*)(X509_EXTENSION *))symbol)(extension);
    }
    return ok;
}

/// A random positive 127-bit serial number.
static inline int kserve_tls_set_serial(X509 *certificate) {
    unsigned char bytes[16];
    void *rand_bytes, *bin2bn, *to_asn1, *get_serial, *bn_free;
    {
        KSERVE_CRYPTO_SYMBOL(RAND_bytes)
        rand_bytes = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(BN_bin2bn)
        bin2bn = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(BN_to_ASN1_INTEGER)
        to_asn1 = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(X509_get_serialNumber)
        get_serial = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(BN_free)
        bn_free = symbol;
    }
    if (!rand_bytes || !bin2bn || !to_asn1 || !get_serial || !bn_free) return 0;
    if (((int (*)(unsigned char *, int))rand_bytes)(bytes, sizeof bytes) != 1) return 0;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    BIGNUM *number = ((BIGNUM * (*)(const unsigned char *, int, BIGNUM *)) bin2bn)(bytes, sizeof bytes, NULL);
    if (number == NULL) return 0;
    ASN1_INTEGER *serial = ((ASN1_INTEGER * (*)(X509 *)) get_serial)(certificate);
    int ok = ((ASN1_INTEGER * (*)(const BIGNUM *, ASN1_INTEGER *)) to_asn1)(number, serial) != NULL;
    ((void (*)(BIGNUM *))bn_free)(number);
    return ok;
}

/// Issues a certificate for `key` named `common_name`, valid from an hour ago for `days`, signed with SHA-256 by
/// `issuer_key` as `issuer` (both NULL: self-signed). `is_ca` makes a CA (basicConstraints CA:TRUE, keyCertSign);
/// otherwise a TLS server certificate whose subjectAltName is `alt_names` (OpenSSL syntax:
/// "DNS:localhost,IP:127.0.0.1"). NULL on failure.
static inline X509 *kserve_tls_issue(EVP_PKEY *key, const char *common_name, int days, int is_ca,
                                     const char *alt_names, X509 *issuer, EVP_PKEY *issuer_key) {
    void *x509_new, *set_version, *getm_not_before, *getm_not_after, *gmtime_adj, *subject_name, *add_entry,
        *set_issuer, *set_pubkey, *set_ctx, *sign, *sha256, *x509_free;
#define KSERVE_TLS_LOOKUP(variable, name)                                                                             \
    {                                                                                                                 \
        KSERVE_CRYPTO_SYMBOL(name)                                                                                    \
        variable = symbol;                                                                                            \
    }
    KSERVE_TLS_LOOKUP(x509_new, X509_new)
    KSERVE_TLS_LOOKUP(set_version, X509_set_version)
    KSERVE_TLS_LOOKUP(getm_not_before, X509_getm_notBefore)
    KSERVE_TLS_LOOKUP(getm_not_after, X509_getm_notAfter)
    KSERVE_TLS_LOOKUP(gmtime_adj, X509_gmtime_adj)
    KSERVE_TLS_LOOKUP(subject_name, X509_get_subject_name)
    KSERVE_TLS_LOOKUP(add_entry, X509_NAME_add_entry_by_txt)
    KSERVE_TLS_LOOKUP(set_issuer, X509_set_issuer_name)
    KSERVE_TLS_LOOKUP(set_pubkey, X509_set_pubkey)
    KSERVE_TLS_LOOKUP(set_ctx, X509V3_set_ctx)
    KSERVE_TLS_LOOKUP(sign, X509_sign)
    KSERVE_TLS_LOOKUP(sha256, EVP_sha256)
    KSERVE_TLS_LOOKUP(x509_free, X509_free)
#undef KSERVE_TLS_LOOKUP
    if (!x509_new || !set_version || !getm_not_before || !getm_not_after || !gmtime_adj || !subject_name ||
        !add_entry || !set_issuer || !set_pubkey || !set_ctx || !sign || !sha256 || !x509_free)
        return NULL;
    X509 *certificate = ((X509 * (*)(void)) x509_new)();
    if (certificate == NULL) return NULL;
    X509_NAME *name = ((X509_NAME * (*)(const X509 *)) subject_name)(certificate);
    int ok = ((int (*)(X509 *, long))set_version)(certificate, 2) == 1 && kserve_tls_set_serial(certificate) &&
             ((ASN1_TIME * (*)(ASN1_TIME *, long)) gmtime_adj)(
                 ((ASN1_TIME * (*)(const X509 *)) getm_not_before)(certificate), -3600) != NULL &&
             ((ASN1_TIME * (*)(ASN1_TIME *, long)) gmtime_adj)(
                 ((ASN1_TIME * (*)(const X509 *)) getm_not_after)(certificate), (long)days * 86400) != NULL &&
             ((int (*)(X509_NAME *, const char *, int, const unsigned char *, int, int, int))add_entry)(
                 name, "CN", MBSTRING_ASC, (const unsigned char *)common_name, -1, -1, 0) == 1 &&
             ((int (*)(X509 *, EVP_PKEY *))set_pubkey)(certificate, key) == 1;
    X509 *signer = issuer != NULL ? issuer : certificate;
    EVP_PKEY *signer_key = issuer_key != NULL ? issuer_key : key;
    if (ok) {
        X509_NAME *issuer_name = ((X509_NAME * (*)(const X509 *)) subject_name)(signer);
        ok = ((int (*)(X509 *, const X509_NAME *))set_issuer)(certificate, issuer_name) == 1;
    }
    X509V3_CTX context;
    memset(&context, 0, sizeof context);
    ((void (*)(X509V3_CTX *, X509 *, X509 *, X509_REQ *, X509_CRL *, int))set_ctx)(&context, signer, certificate,
                                                                                   NULL, NULL, 0);
    if (ok && is_ca) {
        ok = kserve_tls_add_extension(certificate, &context, NID_basic_constraints, "critical,CA:TRUE") &&
             kserve_tls_add_extension(certificate, &context, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             kserve_tls_add_extension(certificate, &context, NID_subject_key_identifier, "hash");
    } else if (ok) {
        ok = kserve_tls_add_extension(certificate, &context, NID_basic_constraints, "critical,CA:FALSE") &&
             kserve_tls_add_extension(certificate, &context, NID_key_usage, "critical,digitalSignature") &&
             kserve_tls_add_extension(certificate, &context, NID_ext_key_usage, "serverAuth") &&
             kserve_tls_add_extension(certificate, &context, NID_subject_key_identifier, "hash") &&
             kserve_tls_add_extension(certificate, &context, NID_authority_key_identifier, "keyid:always") &&
             (alt_names == NULL || kserve_tls_add_extension(certificate, &context, NID_subject_alt_name, alt_names));
    }
    if (ok) {
        ok = ((int (*)(X509 *, EVP_PKEY *, const EVP_MD *))sign)(certificate, signer_key,
                                                                  ((const EVP_MD *(*)(void))sha256)()) > 0;
    }
    if (!ok) {
        ((void (*)(X509 *))x509_free)(certificate);
        return NULL;
    }
    return certificate;
}

/// Copies what `bio` (a memory BIO) holds into a new malloc'ed buffer; the caller frees it with `free`.
static inline unsigned char *kserve_tls_bio_contents(BIO *bio, size_t *length) {
    void *ctrl;
    {
        KSERVE_CRYPTO_SYMBOL(BIO_ctrl)
        ctrl = symbol;
    }
    if (ctrl == NULL) return NULL;
    char *data = NULL;
    long count = ((long (*)(BIO *, int, long, void *))ctrl)(bio, BIO_CTRL_INFO, 0, &data);
    if (count <= 0 || data == NULL) return NULL;
    unsigned char *copy = malloc((size_t)count);
    if (copy == NULL) return NULL;
    memcpy(copy, data, (size_t)count);
    *length = (size_t)count;
    return copy;
}

static inline BIO *kserve_tls_memory_bio(void) {
    void *new_bio, *s_mem;
    {
        KSERVE_CRYPTO_SYMBOL(BIO_new)
        new_bio = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(BIO_s_mem)
        s_mem = symbol;
    }
    if (new_bio == NULL || s_mem == NULL) return NULL;
    return ((BIO * (*)(const BIO_METHOD *)) new_bio)(((const BIO_METHOD *(*)(void))s_mem)());
}

/// The certificate as PEM in a malloc'ed buffer (free with `free`), or NULL.
static inline unsigned char *kserve_tls_certificate_pem(X509 *certificate, size_t *length) {
    KSERVE_CRYPTO_SYMBOL(PEM_write_bio_X509)
    if (symbol == NULL) return NULL;
    BIO *bio = kserve_tls_memory_bio();
    if (bio == NULL) return NULL;
    unsigned char *pem = NULL;
    if (((int (*)(BIO *, X509 *))symbol)(bio, certificate) == 1) pem = kserve_tls_bio_contents(bio, length);
    kserve_BIO_free(bio);
    return pem;
}

/// The private key as unencrypted PKCS#8 PEM in a malloc'ed buffer (free with `free`), or NULL.
static inline unsigned char *kserve_tls_private_key_pem(EVP_PKEY *key, size_t *length) {
    KSERVE_CRYPTO_SYMBOL(PEM_write_bio_PrivateKey)
    if (symbol == NULL) return NULL;
    BIO *bio = kserve_tls_memory_bio();
    if (bio == NULL) return NULL;
    unsigned char *pem = NULL;
    typedef int (*write_key)(BIO *, const EVP_PKEY *, const EVP_CIPHER *, const unsigned char *, int,
                             pem_password_cb *, void *);
    if (((write_key)symbol)(bio, key, NULL, NULL, 0, NULL, NULL) == 1) pem = kserve_tls_bio_contents(bio, length);
    kserve_BIO_free(bio);
    return pem;
}

/// 1 when `certificate` is valid for at least `seconds` more and already valid now.
static inline int kserve_tls_valid_for(X509 *certificate, long seconds) {
    void *not_after, *not_before, *compare;
    {
        KSERVE_CRYPTO_SYMBOL(X509_get0_notAfter)
        not_after = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(X509_get0_notBefore)
        not_before = symbol;
    }
    {
        KSERVE_CRYPTO_SYMBOL(X509_cmp_time)
        compare = symbol;
    }
    if (!not_after || !not_before || !compare) return 0;
    time_t now = time(NULL);
    time_t later = now + seconds;
    typedef int (*compare_time)(const ASN1_TIME *, time_t *);
    typedef const ASN1_TIME *(*get_time)(const X509 *);
    return ((compare_time)compare)(((get_time)not_before)(certificate), &now) < 0 &&
           ((compare_time)compare)(((get_time)not_after)(certificate), &later) > 0;
}

/// 1 when `certificate` names the IP address `address` (text form) in its subjectAltName.
static inline int kserve_tls_covers_ip(X509 *certificate, const char *address) {
    KSERVE_CRYPTO_SYMBOL(X509_check_ip_asc)
    return symbol != NULL && ((int (*)(X509 *, const char *, unsigned int))symbol)(certificate, address, 0) == 1;
}

/// 1 when `certificate` names the DNS name `host` in its subjectAltName.
static inline int kserve_tls_covers_host(X509 *certificate, const char *host) {
    KSERVE_CRYPTO_SYMBOL(X509_check_host)
    if (symbol == NULL) return 0;
    typedef int (*check_host)(X509 *, const char *, size_t, unsigned int, char **);
    return ((check_host)symbol)(certificate, host, strlen(host), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, NULL) == 1;
}

/// 1 when `certificate` carries a signature made by `issuer_key`.
static inline int kserve_tls_signed_by(X509 *certificate, EVP_PKEY *issuer_key) {
    KSERVE_CRYPTO_SYMBOL(X509_verify)
    return symbol != NULL && ((int (*)(X509 *, EVP_PKEY *))symbol)(certificate, issuer_key) == 1;
}

#endif
