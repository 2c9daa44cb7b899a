import Core

/// OpenBLAS reads OPENBLAS_NUM_THREADS when it loads and starts that many threads (one per core by default). They
/// poll for work between products even after `openblas_set_num_threads(1)`, taking a core from the worker pool: a
/// batch-32 CNN ran 1.3x slower beside them. Executables call this first, before any thread exists, because setenv
/// is not safe beside threads that read the environment.
package enum OpenBLASEnvironment {
    package static func singleThreaded() { setenv("OPENBLAS_NUM_THREADS", "1", 1) }
}
