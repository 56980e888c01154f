#include "core/common/gemm.h"

#include <algorithm>
#include <cstring>

namespace layerlab::core {

namespace {

// Register block: kVecs SIMD vectors of rows by kCols columns of C, chosen to
// fill most of the vector registers (32 with AVX-512, 16 otherwise) with
// accumulators while leaving room for A's vectors and B's broadcast.
#if defined(__AVX512F__)
constexpr int kLanes = 16, kCols = 12;
#elif defined(__AVX__)
constexpr int kLanes = 8, kCols = 6;
#else
constexpr int kLanes = 4, kCols = 6;
#endif
constexpr int kVecs = 2;
constexpr int kRows = kLanes * kVecs;
constexpr int kDepth = 256;  // K per pass: a 128-row block of A is 128 KB

typedef Scalar Vec __attribute__((vector_size(kLanes * sizeof(Scalar))));

inline Vec load(const Scalar* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline void store(Scalar* p, const Vec& v) { std::memcpy(p, &v, sizeof v); }

// C[i0 .. i0 + V*kLanes, j0 .. j0 + NC) over k in [k0, k1), starting from 0
// (fromZero) or from C. Fixed trip counts: the accumulators stay in registers.
template <int V, int NC>
void block(const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0, int j0,
           int k0, int k1, bool fromZero) {
    Vec acc[V][NC];
    for (int j = 0; j < NC; ++j)
        for (int v = 0; v < V; ++v)
            acc[v][j] = fromZero ? Vec{} : load(c + (j0 + j) * ldc + i0 + v * kLanes);
    const Scalar* bk = b.b + static_cast<std::ptrdiff_t>(k0) * b.kStride + j0 * b.jStride;
    const Scalar* ak = a + static_cast<std::ptrdiff_t>(k0) * lda + i0;
    for (int k = k0; k < k1; ++k, ak += lda, bk += b.kStride) {
        Vec av[V];
        for (int v = 0; v < V; ++v) av[v] = load(ak + v * kLanes);
        for (int j = 0; j < NC; ++j) {
            const Scalar s = bk[j * b.jStride];
            for (int v = 0; v < V; ++v) acc[v][j] += av[v] * s;
        }
    }
    for (int j = 0; j < NC; ++j)
        for (int v = 0; v < V; ++v) store(c + (j0 + j) * ldc + i0 + v * kLanes, acc[v][j]);
}

// The last n < kCols columns: one instantiation per count.
template <int V, int NC = 1>
void tailColumns(int n, const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0,
                 int j0, int k0, int k1, bool fromZero) {
    if constexpr (NC < kCols) {
        if (n == NC) return block<V, NC>(a, lda, b, c, ldc, i0, j0, k0, k1, fromZero);
        tailColumns<V, NC + 1>(n, a, lda, b, c, ldc, i0, j0, k0, k1, fromZero);
    }
}

template <int V>
void rowBlock(const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0, int n,
              int k0, int k1, bool fromZero) {
    int j0 = 0;
    for (; j0 + kCols <= n; j0 += kCols) block<V, kCols>(a, lda, b, c, ldc, i0, j0, k0, k1, fromZero);
    if (j0 < n) tailColumns<V>(n - j0, a, lda, b, c, ldc, i0, j0, k0, k1, fromZero);
}

// Rows below the last whole vector: plain scalar sums, in the same k order.
void scalarRows(const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0, int m,
                int n, int k0, int k1, bool fromZero) {
    for (int j = 0; j < n; ++j)
        for (int i = i0; i < m; ++i) {
            Scalar s = fromZero ? Scalar{0} : c[j * ldc + i];
            for (int k = k0; k < k1; ++k) s += a[k * lda + i] * b.b[k * b.kStride + j * b.jStride];
            c[j * ldc + i] = s;
        }
}

}  // namespace

void gemm(const Scalar* a, std::ptrdiff_t lda, GemmB b, Scalar* c, std::ptrdiff_t ldc, int m, int n, int k,
          bool accumulate) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (int j = 0; j < n; ++j) std::fill(c + j * ldc, c + j * ldc + m, Scalar{0});
        return;
    }
    for (int k0 = 0; k0 < k; k0 += kDepth) {
        const int k1 = std::min(k, k0 + kDepth);
        const bool fromZero = !accumulate && k0 == 0;
        int i0 = 0;
        for (; i0 + kRows <= m; i0 += kRows) rowBlock<kVecs>(a, lda, b, c, ldc, i0, n, k0, k1, fromZero);
        if (i0 + kLanes <= m) {
            rowBlock<1>(a, lda, b, c, ldc, i0, n, k0, k1, fromZero);
            i0 += kLanes;
        }
        if (i0 < m) scalarRows(a, lda, b, c, ldc, i0, m, n, k0, k1, fromZero);
    }
}

}  // namespace layerlab::core
