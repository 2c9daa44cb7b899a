#ifndef KSERVE_LAZY_LIBRARY_H
#define KSERVE_LAZY_LIBRARY_H

// Opening a shared library on first use, and looking its functions up once, for the CCurl and COpenSSL shims.
// A header only: each shim includes it and Swift compiles the `static inline` functions into the module using them.

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

/// The handle of `soname`, opened on the first call and kept in `*cache`; NULL when it cannot be opened.
static inline void *kserve_lazy_open(const char *soname, void **cache) {
    void *handle = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (handle == NULL) {
        handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (handle != NULL) __atomic_store_n(cache, handle, __ATOMIC_RELEASE);
    }
    return handle;
}

/// NULL when `handle` is open, else the loader's reason copied into `reason` (so later dl calls cannot change it).
static inline const char *kserve_lazy_error(void *handle, const char *soname, char *reason, size_t length) {
    if (handle != NULL) return NULL;
    const char *text = dlerror();
    snprintf(reason, length, "%s", text != NULL ? text : soname);
    return reason;
}

// Declares `symbol`: the function `name` of the library that `library()` opens, looked up once and cached.
#define KSERVE_LAZY_SYMBOL(library, name)                                                                             \
    static void *kserve_cache_##name;                                                                                 \
    void *symbol = __atomic_load_n(&kserve_cache_##name, __ATOMIC_ACQUIRE);                                           \
    if (symbol == NULL) {                                                                                             \
        void *opened = library();                                                                                     \
        symbol = opened != NULL ? dlsym(opened, #name) : NULL;                                                        \
        if (symbol != NULL) __atomic_store_n(&kserve_cache_##name, symbol, __ATOMIC_RELEASE);                         \
    }

#endif
