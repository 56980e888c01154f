// Metrics against small examples worked out by hand.
#include "core/train/metrics.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace layerlab::core;

namespace {

bool close(double a, double b, double tol = 1e-12) { return std::abs(a - b) <= tol; }

}  // namespace

class MetricsTest : public QObject {
    Q_OBJECT

private slots:
    void confusionByHand() {
        //            truth 0 0 0 1 1 2 2 2 2
        //        predicted 0 0 1 1 2 2 2 0 1
        // Confusion (row = truth, col = predicted):
        //   [2 1 0]
        //   [0 1 1]
        //   [1 1 2]
        // accuracy = 5/9
        // class 0: P = 2/3 (column sum 3), R = 2/3 (support 3), F1 = 2/3
        // class 1: P = 1/3, R = 1/2, F1 = 2 (1/6) / (5/6) = 2/5
        // class 2: P = 2/3, R = 2/4, F1 = 2 (1/3) / (7/6) = 4/7
        // macro F1 = (2/3 + 2/5 + 4/7) / 3 = 172/315
        const std::vector<int> truth = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        const std::vector<int> pred = {0, 0, 1, 1, 2, 2, 2, 0, 1};
        const auto r = classificationReport(truth, pred, 3);
        const long expected[3][3] = {{2, 1, 0}, {0, 1, 1}, {1, 1, 2}};
        QCOMPARE(r.confusion.classes, 3);
        QCOMPARE(r.confusion.counts.size(), std::size_t(9));
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) QCOMPARE(r.confusion.at(t, p), expected[t][p]);
        QVERIFY(close(r.accuracy, 5.0 / 9.0));
        QCOMPARE(r.perClass.size(), std::size_t(3));
        QVERIFY(close(r.perClass[0].precision, 2.0 / 3.0));
        QVERIFY(close(r.perClass[0].recall, 2.0 / 3.0));
        QVERIFY(close(r.perClass[0].f1, 2.0 / 3.0));
        QCOMPARE(r.perClass[0].support, 3L);
        QVERIFY(close(r.perClass[1].precision, 1.0 / 3.0));
        QVERIFY(close(r.perClass[1].recall, 0.5));
        QVERIFY(close(r.perClass[1].f1, 0.4));
        QCOMPARE(r.perClass[1].support, 2L);
        QVERIFY(close(r.perClass[2].precision, 2.0 / 3.0));
        QVERIFY(close(r.perClass[2].recall, 0.5));
        QVERIFY(close(r.perClass[2].f1, 4.0 / 7.0));
        QCOMPARE(r.perClass[2].support, 4L);
        QVERIFY(close(r.macroF1, 172.0 / 315.0));
    }

    void classWithoutPredictionsOrSamples() {
        // Class 2 is never predicted; class 3 has no samples and no predictions.
        // class 0: P = R = F1 = 1; class 1: P = 1/3, R = 1, F1 = 0.5; classes 2, 3: 0.
        const std::vector<int> truth = {0, 1, 2, 2};
        const std::vector<int> pred = {0, 1, 1, 1};
        const auto r = classificationReport(truth, pred, 4);
        for (const auto& c : r.perClass) {
            QVERIFY(std::isfinite(c.precision) && std::isfinite(c.recall) && std::isfinite(c.f1));
        }
        QCOMPARE(r.perClass[2].precision, 0.0);
        QCOMPARE(r.perClass[2].recall, 0.0);
        QCOMPARE(r.perClass[2].f1, 0.0);
        QCOMPARE(r.perClass[2].support, 2L);
        QCOMPARE(r.perClass[3].precision, 0.0);
        QCOMPARE(r.perClass[3].support, 0L);
        QVERIFY(close(r.perClass[1].f1, 0.5));
        QVERIFY(close(r.macroF1, (1.0 + 0.5 + 0 + 0) / 4.0));
        QVERIFY(close(r.accuracy, 0.5));
    }

    void emptyInput() {
        const auto r = classificationReport({}, {}, 2);
        QCOMPARE(r.accuracy, 0.0);
        QCOMPARE(r.macroF1, 0.0);
        QCOMPARE(r.perClass.size(), std::size_t(2));
        QCOMPARE(r.confusion.counts.size(), std::size_t(4));
    }

    void argmax() {
        Matrix s(3, 3);
        s << 0.1f, 0.7f, 0.2f,  //
            0.5f, 0.2f, 0.2f,   //
            0.4f, 0.1f, 0.1f;
        std::vector<int> out = {9, 9, 9, 9, 9};
        argmaxColumns(s, out);
        QCOMPARE(out, (std::vector<int>{1, 0, 0}));  // column 2: tie 0.2/0.2 -> first

        Matrix one(1, 3);
        one << -0.5f, 0.3f, 0.0f;
        argmaxColumns(one, out);
        QCOMPARE(out, (std::vector<int>{0, 1, 0}));  // strictly greater than 0
        Matrix probs(1, 2);
        probs << 0.4f, 0.6f;
        argmaxColumns(probs, out, 0.5f);
        QCOMPARE(out, (std::vector<int>{0, 1}));
    }

    void regressionByHand() {
        // predicted [1 2 3 4], target [1 3 2 6]: differences 0 -1 1 -2.
        // MSE = 6/4, MAE = 4/4; mean(target) = 3, SS_tot = 4+0+1+9 = 14, R^2 = 1 - 6/14.
        Matrix p(1, 4), y(1, 4);
        p << 1, 2, 3, 4;
        y << 1, 3, 2, 6;
        const auto r = regressionReport(p, y);
        QVERIFY(close(r.mse, 1.5));
        QVERIFY(close(r.mae, 1.0));
        QVERIFY(close(r.r2, 1.0 - 6.0 / 14.0));
    }

    void regressionPooledOverOutputs() {
        // Output 0: target [0 2], predicted [1 1]; output 1: target [10 14], predicted [12 12].
        // SS_res = 1+1+4+4 = 10. Each output is centred on its own mean (1 and 12):
        // SS_tot = 1+1+4+4 = 10, so R^2 = 0 (predicting each output's mean).
        Matrix p(2, 2), y(2, 2);
        p << 1, 1, 12, 12;
        y << 0, 2, 10, 14;
        const auto r = regressionReport(p, y);
        QVERIFY(close(r.mse, 10.0 / 4.0));
        QVERIFY(close(r.mae, 6.0 / 4.0));
        QVERIFY(close(r.r2, 0.0));
    }

    void regressionPerfectAndConstant() {
        Matrix y(2, 3);
        y << 1, 2, 3, -1, 0, 5;
        const auto perfect = regressionReport(y, y);
        QCOMPARE(perfect.mse, 0.0);
        QCOMPARE(perfect.mae, 0.0);
        QCOMPARE(perfect.r2, 1.0);

        Matrix c(1, 3), p(1, 3);
        c << 2, 2, 2;
        p << 1, 2, 3;
        const auto r = regressionReport(p, c);
        QVERIFY(std::isfinite(r.r2));
        QCOMPARE(r.r2, 0.0);
        QVERIFY(close(r.mse, 2.0 / 3.0));
    }
};

QTEST_APPLESS_MAIN(MetricsTest)
#include "test_metrics.moc"
