// Preprocessing: each normalization fitted by hand on small sets, fitted on the
// training part only (a validation set with other values is transformed with the
// training statistics), constant features, image sets staying uint8 when the
// transform folds into byteScale/byteOffset, size mismatches as errors, and the
// dataset panel's featureStats / classHistogram.
#include "core/data/preprocess.h"

#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

// Rows of a float classification set with the given labels (2 classes unless more appear).
Dataset floats(const std::vector<std::vector<float>>& rows, std::vector<int> labels = {}) {
    Dataset d;
    d.inputShape = Shape{static_cast<int>(rows.front().size())};
    for (const auto& r : rows) d.values.insert(d.values.end(), r.begin(), r.end());
    if (labels.empty()) labels.assign(rows.size(), 0);
    d.labels = labels;
    d.classNames = {"a", "b", "c"};
    return d;
}

// n images of 1x1x2 pixels (2 features) from byte rows.
Dataset images(const std::vector<std::vector<std::uint8_t>>& rows) {
    Dataset d;
    d.inputShape = Shape{1, 1, static_cast<int>(rows.front().size())};
    for (const auto& r : rows) d.bytes.insert(d.bytes.end(), r.begin(), r.end());
    d.labels.assign(rows.size(), 0);
    d.classNames = {"0"};
    return d;
}

bool near(float a, double b, double tol = 1e-5) { return std::fabs(static_cast<double>(a) - b) <= tol; }

#define VERIFY_NEAR(a, b)                                                                         \
    QVERIFY2(near((a), (b)), (std::to_string(a) + " != " + std::to_string(static_cast<double>(b))).c_str())

Preprocessing fit(Normalization n, const Dataset& train) {
    Preprocessing p;
    p.normalization = n;
    fitPreprocessing(p, train);
    return p;
}

}  // namespace

class TestPreprocess : public QObject {
    Q_OBJECT
private slots:
    void namesRoundTrip() {
        for (Normalization n : {Normalization::None, Normalization::Scale01, Normalization::MinMax,
                                Normalization::ZScore}) {
            auto r = normalizationFromName(normalizationName(n));
            QVERIFY(r.ok());
            QCOMPARE(*r, n);
        }
        QCOMPARE(normalizationName(Normalization::ZScore), std::string_view("zscore"));
        auto bad = normalizationFromName("z-score");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("'z-score'") != std::string::npos);
        QVERIFY(bad.error().message.find("none, scale01, minmax, zscore") != std::string::npos);
    }

    // Feature 0: 1, 2, 3, 6 -> mean 3, population variance (4+1+0+9)/4 = 3.5.
    // Feature 1: -4, 0, 2, 2 -> mean 0, variance (16+0+4+4)/4 = 6.
    void zscoreByHand() {
        const Dataset train = floats({{1, -4}, {2, 0}, {3, 2}, {6, 2}});
        const Preprocessing p = fit(Normalization::ZScore, train);
        QVERIFY(p.fitted());
        QCOMPARE(p.offset.size(), std::size_t(2));
        VERIFY_NEAR(p.offset[0], 3.0);
        VERIFY_NEAR(p.offset[1], 0.0);
        VERIFY_NEAR(p.scale[0], 1.0 / std::sqrt(3.5));
        VERIFY_NEAR(p.scale[1], 1.0 / std::sqrt(6.0));
        Dataset t = train;
        QVERIFY(applyPreprocessing(p, t).ok());
        VERIFY_NEAR(t.values[0], -2.0 / std::sqrt(3.5));
        VERIFY_NEAR(t.values[7], 2.0 / std::sqrt(6.0));
        // The transformed training part has mean 0 and standard deviation 1 per feature.
        const FeatureStats s = featureStats(t);
        for (int k = 0; k < 2; ++k) {
            VERIFY_NEAR(s.mean[static_cast<std::size_t>(k)], 0.0);
            VERIFY_NEAR(s.stddev[static_cast<std::size_t>(k)], 1.0);
        }
    }

    // originalValue undoes each fitted transform (the boundary plot's axes in
    // the data's units); unfitted, out-of-range and constant features pass through.
    void originalValueUndoesTheTransform() {
        const Dataset train = floats({{1, -4}, {2, 0}, {3, 2}, {6, 2}});
        for (Normalization n : {Normalization::ZScore, Normalization::MinMax, Normalization::Scale01}) {
            const Preprocessing p = fit(n, train);
            Dataset t = train;
            QVERIFY(applyPreprocessing(p, t).ok());
            for (std::size_t i = 0; i < t.values.size(); ++i) {
                QVERIFY(invertible(p, static_cast<int>(i % 2)));
                VERIFY_NEAR(static_cast<float>(originalValue(p, static_cast<int>(i % 2), t.values[i])), train.values[i]);
            }
            QCOMPARE(originalValue(p, 2, 0.25), 0.25);  // no feature 2
        }
        Preprocessing none;
        QVERIFY(!invertible(none, 0));
        QCOMPARE(originalValue(none, 0, 1.5), 1.5);
        const Preprocessing constant = fit(Normalization::ZScore, floats({{5, 1}, {5, 2}}));
        QVERIFY(!invertible(constant, 0));  // scale 0: every transformed value is 0
        QVERIFY(invertible(constant, 1));
        QCOMPARE(originalValue(constant, 0, 0.0), 0.0);
    }

    // Feature 0: min 2 max 10; feature 1: min -1 max 3.
    void minMaxByHand() {
        const Dataset train = floats({{2, 3}, {10, -1}, {4, 1}});
        const Preprocessing p = fit(Normalization::MinMax, train);
        VERIFY_NEAR(p.offset[0], 2.0);
        VERIFY_NEAR(p.scale[0], 1.0 / 8.0);
        VERIFY_NEAR(p.offset[1], -1.0);
        VERIFY_NEAR(p.scale[1], 1.0 / 4.0);
        Dataset t = train;
        QVERIFY(applyPreprocessing(p, t).ok());
        const std::vector<float> expect = {0, 1, 1, 0, 0.25f, 0.5f};
        for (std::size_t i = 0; i < expect.size(); ++i) VERIFY_NEAR(t.values[i], expect[i]);
    }

    // x / max|x|: feature 0 max|x| = 4 (from -4), feature 1 = 0.5.
    void scale01OnFloatsByHand() {
        const Dataset train = floats({{-4, 0.5f}, {2, 0.25f}});
        const Preprocessing p = fit(Normalization::Scale01, train);
        VERIFY_NEAR(p.offset[0], 0.0);
        VERIFY_NEAR(p.scale[0], 0.25);
        VERIFY_NEAR(p.scale[1], 2.0);
        Dataset t = train;
        QVERIFY(applyPreprocessing(p, t).ok());
        VERIFY_NEAR(t.values[0], -1.0);
        VERIFY_NEAR(t.values[1], 1.0);
        VERIFY_NEAR(t.values[2], 0.5);
        VERIFY_NEAR(t.values[3], 0.5);
    }

    void noneIsTheIdentity() {
        const Dataset train = floats({{1, 2}, {3, 4}});
        const Preprocessing p = fit(Normalization::None, train);
        QVERIFY(p.fitted());
        Dataset t = train;
        QVERIFY(applyPreprocessing(p, t).ok());
        QCOMPARE(t.values, train.values);
    }

    // The validation part has values far outside the training range: it must be
    // transformed with the TRAINING mean/std, not its own.
    void fittedOnTrainOnly() {
        const Dataset train = floats({{0}, {2}, {4}});  // mean 2, std sqrt(8/3)
        Dataset validation = floats({{100}, {102}});
        const Preprocessing p = fit(Normalization::ZScore, train);
        QVERIFY(applyPreprocessing(p, validation).ok());
        const double sd = std::sqrt(8.0 / 3.0);
        VERIFY_NEAR(validation.values[0], 98.0 / sd);
        VERIFY_NEAR(validation.values[1], 100.0 / sd);
        // Fitting again gives the same numbers (nothing left over from before).
        Preprocessing q = p;
        fitPreprocessing(q, train);
        QCOMPARE(q, p);
        // One sample (a typed-in value) goes through the same transform.
        std::vector<float> one = {4};
        QVERIFY(applyPreprocessing(p, one).ok());
        VERIFY_NEAR(one[0], 2.0 / sd);
    }

    // A feature constant on the training part maps to 0 everywhere (train and later data).
    void constantFeatures() {
        const Dataset train = floats({{5, 1}, {5, 3}});
        Dataset other = floats({{7, 2}});
        for (Normalization n : {Normalization::MinMax, Normalization::ZScore}) {
            const Preprocessing p = fit(n, train);
            QCOMPARE(p.scale[0], 0.0f);
            Dataset t = train, o = other;
            QVERIFY(applyPreprocessing(p, t).ok());
            QVERIFY(applyPreprocessing(p, o).ok());
            QCOMPARE(t.values[0], 0.0f);
            QCOMPARE(t.values[2], 0.0f);
            QCOMPARE(o.values[0], 0.0f);
            QVERIFY(std::isfinite(o.values[1]));
        }
        // Scale01: an all-zero feature stays 0 (no division by zero), a constant 5 maps to 1.
        const Dataset zeros = floats({{0, 5}, {0, 5}});
        const Preprocessing p = fit(Normalization::Scale01, zeros);
        Dataset t = zeros;
        QVERIFY(applyPreprocessing(p, t).ok());
        QCOMPARE(t.values[0], 0.0f);
        VERIFY_NEAR(t.values[1], 1.0);
    }

    // Scale01 on images: byte / 255, folded into byteScale: the bytes are untouched.
    void imagesStayBytesWhenTheTransformFolds() {
        const Dataset train = images({{0, 255}, {51, 102}});
        Preprocessing p = fit(Normalization::Scale01, train);
        QCOMPARE(p.offset, std::vector<float>(2, 0.0f));
        QCOMPARE(p.scale, std::vector<float>(2, 1.0f / 255.0f));
        Dataset t = train;
        t.byteScale = 1.0f;  // whatever mapping it had, the fitted one replaces it
        QVERIFY(applyPreprocessing(p, t).ok());
        QVERIFY(t.isImage());
        QVERIFY(t.values.empty());
        QCOMPARE(t.bytes, train.bytes);
        VERIFY_NEAR(t.sample(1)[0], 0.2);
        VERIFY_NEAR(t.sample(0)[1], 1.0);

        // A uniform offset also folds: byteOffset = -offset * scale.
        p.offset.assign(2, 127.5f);
        p.scale.assign(2, 1.0f / 127.5f);
        QVERIFY(applyPreprocessing(p, t).ok());
        QVERIFY(t.isImage());
        VERIFY_NEAR(t.sample(0)[0], -1.0);
        VERIFY_NEAR(t.sample(0)[1], 1.0);

        // None keeps the set's mapping (values as read).
        const Preprocessing none = fit(Normalization::None, train);
        Dataset u = train;
        QVERIFY(applyPreprocessing(none, u).ok());
        QVERIFY(u.isImage());
        VERIFY_NEAR(u.sample(0)[1], 1.0);
    }

    // Per-pixel statistics cannot fold into one byteScale: the values become floats,
    // fitted on the raw bytes. Pixel 0: 0, 10, 20 (mean 10); pixel 1: 100, 100, 100 (constant).
    void imagesBecomeFloatsForPerPixelStatistics() {
        const Dataset train = images({{0, 100}, {10, 100}, {20, 100}});
        const Preprocessing p = fit(Normalization::ZScore, train);
        VERIFY_NEAR(p.offset[0], 10.0);
        VERIFY_NEAR(p.scale[0], 1.0 / std::sqrt(200.0 / 3.0));
        QCOMPARE(p.scale[1], 0.0f);
        Dataset t = train;
        QVERIFY(applyPreprocessing(p, t).ok());
        QVERIFY(!t.isImage());
        QVERIFY(t.bytes.empty());
        QCOMPARE(t.count(), 3);
        VERIFY_NEAR(t.values[4], 10.0 / std::sqrt(200.0 / 3.0));
        QCOMPARE(t.values[5], 0.0f);

        const Preprocessing mm = fit(Normalization::MinMax, train);
        VERIFY_NEAR(mm.offset[0], 0.0);
        VERIFY_NEAR(mm.scale[0], 1.0 / 20.0);
    }

    void sizeMismatchIsAnError() {
        const Dataset train = floats({{1, 2, 3}, {4, 5, 6}});
        const Preprocessing p = fit(Normalization::ZScore, train);
        Dataset two = floats({{1, 2}});
        const Status s = applyPreprocessing(p, two);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.find("3 features") != std::string::npos, s.error().message.c_str());
        QVERIFY2(s.error().message.find("has 2") != std::string::npos, s.error().message.c_str());
        QCOMPARE(two.values, (std::vector<float>{1, 2}));  // untouched

        std::vector<float> sample = {1, 2, 3, 4};
        QVERIFY(!applyPreprocessing(p, sample).ok());

        Preprocessing unfitted;
        unfitted.normalization = Normalization::MinMax;
        const Status u = applyPreprocessing(unfitted, two);
        QVERIFY(!u.ok());
        QVERIFY2(u.error().message.find("not been fitted") != std::string::npos, u.error().message.c_str());
    }

    void featureStatsAndHistogram() {
        const Dataset d = floats({{1, -4}, {2, 0}, {3, 2}, {6, 2}}, {0, 2, 2, 0});
        const FeatureStats s = featureStats(d);
        QCOMPARE(s.min, (std::vector<float>{1, -4}));
        QCOMPARE(s.max, (std::vector<float>{6, 2}));
        VERIFY_NEAR(s.mean[0], 3.0);
        VERIFY_NEAR(s.stddev[0], std::sqrt(3.5));
        QCOMPARE(classHistogram(d), (std::vector<long>{2, 0, 2}));

        // Image statistics in the values the model sees (bytes through byteScale).
        const Dataset img = images({{0, 255}, {51, 255}});
        const FeatureStats si = featureStats(img);
        VERIFY_NEAR(si.min[0], 0.0);
        VERIFY_NEAR(si.max[0], 0.2);
        VERIFY_NEAR(si.mean[0], 0.1);
        VERIFY_NEAR(si.stddev[0], 0.1);
        VERIFY_NEAR(si.stddev[1], 0.0);
        QCOMPARE(classHistogram(img), (std::vector<long>{2}));

        // Regression sets have no classes.
        Dataset r = floats({{1}});
        r.task = TaskKind::Regression;
        r.labels.clear();
        r.classNames.clear();
        QVERIFY(classHistogram(r).empty());
        // An empty set gives zero statistics of the right size, not NaN.
        Dataset e = floats({{1, 2}});
        e.values.clear();
        e.labels.clear();
        const FeatureStats se = featureStats(e);
        QCOMPARE(se.mean.size(), std::size_t(2));
        QCOMPARE(se.mean[0], 0.0f);
    }
};

QTEST_APPLESS_MAIN(TestPreprocess)
#include "test_preprocess.moc"
