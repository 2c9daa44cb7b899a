#ifndef KSERVE_CCURL_SHIM_H
#define KSERVE_CCURL_SHIM_H

// libcurl, loaded on first use.
//
// libcurl pulls in some thirty shared libraries (TLS, LDAP, Kerberos, SSH, IDN...). Linking it would make every
// run of `kserve` pay for loading them, even `kserve --help`. Instead the system library (libcurl.so.4, from
// libcurl4-openssl-dev's runtime package) is opened with dlopen the first time a request is made, and each wrapper
// below looks its function up once. The wrappers also fix the argument types of libcurl's variadic setters, which
// Swift cannot call: clang performs the variadic call with the right ABI.

#include <curl/curl.h>

#include "../CLazyLibrary/lazy_library.h"

static inline void *kserve_curl_library(void) {
    static void *cache;
    return kserve_lazy_open("libcurl.so.4", &cache);
}

/// NULL when libcurl loads, else the loader's reason.
static inline const char *kserve_curl_load_error(void) {
    static char reason[512];
    return kserve_lazy_error(kserve_curl_library(), "libcurl.so.4 could not be loaded", reason, sizeof reason);
}

#define KSERVE_CURL_SYMBOL(name) KSERVE_LAZY_SYMBOL(kserve_curl_library, name)

static inline CURLcode kserve_curl_global_init(long flags) {
    KSERVE_CURL_SYMBOL(curl_global_init)
    return symbol != NULL ? ((CURLcode(*)(long))symbol)(flags) : CURLE_FAILED_INIT;
}

static inline const char *kserve_curl_easy_strerror(CURLcode code) {
    KSERVE_CURL_SYMBOL(curl_easy_strerror)
    return symbol != NULL ? ((const char *(*)(CURLcode))symbol)(code) : NULL;
}

static inline const char *kserve_curl_version(void) {
    KSERVE_CURL_SYMBOL(curl_version)
    return symbol != NULL ? ((const char *(*)(void))symbol)() : NULL;
}

static inline CURL *kserve_curl_easy_init(void) {
    KSERVE_CURL_SYMBOL(curl_easy_init)
    return symbol != NULL ? ((CURL * (*)(void)) symbol)() : NULL;
}

static inline void kserve_curl_easy_cleanup(CURL *handle) {
    KSERVE_CURL_SYMBOL(curl_easy_cleanup)
    if (symbol != NULL) ((void (*)(CURL *))symbol)(handle);
}

static inline void kserve_curl_easy_reset(CURL *handle) {
    KSERVE_CURL_SYMBOL(curl_easy_reset)
    if (symbol != NULL) ((void (*)(CURL *))symbol)(handle);
}

static inline CURLcode kserve_curl_easy_perform(CURL *handle) {
    KSERVE_CURL_SYMBOL(curl_easy_perform)
    return symbol != NULL ? ((CURLcode(*)(CURL *))symbol)(handle) : CURLE_FAILED_INIT;
}

static inline struct curl_slist *kserve_curl_slist_append(struct curl_slist *list, const char *item) {
    KSERVE_CURL_SYMBOL(curl_slist_append)
    return symbol != NULL ? ((struct curl_slist * (*)(struct curl_slist *, const char *)) symbol)(list, item) : NULL;
}

static inline void kserve_curl_slist_free_all(struct curl_slist *list) {
    KSERVE_CURL_SYMBOL(curl_slist_free_all)
    if (symbol != NULL) ((void (*)(struct curl_slist *))symbol)(list);
}

static inline void kserve_curl_free(void *pointer) {
    KSERVE_CURL_SYMBOL(curl_free)
    if (symbol != NULL) ((void (*)(void *))symbol)(pointer);
}

static inline CURLU *kserve_curl_url(void) {
    KSERVE_CURL_SYMBOL(curl_url)
    return symbol != NULL ? ((CURLU * (*)(void)) symbol)() : NULL;
}

static inline void kserve_curl_url_cleanup(CURLU *handle) {
    KSERVE_CURL_SYMBOL(curl_url_cleanup)
    if (symbol != NULL) ((void (*)(CURLU *))symbol)(handle);
}

static inline CURLUcode kserve_curl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags) {
    KSERVE_CURL_SYMBOL(curl_url_set)
    if (symbol == NULL) return CURLUE_OUT_OF_MEMORY;
    return ((CURLUcode(*)(CURLU *, CURLUPart, const char *, unsigned int))symbol)(handle, part, content, flags);
}

static inline CURLUcode kserve_curl_url_get(CURLU *handle, CURLUPart part, char **content, unsigned int flags) {
    KSERVE_CURL_SYMBOL(curl_url_get)
    if (symbol == NULL) return CURLUE_OUT_OF_MEMORY;
    return ((CURLUcode(*)(CURLU *, CURLUPart, char **, unsigned int))symbol)(handle, part, content, flags);
}

static inline const char *kserve_curl_url_strerror(CURLUcode code) {
    KSERVE_CURL_SYMBOL(curl_url_strerror)
    return symbol != NULL ? ((const char *(*)(CURLUcode))symbol)(code) : NULL;
}

// Typed forms of the variadic setters and getters.

typedef size_t (*kserve_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*kserve_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                       curl_off_t ulnow);
typedef CURLcode (*kserve_curl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*kserve_curl_getinfo_fn)(CURL *, CURLINFO, ...);

static inline kserve_curl_setopt_fn kserve_curl_setopt_symbol(void) {
    KSERVE_CURL_SYMBOL(curl_easy_setopt)
    return (kserve_curl_setopt_fn)symbol;
}

static inline kserve_curl_getinfo_fn kserve_curl_getinfo_symbol(void) {
    KSERVE_CURL_SYMBOL(curl_easy_getinfo)
    return (kserve_curl_getinfo_fn)symbol;
}

#define KSERVE_CURL_SETOPT(handle, option, value)                                                                      \
    kserve_curl_setopt_fn setopt = kserve_curl_setopt_symbol();                                                       \
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;

#define KSERVE_CURL_GETINFO(handle, info, value)                                                                       \
    kserve_curl_getinfo_fn getinfo = kserve_curl_getinfo_symbol();                                                    \
    return getinfo != NULL ? getinfo(handle, info, value) : CURLE_FAILED_INIT;

static inline CURLcode kserve_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_blob(CURL *handle, CURLoption option, struct curl_blob *value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_data_cb(CURL *handle, CURLoption option, kserve_curl_data_cb value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_setopt_xferinfo_cb(CURL *handle, CURLoption option,
                                                           kserve_curl_xferinfo_cb value) {
    KSERVE_CURL_SETOPT(handle, option, value)
}

static inline CURLcode kserve_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    KSERVE_CURL_GETINFO(handle, info, value)
}

static inline CURLcode kserve_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    KSERVE_CURL_GETINFO(handle, info, value)
}

static inline CURLcode kserve_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    KSERVE_CURL_GETINFO(handle, info, value)
}

static inline CURLcode kserve_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    KSERVE_CURL_GETINFO(handle, info, value)
}

static inline CURLcode kserve_curl_easy_getinfo_ptr(CURL *handle, CURLINFO info, void **value) {
    KSERVE_CURL_GETINFO(handle, info, value)
}

#endif
