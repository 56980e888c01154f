// The forward passes' matrix product (core/common/gemm.h) against a plain
// double-precision triple loop, over shapes that hit every edge of its
// blocking: row counts around the SIMD vector and block sizes, column counts
// around the register block, K around its 256-deep passes, transposed B,
// leading dimensions wider than the matrix, and accumulation. Then the promise
// that a column's result does not depend on the other columns (a batch split
// over two threads gives bit-identical outputs).
#include "core/common/gemm.h"
#include "core/common/random.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <vector>

using namespace layerlab::core;

namespace {

std::vector<Scalar> randomValues(std::size_t n, Rng& rng) {
    std::vector<Scalar> v(n);
    for (Scalar& x : v) x = static_cast<Scalar>(uniform(rng, -1, 1));
    return v;
}

}  // namespace

class GemmTest : public QObject {
    Q_OBJECT
private slots:
    void matchesTripleLoop() {
        Rng rng(7);
        int cases = 0;
        for (int m : {1, 5, 15, 16, 17, 31, 32, 33, 47, 48, 64, 100, 128})
            for (int n : {1, 2, 7, 11, 12, 13, 25, 32, 64})
                for (int k : {1, 9, 100, 255, 256, 257, 600})
                    for (int variant = 0; variant < 4; ++variant) {
                        const bool transposed = variant & 1, accumulate = variant & 2;
                        const int lda = m + 3, ldc = m + 1;
                        const auto a = randomValues(static_cast<std::size_t>(lda) * k, rng);
                        // B as k x n column-major, or as the transpose of an n x k matrix (ld n + 2).
                        const int ldbt = n + 2;
                        const auto bv = randomValues(static_cast<std::size_t>(transposed ? ldbt * k : k * n), rng);
                        const GemmB b = transposed ? GemmB{bv.data(), ldbt, 1} : GemmB{bv.data(), 1, k};
                        auto c = randomValues(static_cast<std::size_t>(ldc) * n, rng);
                        const auto c0 = c;
                        gemm(a.data(), lda, b, c.data(), ldc, m, n, k, accumulate);
                        for (int j = 0; j < n; ++j)
                            for (int i = 0; i < m; ++i) {
                                double want = accumulate ? c0[j * ldc + i] : 0.0;
                                double scale = std::abs(want);
                                for (int q = 0; q < k; ++q) {
                                    const double t = double(a[q * lda + i]) * bv[q * b.kStride + j * b.jStride];
                                    want += t;
                                    scale += std::abs(t);
                                }
                                const double got = c[j * ldc + i];
                                if (std::abs(got - want) > 1e-6 * scale + 1e-30)
                                    QFAIL(qPrintable(QString("m %1 n %2 k %3 variant %4: C(%5,%6) = %7, want %8")
                                                         .arg(m).arg(n).arg(k).arg(variant).arg(i).arg(j)
                                                         .arg(got, 0, 'g', 9).arg(want, 0, 'g', 9)));
                            }
                        // Padding rows between m and ldc are never written.
                        for (int j = 0; j < n; ++j)
                            for (int i = m; i < ldc; ++i) QCOMPARE(c[j * ldc + i], c0[j * ldc + i]);
                        ++cases;
                    }
        QVERIFY(cases > 3000);
    }

    void columnsDoNotDependOnTheOthers() {
        Rng rng(3);
        const int m = 128, k = 784, n = 64;
        const auto a = randomValues(static_cast<std::size_t>(m) * k, rng);
        const auto b = randomValues(static_cast<std::size_t>(k) * n, rng);
        std::vector<Scalar> whole(static_cast<std::size_t>(m) * n), halves(whole.size());
        gemm(a.data(), m, GemmB{b.data(), 1, k}, whole.data(), m, m, n, k, false);
        // The two halves of a split batch, 32 + 32 and 33 + 31 columns.
        for (int first : {32, 33}) {
            gemm(a.data(), m, GemmB{b.data(), 1, k}, halves.data(), m, m, first, k, false);
            gemm(a.data(), m, GemmB{b.data() + first * k, 1, k}, halves.data() + first * m, m, m, n - first, k, false);
            QVERIFY(std::memcmp(whole.data(), halves.data(), whole.size() * sizeof(Scalar)) == 0);
        }
    }

    void emptyDepthClearsOrKeeps() {
        std::vector<Scalar> c = {1, 2, 3, 4};
        gemm(nullptr, 2, GemmB{nullptr, 1, 0}, c.data(), 2, 2, 2, 0, true);
        QCOMPARE(c, (std::vector<Scalar>{1, 2, 3, 4}));
        gemm(nullptr, 2, GemmB{nullptr, 1, 0}, c.data(), 2, 2, 2, 0, false);
        QCOMPARE(c, (std::vector<Scalar>{0, 0, 0, 0}));
    }
};

QTEST_APPLESS_MAIN(GemmTest)
#include "test_gemm.moc"
