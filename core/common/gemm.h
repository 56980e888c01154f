// A matrix product for the engine's forward passes, C = A * B (+ C), written
// for their shapes: A a weight matrix (units x inputs, a few hundred rows),
// B a batch of 16-64 columns. Eigen's general product packs both operands
// into blocks first; at these shapes it then streams the packed weights from
// L2 once per four batch columns and reached 71 GFLOP/s on the MLP's
// 128x784 by 64 layer, against 130 for this kernel on the same core
// (tests/bench/bench_engine). This kernel reads A where it lies (column-major,
// a column segment is one or two SIMD vectors), keeps a 2-vector by 12-column
// block of C in registers (AVX-512; 2 x 6 with 256- or 128-bit vectors) and
// walks K in blocks of 256 so that A's block stays in L2 across the columns.
// The rows below the last whole vector (100 = 6 x 16 + 4) are copied into
// one zero-padded vector's height and go through the same kernel.
//
// Every C(i, j) is summed in the order k = 0, 1, ..., K-1, starting from 0 or
// from C(i, j): the result does not depend on N, on how the batch is split
// over threads or on the blocking, only on the values (so one or two threads
// give bit-identical forward passes).
#pragma once

#include "core/common/shape.h"

#include <cstddef>

namespace layerlab::core {

// Rows per SIMD vector of the kernel (16 with AVX-512, 8 with AVX, else 4):
// row counts that are a multiple of it need no padded tail.
#if defined(__AVX512F__)
inline constexpr int kGemmLanes = 16;
#elif defined(__AVX__)
inline constexpr int kGemmLanes = 8;
#else
inline constexpr int kGemmLanes = 4;
#endif

// B's element (k, j) lies at b[k * kStride + j * jStride]: {1, K} for a
// column-major K x N matrix, {N', 1} for the transpose of a column-major
// N x K matrix with leading dimension N'.
struct GemmB {
    const Scalar* b = nullptr;
    std::ptrdiff_t kStride = 1, jStride = 1;
};

// requires: a holds an m x k column-major matrix with leading dimension lda >= m;
//           B as described, k x n; c an m x n column-major matrix with
//           leading dimension ldc >= m, not overlapping a or B; m, n, k >= 0.
// ensures: C = A * B when accumulate is false, C += A * B when true
//          (each entry summed in increasing k, see above).
void gemm(const Scalar* a, std::ptrdiff_t lda, GemmB b, Scalar* c, std::ptrdiff_t ldc, int m, int n, int k,
          bool accumulate);

}  // namespace layerlab::core
