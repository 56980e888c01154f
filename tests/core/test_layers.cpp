// Layers: registry entries and shape rules, hand-computed forward values,
// Train/Eval behaviour, and a finite-difference gradient check of every type.
#include "core/layers/layer_registry.h"
#include "core/layers/activations.h"
#include "core/layers/batchnorm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/dropout.h"
#include "core/layers/merge.h"
#include "core/layers/pooling.h"
#include "core/teach/gradient_check.h"

#include "registry_shape.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <tuple>
#include <vector>

using namespace layerlab::core;

namespace {

using layerlab_test::reg;
using layerlab_test::shapeOf;

struct Made { std::unique_ptr<Layer> layer; Shape out; };

Made make(const std::string& type, const ParamMap& params, const std::vector<Shape>& in, std::uint64_t seed = 1) {
    const LayerInfo* info = reg().find(type);
    const ParamMap p = reg().withDefaults(*info, params);
    auto out = info->shape(p, in);
    if (!out) qFatal("shape rule refused %s: %s", type.c_str(), out.error().message.c_str());
    return {info->create(p, in, *out, seed), *out};
}

// Gradient check through the registry; prints the report on failure.
bool gradOk(const std::string& type, const ParamMap& params, const std::vector<Shape>& in, int batch = 3,
            std::uint64_t seed = 7) {
    Made m = make(type, params, in);
    GradCheckReport r = checkLayerGradients(*m.layer, in, m.out, batch, seed);
    if (!r.passed)
        qWarning("%s: max relative error %g at %s (%d checked)", type.c_str(), r.maxRelError, r.worst.c_str(),
                 r.checked);
    return r.passed && r.checked > 0;
}

ParamMap P(std::initializer_list<std::pair<const std::string, ParamValue>> kv) { return ParamMap(kv); }

Matrix forward1(Layer& layer, const Matrix& x, Mode mode = Mode::Train) {
    const Matrix* in[] = {&x};
    Matrix out;
    layer.forward(in, out, mode);
    return out;
}

// A Dense-like layer whose backward is wrong in a chosen way.
class BrokenLinear final : public Layer {
public:
    enum class Bug { Scale, Sign, Overwrite, ParamScale };
    BrokenLinear(int in, int out, Bug bug) : in_(in), out_(out), bug_(bug) {}
    std::size_t paramCount() const override { return static_cast<std::size_t>(in_ * out_); }
    void bind(Scalar* p, Scalar* g, Scalar*) override { p_ = p; g_ = g; }
    void initialize(Rng& rng) override {
        for (int i = 0; i < in_ * out_; ++i) p_[i] = static_cast<Scalar>(uniform(rng, -1, 1));
    }
    void forward(std::span<const Matrix* const> in, Matrix& out, Mode) override {
        out.noalias() = ConstMatrixMap(p_, out_, in_) * *in[0];
    }
    void backward(std::span<const Matrix* const> in, const Matrix&, const Matrix& dOut,
                  std::span<Matrix* const> dIn) override {
        MatrixMap(g_, out_, in_).noalias() += (bug_ == Bug::ParamScale ? 1.1f : 1.0f) * dOut * in[0]->transpose();
        const Matrix dx = ConstMatrixMap(p_, out_, in_).transpose() * dOut;
        switch (bug_) {
        case Bug::Scale: *dIn[0] += 1.1f * dx; break;
        case Bug::Sign: *dIn[0] -= dx; break;
        case Bug::Overwrite: *dIn[0] = dx; break;
        case Bug::ParamScale: *dIn[0] += dx; break;
        }
    }

private:
    int in_, out_;
    Bug bug_;
    Scalar *p_ = nullptr, *g_ = nullptr;
};

}  // namespace

class TestLayers : public QObject {
    Q_OBJECT

private slots:
    void registryHasAllTypes() {
        const char* types[] = {"Input", "Dense",   "Conv2D", "MaxPool2D", "AvgPool2D", "Flatten", "Dropout", "BatchNorm",
                               "ReLU",  "LeakyReLU", "Sigmoid", "Tanh",    "Softmax",   "Add",     "Concat",
                               "SimpleRNN", "LSTM", "GRU", "LastStep"};
        QCOMPARE(reg().all().size(), std::size(types));
        const std::vector<std::string> categories = {"Core",  "Convolution",    "Activation",
                                                     "Merge", "Regularization", "Normalization",
                                                     "Recurrent"};
        for (const char* t : types) {
            const LayerInfo* info = reg().find(t);
            QVERIFY2(info, t);
            QVERIFY2(!info->displayName.empty() && !info->description.empty(), t);
            QVERIFY2(std::find(categories.begin(), categories.end(), info->category) != categories.end(), t);
            QVERIFY2(info->shape, t);
            QCOMPARE(info->isInput, std::string(t) == "Input");
            QCOMPARE(static_cast<bool>(info->create), std::string(t) != "Input");
            for (const ParamSpec& p : info->params) QVERIFY2(!p.help.empty() && !p.label.empty(), p.name.c_str());
        }
        QCOMPARE(reg().find("Input")->inputCount, 0);
        QCOMPARE(reg().find("Add")->inputCountParam, std::string("inputs"));
        QCOMPARE(reg().find("Concat")->inputs(reg().withDefaults(*reg().find("Concat"), P({{"inputs", std::int64_t{3}}}))), 3);
        QCOMPARE(reg().find("Dense")->inputs({}), 1);
    }

    void paramDefaultsValidate() {
        for (const LayerInfo& info : reg().all()) {
            const ParamMap p = reg().withDefaults(info, {});
            QVERIFY2(reg().validate(info, p).ok(), info.type.c_str());
        }
        const LayerInfo& dense = *reg().find("Dense");
        QCOMPARE(paramInt(reg().withDefaults(dense, {}), "units"), std::int64_t{16});
        QCOMPARE(paramString(reg().withDefaults(dense, {}), "init"), std::string("xavier_uniform"));
        QVERIFY(!reg().validate(dense, P({{"units", std::int64_t{0}}})).ok());
        QVERIFY(!reg().validate(dense, P({{"init", std::string("glorot")}})).ok());
        QVERIFY(!reg().validate(*reg().find("Dropout"), P({{"rate", 0.99}})).ok());
        QVERIFY(!reg().validate(*reg().find("Conv2D"), P({{"padding", std::string("full")}})).ok());
        QCOMPARE(paramFloat(reg().withDefaults(*reg().find("BatchNorm"), {}), "momentum"), 0.9);
        QCOMPARE(*shapeOf("Input", {}, {}), Shape({2}));
        QCOMPARE(*shapeOf("Input", P({{"shape", std::string("1x28x28")}}), {}), Shape({1, 28, 28}));
    }

    void shapeRulesAccept() {
        const Shape img{1, 28, 28};
        QCOMPARE(*shapeOf("Dense", P({{"units", std::int64_t{10}}}), {img}), Shape({10}));
        QCOMPARE(*shapeOf("Conv2D", {}, {img}), Shape({32, 26, 26}));
        QCOMPARE(*shapeOf("Conv2D", P({{"padding", std::string("same")}}), {img}), Shape({32, 28, 28}));
        QCOMPARE(*shapeOf("Conv2D", P({{"padding", std::string("same")}, {"stride", std::int64_t{2}}}), {img}),
                 Shape({32, 14, 14}));
        QCOMPARE(*shapeOf("Conv2D", P({{"stride", std::int64_t{2}}, {"filters", std::int64_t{4}}}), {Shape{3, 7, 7}}),
                 Shape({4, 3, 3}));
        QCOMPARE(*shapeOf("MaxPool2D", {}, {Shape{32, 26, 26}}), Shape({32, 13, 13}));
        QCOMPARE(*shapeOf("AvgPool2D", P({{"size", std::int64_t{3}}, {"stride", std::int64_t{2}}}), {Shape{2, 7, 7}}),
                 Shape({2, 3, 3}));
        QCOMPARE(*shapeOf("Flatten", {}, {Shape{32, 13, 13}}), Shape({5408}));
        for (const char* t : {"ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "Dropout", "BatchNorm"}) {
            QCOMPARE(*shapeOf(t, {}, {img}), img);
            QCOMPARE(*shapeOf(t, {}, {Shape{5}}), Shape({5}));
        }
        QCOMPARE(*shapeOf("Add", P({{"inputs", std::int64_t{3}}}), {img, img, img}), img);
        QCOMPARE(*shapeOf("Concat", {}, {Shape{3}, Shape{4}}), Shape({7}));
        QCOMPARE(*shapeOf("Concat", P({{"inputs", std::int64_t{3}}}), {Shape{1, 4, 4}, Shape{2, 4, 4}, Shape{3, 4, 4}}),
                 Shape({6, 4, 4}));
    }

    void shapeRulesRefuse() {
        auto msg = [](const Result<Shape>& r) { return r ? std::string("(accepted)") : r.error().message; };
        auto has = [](const std::string& m, const char* part) { return m.find(part) != std::string::npos; };
        std::string m = msg(shapeOf("Conv2D", {}, {Shape{784}}));
        QVERIFY2(has(m, "image input") && has(m, "784") && has(m, "1x28x28"), m.c_str());
        m = msg(shapeOf("MaxPool2D", {}, {Shape{10}}));
        QVERIFY2(has(m, "needs an image input") && has(m, "10"), m.c_str());
        QVERIFY(has(msg(shapeOf("AvgPool2D", {}, {Shape{10}})), "needs an image input"));
        m = msg(shapeOf("Conv2D", P({{"kernel", std::int64_t{5}}}), {Shape{1, 4, 4}}));
        QVERIFY2(has(m, "5x5 kernel is larger than the 4x4 input"), m.c_str());
        QVERIFY(shapeOf("Conv2D", P({{"kernel", std::int64_t{5}}, {"padding", std::string("same")}}), {Shape{1, 4, 4}}));
        m = msg(shapeOf("MaxPool2D", P({{"size", std::int64_t{3}}}), {Shape{1, 2, 2}}));
        QVERIFY2(has(m, "larger than the 2x2 input"), m.c_str());
        m = msg(shapeOf("Add", {}, {Shape{32, 13, 13}, Shape{64}}));
        QVERIFY2(has(m, "32x13x13") && has(m, "64") && has(m, "same shape"), m.c_str());
        m = msg(shapeOf("Concat", {}, {Shape{1, 4, 4}, Shape{1, 5, 5}}));
        QVERIFY2(has(m, "1x4x4") && has(m, "1x5x5") && has(m, "height"), m.c_str());
        m = msg(shapeOf("Concat", {}, {Shape{1, 4, 4}, Shape{16}}));
        QVERIFY2(has(m, "1x4x4") && has(m, "16") && has(m, "Flatten"), m.c_str());
    }

    void flopRules() {
        const LayerInfo& dense = *reg().find("Dense");
        const ParamMap dp = reg().withDefaults(dense, P({{"units", std::int64_t{128}}}));
        const std::vector<Shape> in784{Shape{784}};
        QCOMPARE(dense.flops(dp, in784, Shape{128}), 2.0 * 784 * 128);
        const LayerInfo& conv = *reg().find("Conv2D");
        const std::vector<Shape> img{Shape{1, 28, 28}};
        QCOMPARE(conv.flops(reg().withDefaults(conv, {}), img, Shape{32, 26, 26}), 2.0 * 32 * 26 * 26 * 9);
    }

    void gradDense() {
        QVERIFY(gradOk("Dense", P({{"units", std::int64_t{4}}}), {Shape{6}}));
        QVERIFY(gradOk("Dense", P({{"units", std::int64_t{3}}, {"use_bias", false}}), {Shape{5}}));
        QVERIFY(gradOk("Dense", P({{"units", std::int64_t{5}}}), {Shape{2, 3, 3}}, 4));
    }

    void gradConv2D() {
        QVERIFY(gradOk("Conv2D", P({{"filters", std::int64_t{2}}}), {Shape{1, 5, 5}}));
        QVERIFY(gradOk("Conv2D", P({{"filters", std::int64_t{3}}, {"padding", std::string("same")}}), {Shape{2, 4, 5}}));
        QVERIFY(gradOk("Conv2D", P({{"filters", std::int64_t{2}}, {"stride", std::int64_t{2}}}), {Shape{2, 7, 6}}));
        QVERIFY(gradOk("Conv2D",
                       P({{"filters", std::int64_t{2}}, {"stride", std::int64_t{2}}, {"padding", std::string("same")},
                          {"kernel", std::int64_t{2}}, {"use_bias", false}}),
                       {Shape{3, 5, 5}}));
        QVERIFY(gradOk("Conv2D", P({{"filters", std::int64_t{2}}, {"kernel", std::int64_t{1}}}), {Shape{3, 3, 3}}, 2));
    }

    void gradPooling() {
        QVERIFY(gradOk("MaxPool2D", {}, {Shape{2, 4, 6}}));
        QVERIFY(gradOk("MaxPool2D", P({{"size", std::int64_t{3}}, {"stride", std::int64_t{2}}}), {Shape{2, 7, 7}}));
        QVERIFY(gradOk("AvgPool2D", {}, {Shape{2, 4, 6}}));
        QVERIFY(gradOk("AvgPool2D", P({{"size", std::int64_t{3}}, {"stride", std::int64_t{1}}}), {Shape{1, 5, 4}}));
    }

    void gradFlatten() { QVERIFY(gradOk("Flatten", {}, {Shape{2, 3, 3}})); }

    void gradDropout() {
        QVERIFY(gradOk("Dropout", P({{"rate", 0.5}}), {Shape{20}}, 4));
        QVERIFY(gradOk("Dropout", P({{"rate", 0.0}}), {Shape{2, 3, 3}}));
    }

    void gradBatchNorm() {
        QVERIFY(gradOk("BatchNorm", {}, {Shape{5}}, 6));
        QVERIFY(gradOk("BatchNorm", {}, {Shape{3, 3, 4}}, 3));
    }

    void gradActivations() {
        for (const char* t : {"ReLU", "Sigmoid", "Tanh", "Softmax"}) {
            QVERIFY2(gradOk(t, {}, {Shape{7}}, 4), t);
            QVERIFY2(gradOk(t, {}, {Shape{2, 3, 3}}, 2), t);
        }
        QVERIFY(gradOk("LeakyReLU", P({{"alpha", 0.2}}), {Shape{9}}, 4));
    }

    void gradMerge() {
        const auto n3 = P({{"inputs", std::int64_t{3}}});
        QVERIFY(gradOk("Add", {}, {Shape{6}, Shape{6}}));
        QVERIFY(gradOk("Add", n3, {Shape{2, 3, 3}, Shape{2, 3, 3}, Shape{2, 3, 3}}));
        QVERIFY(gradOk("Concat", {}, {Shape{3}, Shape{5}}));
        QVERIFY(gradOk("Concat", n3, {Shape{1, 3, 3}, Shape{2, 3, 3}, Shape{1, 3, 3}}));
    }

    void addFanOutSums() {
        // One matrix feeds both inputs of Add: its gradient must be the sum, added to what was there.
        Add add;
        Matrix x = Matrix::Random(4, 3), out;
        const Matrix* in[] = {&x, &x};
        add.forward(in, out, Mode::Train);
        QVERIFY(out.isApprox(2 * x));
        const Matrix dOut = Matrix::Random(4, 3);
        Matrix dx = Matrix::Constant(4, 3, 0.5f);
        Matrix* dIn[] = {&dx, &dx};
        add.backward(in, out, dOut, dIn);
        QVERIFY(dx.isApprox((Matrix::Constant(4, 3, 0.5f) + 2 * dOut).eval()));
        // The same through Concat (fan-out into both halves), and a null entry is skipped.
        Concat concat(std::vector<Shape>{Shape{4}, Shape{4}});
        concat.forward(in, out, Mode::Train);
        const Matrix dOut2 = Matrix::Random(8, 3);
        dx.setConstant(1.0f);
        concat.backward(in, out, dOut2, dIn);
        QVERIFY(dx.isApprox((Matrix::Constant(4, 3, 1.0f) + dOut2.topRows(4) + dOut2.bottomRows(4)).eval()));
        Matrix* dInNull[] = {&dx, nullptr};
        concat.backward(in, out, dOut2, dInNull);
    }

    void checkerCatchesWrongLayers() {
        const std::vector<Shape> in{Shape{5}};
        for (auto bug : {BrokenLinear::Bug::Scale, BrokenLinear::Bug::Sign, BrokenLinear::Bug::Overwrite,
                         BrokenLinear::Bug::ParamScale}) {
            BrokenLinear broken(5, 3, bug);
            GradCheckReport r = checkLayerGradients(broken, in, Shape{3}, 3, 11);
            QVERIFY(!r.passed && r.maxRelError > 0.04 && r.checked > 0);
            QVERIFY2(r.worst.rfind(bug == BrokenLinear::Bug::ParamScale ? "param" : "input 0 [", 0) == 0,
                     r.worst.c_str());
        }
    }

    void denseForwardValues() {
        Dense d(3, 2, true, ParamInit{InitKind::Zeros});
        // W = [1 2 3; 4 5 6] column-major, b = [0.5, -1]
        std::vector<Scalar> p = {1, 4, 2, 5, 3, 6, 0.5f, -1}, g(8, 0);
        d.bind(p.data(), g.data(), nullptr);
        Matrix x = (Matrix(3, 2) << 1, 0, 1, 1, 1, -1).finished();
        Matrix expect = (Matrix(2, 2) << 6.5f, -0.5f, 14, -2).finished();
        QVERIFY(forward1(d, x).isApprox(expect));
        Rng rng(1);
        d.initialize(rng);
        QVERIFY(std::all_of(p.begin(), p.end(), [](Scalar v) { return v == 0; }));
        // Dense skips the input gradient when it is not needed, and still fills dW.
        Matrix* none[] = {nullptr};
        const Matrix* in[] = {&x};
        d.backward(in, expect, Matrix::Ones(2, 2), none);
        QCOMPARE(g[0], 1.0f);  // dW(0,0) = sum over batch of x(0,:) = 1 + 0
        QCOMPARE(g[6], 2.0f);  // db(0) = batch
    }

    void conv2dForwardValues() {
        // 1x3x3 input 1..9, one 2x2 kernel [1 0; 0 -1] (w00, w01, w10, w11 in c,kh,kw order), bias 10.
        Conv2D c(Shape{1, 3, 3}, 1, 2, 1, false, true, ParamInit{InitKind::Zeros});
        std::vector<Scalar> p = {1, 0, 0, -1, 10}, g(5, 0);
        c.bind(p.data(), g.data(), nullptr);
        Matrix x = (Matrix(9, 1) << 1, 2, 3, 4, 5, 6, 7, 8, 9).finished();
        Matrix expect = (Matrix(4, 1) << 1 - 5 + 10, 2 - 6 + 10, 4 - 8 + 10, 5 - 9 + 10).finished();
        QVERIFY(forward1(c, x).isApprox(expect));
        QVERIFY(forward1(c, x, Mode::Eval).isApprox(expect));
        // 'same' padding: 3x3 output; the bottom-right position sees 9 and three zeros.
        Conv2D same(Shape{1, 3, 3}, 1, 2, 1, true, false, ParamInit{InitKind::Zeros});
        same.bind(p.data(), g.data(), nullptr);
        const Matrix y = forward1(same, x);
        QCOMPARE(y.rows(), Eigen::Index{9});
        QCOMPARE(y(0, 0), -4.0f);
        QCOMPARE(y(8, 0), 9.0f);
    }

    void conv2dMatchesDirectConvolution() {
        const int C = 2, H = 5, W = 6, F = 3, k = 3;
        for (int stride : {1, 2})
            for (bool same : {false, true}) {
                Conv2D c(Shape{C, H, W}, F, k, stride, same, true, ParamInit{InitKind::Zeros});
                std::vector<Scalar> p(c.paramCount()), g(p.size());
                Rng rng(3);
                for (Scalar& v : p) v = static_cast<Scalar>(uniform(rng, -1, 1));
                c.bind(p.data(), g.data(), nullptr);
                const Matrix x = Matrix::Random(C * H * W, 2);
                const Matrix y = forward1(c, x);
                const int outH = same ? (H + stride - 1) / stride : (H - k) / stride + 1;
                const int outW = same ? (W + stride - 1) / stride : (W - k) / stride + 1;
                const int padT = same ? std::max((outH - 1) * stride + k - H, 0) / 2 : 0;
                const int padL = same ? std::max((outW - 1) * stride + k - W, 0) / 2 : 0;
                QCOMPARE(y.rows(), Eigen::Index{F * outH * outW});
                for (int n = 0; n < 2; ++n)
                    for (int f = 0; f < F; ++f)
                        for (int oh = 0; oh < outH; ++oh)
                            for (int ow = 0; ow < outW; ++ow) {
                                double s = p[static_cast<std::size_t>(F * C * k * k + f)];
                                for (int ch = 0; ch < C; ++ch)
                                    for (int kh = 0; kh < k; ++kh)
                                        for (int kw = 0; kw < k; ++kw) {
                                            const int h = oh * stride + kh - padT, w = ow * stride + kw - padL;
                                            if (h < 0 || h >= H || w < 0 || w >= W) continue;
                                            s += p[static_cast<std::size_t>(f + F * ((ch * k + kh) * k + kw))] *
                                                 x(ch * H * W + h * W + w, n);
                                        }
                                QVERIFY(std::abs(s - y(f * outH * outW + oh * outW + ow, n)) < 1e-4);
                            }
            }
    }

    void conv2dInitialization() {
        Made m = make("Conv2D", P({{"filters", std::int64_t{4}}, {"init", std::string("constant")},
                                   {"init_value", 0.25}}), {Shape{2, 5, 5}});
        QCOMPARE(m.layer->paramCount(), std::size_t{4 * 2 * 9 + 4});
        std::vector<Scalar> p(m.layer->paramCount(), -1), g(p.size());
        m.layer->bind(p.data(), g.data(), nullptr);
        Rng rng(1);
        m.layer->initialize(rng);
        QVERIFY(std::all_of(p.begin(), p.end() - 4, [](Scalar v) { return v == 0.25f; }));
        QVERIFY(std::all_of(p.end() - 4, p.end(), [](Scalar v) { return v == 0; }));
        Made d = make("Dense", P({{"units", std::int64_t{3}}, {"use_bias", false}}), {Shape{1, 2, 2}});
        QCOMPARE(d.layer->paramCount(), std::size_t{12});
    }

    // The bias initializer: zeros by default (old projects, which do not name it,
    // start as before), or every bias at a constant; the weights are drawn from
    // the same seed either way (the bias initializer never draws).
    void biasInitialization() {
        for (const char* type : {"Dense", "Conv2D"}) {
            const LayerInfo& info = *reg().find(type);
            QCOMPARE(paramString(reg().withDefaults(info, {}), "bias_init"), std::string("zeros"));
            QVERIFY(reg().validate(info, reg().withDefaults(info, P({{"bias_init", std::string("constant")}}))).ok());
            QVERIFY(!reg().validate(info, reg().withDefaults(info, P({{"bias_init", std::string("he_normal")}}))).ok());
            QVERIFY(!reg().validate(info, reg().withDefaults(info, P({{"bias_value", 11.0}}))).ok());
        }
        const std::vector<Shape> denseIn{Shape{3}}, convIn{Shape{2, 5, 5}};
        for (const auto& [type, in, units] :
             {std::tuple{"Dense", denseIn, std::size_t{4}}, std::tuple{"Conv2D", convIn, std::size_t{4}}}) {
            const std::string key = std::string(type) == "Dense" ? "units" : "filters";
            auto params = [&](ParamMap extra) {
                extra[key] = std::int64_t{4};
                return extra;
            };
            auto init = [&](const ParamMap& p) {
                Made m = make(type, p, in);
                std::vector<Scalar> v(m.layer->paramCount(), -7), g(v.size());
                m.layer->bind(v.data(), g.data(), nullptr);
                Rng rng(42);
                m.layer->initialize(rng);
                return v;
            };
            const std::vector<Scalar> plain = init(params({}));
            const std::vector<Scalar> constant =
                init(params({{"bias_init", std::string("constant")}, {"bias_value", -0.25}}));
            // The bias_value alone does nothing while the initializer is zeros (like init_value).
            QCOMPARE(init(params({{"bias_value", 3.0}})), plain);
            QCOMPARE(plain.size(), constant.size());
            const std::size_t nW = plain.size() - units;
            for (std::size_t i = 0; i < nW; ++i) QCOMPARE(constant[i], plain[i]);  // same seeded weights
            for (std::size_t i = nW; i < plain.size(); ++i) {
                QCOMPARE(plain[i], Scalar{0});
                QCOMPARE(constant[i], Scalar(-0.25));
            }
        }
        // With the constant weight initializer too: the textbook's "every weight and bias 0.5".
        Made d = make("Dense", P({{"units", std::int64_t{2}}, {"init", std::string("constant")}, {"init_value", 0.5},
                                  {"bias_init", std::string("constant")}, {"bias_value", 0.5}}),
                      {Shape{2}});
        std::vector<Scalar> v(d.layer->paramCount()), g(v.size());
        d.layer->bind(v.data(), g.data(), nullptr);
        Rng rng(1);
        d.layer->initialize(rng);
        QCOMPARE(v, std::vector<Scalar>(6, 0.5f));
        // The gradients do not depend on how the biases started.
        QVERIFY(gradOk("Dense", P({{"units", std::int64_t{3}}, {"bias_init", std::string("constant")}, {"bias_value", 1.5}}),
                       {Shape{4}}));
    }

    void maxPoolForwardValues() {
        MaxPool2D pool(Shape{1, 4, 4}, 2, 0);
        Matrix x(16, 1);
        x << 1, 3, 0, 0,  //
            2, 3, 0, -1,  // window (0,0) ties 3,3: the first one wins
            5, 6, 7, 8,   //
            1, 2, 9, 4;
        Matrix expect = (Matrix(4, 1) << 3, 0, 6, 9).finished();
        const Matrix y = forward1(pool, x);
        QVERIFY(y.isApprox(expect));
        Matrix dx = Matrix::Zero(16, 1);
        Matrix* dIn[] = {&dx};
        const Matrix* in[] = {&x};
        Matrix dOut = (Matrix(4, 1) << 1, 2, 3, 4).finished();
        pool.backward(in, y, dOut, dIn);
        Matrix expectDx = Matrix::Zero(16, 1);
        expectDx(1) = 1;   // first 3
        expectDx(2) = 2;   // first 0 of the tied zeros
        expectDx(9) = 3;   // 6
        expectDx(14) = 4;  // 9
        QVERIFY(dx.isApprox(expectDx));
    }

    void maxPoolMatchesNaive() {
        // Values in {0,1,2}: many ties. Fast 2x2 path and generic path against a direct scan.
        struct G { int C, H, W, size, stride; };
        for (G g : {G{2, 6, 6, 2, 2}, G{2, 7, 6, 2, 2}, G{1, 6, 8, 2, 1}, G{2, 7, 7, 3, 2}}) {
            MaxPool2D pool(Shape{g.C, g.H, g.W}, g.size, g.stride);
            Matrix x = (Matrix::Random(g.C * g.H * g.W, 3).array() * 1.5f).round().abs().matrix();
            const Matrix y = forward1(pool, x);
            const int outH = (g.H - g.size) / g.stride + 1, outW = (g.W - g.size) / g.stride + 1;
            const Matrix dOut = Matrix::Random(y.rows(), y.cols());
            Matrix dx = Matrix::Zero(x.rows(), x.cols()), expectDx = dx;
            Matrix* dIn[] = {&dx};
            const Matrix* in[] = {&x};
            pool.backward(in, y, dOut, dIn);
            for (int n = 0; n < 3; ++n)
                for (int c = 0; c < g.C; ++c)
                    for (int oh = 0; oh < outH; ++oh)
                        for (int ow = 0; ow < outW; ++ow) {
                            int best = -1;
                            for (int kh = 0; kh < g.size; ++kh)
                                for (int kw = 0; kw < g.size; ++kw) {
                                    const int i = c * g.H * g.W + (oh * g.stride + kh) * g.W + ow * g.stride + kw;
                                    if (best < 0 || x(i, n) > x(best, n)) best = i;
                                }
                            const int o = (c * outH + oh) * outW + ow;
                            QCOMPARE(y(o, n), x(best, n));
                            expectDx(best, n) += dOut(o, n);
                        }
            QVERIFY(dx.isApprox(expectDx));
        }
    }

    void avgPoolForwardValues() {
        AvgPool2D pool(Shape{2, 2, 2}, 2, 0);
        Matrix x(8, 2);
        x.col(0) << 1, 2, 3, 4, -1, -1, -1, 3;
        x.col(1) << 0, 0, 0, 4, 8, 8, 8, 8;
        Matrix expect = (Matrix(2, 2) << 2.5f, 1, 0, 8).finished();
        QVERIFY(forward1(pool, x).isApprox(expect));
    }

    void softmaxForwardValues() {
        Softmax s;
        Matrix x(3, 2);
        x << 0, 1000, std::log(2.0f), 1000, std::log(5.0f), 1000;  // second column: overflow without the max shift
        const Matrix y = forward1(s, x);
        Matrix expect = (Matrix(3, 2) << 0.125f, 1 / 3.0f, 0.25f, 1 / 3.0f, 0.625f, 1 / 3.0f).finished();
        QVERIFY(y.allFinite());
        QVERIFY(y.isApprox(expect, 1e-5f));
    }

    void dropoutTrainEval() {
        const Matrix x = Matrix::Constant(100, 50, 2.0f);
        Dropout a(0.3, 42), b(0.3, 42), c(0.3, 43);
        QVERIFY(forward1(a, x, Mode::Eval) == x);
        const Matrix ya = forward1(a, x);
        QVERIFY(ya == forward1(b, x));     // same seed, same mask
        QVERIFY(ya != forward1(c, x));     // another seed, another mask
        QVERIFY(ya != forward1(a, x));     // a new mask every step
        const double dropped = (ya.array() == 0).cast<double>().mean();
        QVERIFY2(dropped > 0.25 && dropped < 0.35, std::to_string(dropped).c_str());
        QVERIFY(((ya.array() == 0) || ((ya.array() - 2.0f / 0.7f).abs() < 1e-5f)).all());
        QVERIFY(std::abs(ya.mean() - 2.0) < 0.1);  // inverted dropout keeps the expectation
        Dropout none(0.0, 1);
        QVERIFY(forward1(none, x) == x);
    }

    void batchNormTrainEval() {
        BatchNorm bn(Shape{3}, 0.9, 1e-5);
        std::vector<Scalar> p(6), g(6), st(6);
        bn.bind(p.data(), g.data(), st.data());
        Rng rng(1);
        bn.initialize(rng);
        QVERIFY((p == std::vector<Scalar>{1, 1, 1, 0, 0, 0}) && (st == std::vector<Scalar>{0, 0, 0, 1, 1, 1}));
        Matrix x(3, 4);
        x << 1, 2, 3, 4,  //
            10, 10, 10, 10,  //
            -2, 0, 2, 4;
        Matrix y = forward1(bn, x);
        QVERIFY(y.rowwise().mean().cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY(std::abs(y.row(0).squaredNorm() / 4 - 1) < 1e-3);
        QVERIFY(y.row(1).cwiseAbs().maxCoeff() < 1e-5f);  // constant feature -> 0
        // running = 0.9 * running + 0.1 * batch (unbiased variance)
        QVERIFY(std::abs(st[0] - 0.25f) < 1e-6f && std::abs(st[1] - 1.0f) < 1e-6f);
        QVERIFY(std::abs(st[3] - (0.9f + 0.1f * 5 / 3.0f)) < 1e-5f && std::abs(st[4] - 0.9f) < 1e-6f);
        // Eval uses the running statistics and changes nothing else.
        const std::vector<Scalar> before = st;
        const Matrix e = forward1(bn, x, Mode::Eval);
        QVERIFY(st == before);
        QVERIFY(std::abs(e(0, 0) - (1 - 0.25f) / std::sqrt(st[3] + 1e-5f)) < 1e-5f);
        // Images: statistics per channel over batch and positions.
        BatchNorm img(Shape{2, 2, 2}, 0.9, 1e-5);
        std::vector<Scalar> p2(4), g2(4), st2(4);
        img.bind(p2.data(), g2.data(), st2.data());
        img.initialize(rng);
        p2[0] = 2;  // gamma of channel 0
        p2[3] = 1;  // beta of channel 1
        const Matrix xi = Matrix::Random(8, 3);
        const Matrix yi = forward1(img, xi);
        const Eigen::Map<const Eigen::Matrix<Scalar, 4, 6>> v(yi.data());  // column c + 2n: channel c of sample n
        double m0 = 0, m1 = 0, q0 = 0;
        for (int n = 0; n < 3; ++n) {
            m0 += v.col(2 * n).sum();
            m1 += v.col(2 * n + 1).sum();
            q0 += v.col(2 * n).squaredNorm();
        }
        QVERIFY(std::abs(m0 / 12) < 1e-5 && std::abs(m1 / 12 - 1) < 1e-5 && std::abs(q0 / 12 - 4) < 1e-2);
    }
};

QTEST_APPLESS_MAIN(TestLayers)
#include "test_layers.moc"
