// Package openblas binds OpenBLAS's cblas_dgemm through cgo, so that package
// gemm can be compared with OpenBLAS on the same machine. It is only built
// with -tags openblas (Debian: libopenblas-dev); without the tag the package
// is empty and dlfun has no cgo.
package openblas
