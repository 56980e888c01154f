#include "core/common/gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace layerlab::core {

namespace {

// Register block: kVecs SIMD vectors of rows by kCols columns of C, chosen to
// fill most of the vector registers (32 with AVX-512, 16 otherwise) with
// accumulators while leaving room for A's vectors and B's broadcast.
constexpr int kLanes = kGemmLanes;
constexpr int kCols = kLanes == 16 ? 12 : 6;
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

// Passes of kDepth over K for rows [i0, m) of C, m - i0 a multiple of kLanes.
void vectorRows(const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0, int m,
                int n, int k, bool accumulate) {
    for (int k0 = 0; k0 < k; k0 += kDepth) {
        const int k1 = std::min(k, k0 + kDepth);
        const bool fromZero = !accumulate && k0 == 0;
        int i = i0;
        for (; i + kRows <= m; i += kRows) rowBlock<kVecs>(a, lda, b, c, ldc, i, n, k0, k1, fromZero);
        for (; i + kLanes <= m; i += kLanes) rowBlock<1>(a, lda, b, c, ldc, i, n, k0, k1, fromZero);
    }
}

// The last m - i0 < kLanes rows: copied into one zero-padded vector's height
// (A's rows and C's), run through the same kernel, copied back: the same
// k order as every other row. The scratch grows once per thread.
void tailRows(const Scalar* a, std::ptrdiff_t lda, const GemmB& b, Scalar* c, std::ptrdiff_t ldc, int i0, int m,
              int n, int k, bool accumulate) {
    thread_local std::vector<Scalar> packedA, packedC;
    const int rows = m - i0;
    packedA.assign(static_cast<std::size_t>(kLanes) * static_cast<std::size_t>(k), Scalar{0});
    packedC.assign(static_cast<std::size_t>(kLanes) * static_cast<std::size_t>(n), Scalar{0});
    for (int q = 0; q < k; ++q) std::copy_n(a + q * lda + i0, rows, packedA.data() + q * kLanes);
    if (accumulate)
        for (int j = 0; j < n; ++j) std::copy_n(c + j * ldc + i0, rows, packedC.data() + j * kLanes);
    vectorRows(packedA.data(), kLanes, b, packedC.data(), kLanes, 0, kLanes, n, k, accumulate);
    for (int j = 0; j < n; ++j) std::copy_n(packedC.data() + j * kLanes, rows, c + j * ldc + i0);
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
    const int main = m / kLanes * kLanes;
    vectorRows(a, lda, b, c, ldc, 0, main, n, k, accumulate);
    if (main < m) tailRows(a, lda, b, c, ldc, main, m, n, k, accumulate);
}

}  // namespace layerlab::core
