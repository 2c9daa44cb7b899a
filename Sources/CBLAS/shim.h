#ifndef KSERVE_CBLAS_SHIM_H
#define KSERVE_CBLAS_SHIM_H

// OpenBLAS, loaded on first use.
//
// The matrix products of the ONNX executor go through OpenBLAS (Debian's libopenblas0, which libopenblas-dev
// installs). It is opened with dlopen the first time a product is computed, so that `kserve --help` does not pay for
// loading it and a machine without it still runs every model, on the built-in kernels. Only the few functions called
// are declared here, with the CBLAS enum values spelled out, so no header of OpenBLAS is needed to build.

#include "../CLazyLibrary/lazy_library.h"

static inline void *kserve_blas_library(void) {
    static void *cache;
    void *handle = kserve_lazy_open("libopenblas.so.0", &cache);
    return handle;
}

/// NULL when OpenBLAS loads, else the loader's reason.
static inline const char *kserve_blas_load_error(void) {
    static char reason[512];
    return kserve_lazy_error(kserve_blas_library(), "libopenblas.so.0 could not be loaded", reason, sizeof reason);
}

#define KSERVE_BLAS_SYMBOL(name) KSERVE_LAZY_SYMBOL(kserve_blas_library, name)

enum { KSERVE_CBLAS_ROW_MAJOR = 101, KSERVE_CBLAS_NO_TRANS = 111, KSERVE_CBLAS_TRANS = 112 };

/// Sets OpenBLAS's own thread count; 0 when the library or the function is missing.
static inline int kserve_blas_set_threads(int count) {
    KSERVE_BLAS_SYMBOL(openblas_set_num_threads)
    if (symbol == NULL) return 0;
    ((void (*)(int))symbol)(count);
    return 1;
}

/// C = alpha * op(A) * op(B) + beta * C, row-major, single precision; 0 when OpenBLAS is missing (nothing computed).
static inline int kserve_blas_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                                    const float *b, int ldb, float beta, float *c, int ldc) {
    KSERVE_BLAS_SYMBOL(cblas_sgemm)
    if (symbol == NULL) return 0;
    ((void (*)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int))symbol)(
        KSERVE_CBLAS_ROW_MAJOR, transA ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS,
        transB ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return 1;
}

/// As kserve_blas_sgemm, double precision.
static inline int kserve_blas_dgemm(int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                                    const double *b, int ldb, double beta, double *c, int ldc) {
    KSERVE_BLAS_SYMBOL(cblas_dgemm)
    if (symbol == NULL) return 0;
    ((void (*)(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *,
               int))symbol)(KSERVE_CBLAS_ROW_MAJOR, transA ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS,
                            transB ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta,
                            c, ldc);
    return 1;
}

/// y = alpha * op(A) * x + beta * y, row-major A of m x n, single precision; 0 when OpenBLAS is missing.
static inline int kserve_blas_sgemv(int transA, int m, int n, float alpha, const float *a, int lda, const float *x,
                                    int incx, float beta, float *y, int incy) {
    KSERVE_BLAS_SYMBOL(cblas_sgemv)
    if (symbol == NULL) return 0;
    ((void (*)(int, int, int, int, float, const float *, int, const float *, int, float, float *, int))symbol)(
        KSERVE_CBLAS_ROW_MAJOR, transA ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS, m, n, alpha, a, lda, x, incx,
        beta, y, incy);
    return 1;
}

/// As kserve_blas_sgemv, double precision.
static inline int kserve_blas_dgemv(int transA, int m, int n, double alpha, const double *a, int lda, const double *x,
                                    int incx, double beta, double *y, int incy) {
    KSERVE_BLAS_SYMBOL(cblas_dgemv)
    if (symbol == NULL) return 0;
    ((void (*)(int, int, int, int, double, const double *, int, const double *, int, double, double *, int))symbol)(
        KSERVE_CBLAS_ROW_MAJOR, transA ? KSERVE_CBLAS_TRANS : KSERVE_CBLAS_NO_TRANS, m, n, alpha, a, lda, x, incx,
        beta, y, incy);
    return 1;
}

#endif
