// SimpleRNN, LSTM and GRU (recurrent.h): the shared frame (time-major input,
// one input projection, per-step recurrent product, BPTT, weight gradients as
// products over all steps) and the three cells' step functions.
#include "core/layers/recurrent.h"

#include <Eigen/QR>

#include <array>
#include <cassert>
#include <cmath>

namespace layerlab::core {

namespace {

// y = a(x), elementwise, into a block.
template <class X, class Y>
void activate(RecurrentActivation a, const X& x, Y&& y) {
    switch (a) {
        case RecurrentActivation::Tanh: y.array() = x.array().tanh(); break;
        case RecurrentActivation::ReLU: y.array() = x.array().cwiseMax(Scalar{0}); break;
        case RecurrentActivation::Sigmoid: y.array() = x.array().logistic(); break;
        case RecurrentActivation::HardSigmoid:
            y.array() = ((x.array() + Scalar{3}).cwiseMax(Scalar{0}).cwiseMin(Scalar{6})) * Scalar(1.0 / 6.0);
            break;
    }
}

// out = d .* a'(x), with a'(x) written in terms of y = a(x).
template <class Y, class D, class Out>
void timesDerivative(RecurrentActivation a, const Y& y, const D& d, Out&& out) {
    switch (a) {
        case RecurrentActivation::Tanh: out.array() = d.array() * (Scalar{1} - y.array().square()); break;
        case RecurrentActivation::ReLU: out.array() = (y.array() > Scalar{0}).select(d.array(), Scalar{0}); break;
        case RecurrentActivation::Sigmoid: out.array() = d.array() * y.array() * (Scalar{1} - y.array()); break;
        case RecurrentActivation::HardSigmoid:
            out.array() =
                (y.array() > Scalar{0} && y.array() < Scalar{1}).select(d.array() * Scalar(1.0 / 6.0), Scalar{0});
            break;
    }
}

constexpr std::array<RecurrentActivation, 4> kActivations = {RecurrentActivation::Tanh, RecurrentActivation::ReLU,
                                                             RecurrentActivation::Sigmoid,
                                                             RecurrentActivation::HardSigmoid};

}  // namespace

int recurrentGates(RecurrentCell cell) {
    switch (cell) {
        case RecurrentCell::SimpleRNN: return 1;
        case RecurrentCell::LSTM: return 4;
        case RecurrentCell::GRU: return 3;
    }
    return 1;
}

const char* recurrentCellName(RecurrentCell cell) {
    switch (cell) {
        case RecurrentCell::SimpleRNN: return "SimpleRNN";
        case RecurrentCell::LSTM: return "LSTM";
        case RecurrentCell::GRU: return "GRU";
    }
    return "?";
}

std::vector<std::string> recurrentGateNames(RecurrentCell cell) {
    switch (cell) {
        case RecurrentCell::SimpleRNN: return {"h"};
        case RecurrentCell::LSTM: return {"i", "f", "g", "o"};
        case RecurrentCell::GRU: return {"r", "z", "n"};
    }
    return {};
}

std::string_view recurrentActivationName(RecurrentActivation a) {
    switch (a) {
        case RecurrentActivation::Tanh: return "tanh";
        case RecurrentActivation::ReLU: return "relu";
        case RecurrentActivation::Sigmoid: return "sigmoid";
        case RecurrentActivation::HardSigmoid: return "hard_sigmoid";
    }
    return "?";
}

Result<RecurrentActivation> recurrentActivationFromName(std::string_view name) {
    std::string valid;
    for (RecurrentActivation a : kActivations) {
        if (recurrentActivationName(a) == name) return a;
        valid += (valid.empty() ? "" : ", ") + std::string(recurrentActivationName(a));
    }
    return makeError("unknown activation \"" + std::string(name) + "\"; expected one of: " + valid);
}

Recurrent::Recurrent(const RecurrentConfig& config) : cfg_(config), G_(recurrentGates(config.cell)) {
    assert(cfg_.steps >= 1 && cfg_.features >= 1 && cfg_.units >= 1);
}

std::size_t Recurrent::paramCount() const {
    const std::size_t gh = static_cast<std::size_t>(G_) * static_cast<std::size_t>(cfg_.units);
    return gh * static_cast<std::size_t>(cfg_.features) + gh * static_cast<std::size_t>(cfg_.units) +
           (cfg_.useBias ? 2 * gh : 0);
}

void Recurrent::bind(Scalar* params, Scalar* grads, Scalar* /*state*/) {
    params_ = params;
    grads_ = grads;
}

void Recurrent::initialize(Rng& rng) {
    const int H = cfg_.units, F = cfg_.features, GH = G_ * H;
    Scalar* wih = params_;
    Scalar* whh = params_ + static_cast<std::size_t>(GH) * F;
    core::initialize(cfg_.inputInit, std::span<Scalar>(wih, static_cast<std::size_t>(GH) * F), F, GH, rng,
                     cfg_.initValue);
    if (cfg_.recurrentOrthogonal) {
        // Keras' Orthogonal for the (H x G*H) recurrent kernel, which is W_hh^T:
        // QR of a G*H x H normal matrix, columns' signs set by R's diagonal.
        Eigen::MatrixXd a(GH, H);
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            for (Eigen::Index i = 0; i < a.rows(); ++i) a(i, j) = normal(rng);
        const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
        Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(GH, H);
        for (Eigen::Index j = 0; j < H; ++j)
            if (qr.matrixQR()(j, j) < 0) q.col(j) = -q.col(j);
        // W_hh row-major (GH x H) is W_hh^T column-major (H x GH).
        MatrixMap(whh, H, GH) = q.transpose().cast<Scalar>();
    } else {
        core::initialize(cfg_.recurrentInit, std::span<Scalar>(whh, static_cast<std::size_t>(GH) * H), H, GH, rng,
                         cfg_.initValue);
    }
    if (cfg_.useBias) {
        Scalar* bias = whh + static_cast<std::size_t>(GH) * H;
        std::fill(bias, bias + 2 * GH, Scalar{0});
        if (cfg_.cell == RecurrentCell::LSTM && cfg_.unitForgetBias) std::fill(bias + H, bias + 2 * H, Scalar{1});
    }
}

void Recurrent::resize(Eigen::Index batch) {
    if (batch == batch_) return;
    batch_ = batch;
    const Eigen::Index T = cfg_.steps, H = cfg_.units, GH = G_ * H, TB = T * batch;
    xtm_.resize(cfg_.features, TB);
    pre_.resize(GH, TB);
    gates_.resize(GH, TB);
    hidden_.resize(H, TB + batch);
    rec_.resize(GH, batch);
    dPre_.resize(GH, TB);
    dHidden_.resize(H, TB);
    dh_.resize(H, batch);
    dX_.resize(cfg_.features, TB);
    if (cfg_.cell == RecurrentCell::LSTM) {
        cell_.resize(H, TB + batch);
        actCell_.resize(H, TB);
        dc_.resize(H, batch);
    }
    if (cfg_.cell == RecurrentCell::GRU) {
        hn_.resize(H, TB);
        dPreH_.resize(GH, TB);
    }
}

void Recurrent::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    const int T = cfg_.steps, F = cfg_.features, H = cfg_.units, GH = G_ * H;
    assert(x.rows() == static_cast<Eigen::Index>(T) * F);
    const Eigen::Index B = x.cols();
    resize(B);
    for (Eigen::Index b = 0; b < B; ++b)
        for (int t = 0; t < T; ++t) xtm_.col(t * B + b) = x.col(b).segment(static_cast<Eigen::Index>(t) * F, F);
    // Every step's input projection in one product: W_ih (row-major GH x F) is
    // the column-major F x GH matrix W_ih^T.
    const ConstMatrixMap wihT(params_, F, GH);
    pre_.noalias() = wihT.transpose() * xtm_;
    if (cfg_.useBias) pre_.colwise() += ConstVectorMap(params_ + static_cast<std::size_t>(GH) * (F + H), GH);
    hidden_.leftCols(B).setZero();
    if (cfg_.cell == RecurrentCell::LSTM) cell_.leftCols(B).setZero();
    for (int t = 0; t < T; ++t) stepForward(t);
    if (cfg_.returnSequences) {
        out.resize(static_cast<Eigen::Index>(T) * H, B);
        for (int t = 0; t < T; ++t) out.middleRows(static_cast<Eigen::Index>(t) * H, H) = hidden_.middleCols((t + 1) * B, B);
    } else {
        out.resize(H, B);
        out = hidden_.rightCols(B);
    }
}

void Recurrent::stepForward(int t) {
    const Eigen::Index B = batch_, H = cfg_.units, GH = G_ * H, c0 = t * B;
    const ConstMatrixMap whhT(params_ + static_cast<std::size_t>(GH) * cfg_.features, H, GH);
    const auto hPrev = hidden_.middleCols(c0, B);
    rec_.noalias() = whhT.transpose() * hPrev;
    if (cfg_.useBias)
        rec_.colwise() += ConstVectorMap(params_ + static_cast<std::size_t>(GH) * (cfg_.features + H) + GH, GH);
    auto P = pre_.middleCols(c0, B);
    auto A = gates_.middleCols(c0, B);
    auto h = hidden_.middleCols(c0 + B, B);
    switch (cfg_.cell) {
        case RecurrentCell::SimpleRNN:
            P += rec_;
            activate(cfg_.activation, P, A);
            h = A;
            break;
        case RecurrentCell::LSTM: {
            P += rec_;
            activate(cfg_.gate, P.topRows(2 * H), A.topRows(2 * H));
            activate(cfg_.activation, P.middleRows(2 * H, H), A.middleRows(2 * H, H));
            activate(cfg_.gate, P.bottomRows(H), A.bottomRows(H));
            auto c = cell_.middleCols(c0 + B, B);
            c.array() = A.middleRows(H, H).array() * cell_.middleCols(c0, B).array() +
                        A.topRows(H).array() * A.middleRows(2 * H, H).array();
            auto ac = actCell_.middleCols(c0, B);
            activate(cfg_.activation, c, ac);
            h.array() = A.bottomRows(H).array() * ac.array();
            break;
        }
        case RecurrentCell::GRU: {
            P.topRows(2 * H) += rec_.topRows(2 * H);
            activate(cfg_.gate, P.topRows(2 * H), A.topRows(2 * H));
            auto hn = hn_.middleCols(c0, B);
            hn = rec_.bottomRows(H);
            P.bottomRows(H).array() += A.topRows(H).array() * hn.array();
            activate(cfg_.activation, P.bottomRows(H), A.bottomRows(H));
            const auto z = A.middleRows(H, H).array();
            h.array() = (Scalar{1} - z) * A.bottomRows(H).array() + z * hPrev.array();
            break;
        }
    }
}

void Recurrent::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                         std::span<Matrix* const> dInputs) {
    const int T = cfg_.steps, F = cfg_.features, H = cfg_.units, GH = G_ * H;
    const Eigen::Index B = batch_;
    assert(dOut.cols() == B);
    dh_.setZero();
    if (cfg_.cell == RecurrentCell::LSTM) dc_.setZero();
    gradNorm_.assign(static_cast<std::size_t>(T), 0.0);
    for (int t = T - 1; t >= 0; --t) {
        if (cfg_.returnSequences)
            dh_ += dOut.middleRows(static_cast<Eigen::Index>(t) * H, H);
        else if (t == T - 1)
            dh_ += dOut;
        // In double: a vanished gradient (1e-25) squared underflows a float.
        double sq = 0;
        for (Eigen::Index i = 0; i < dh_.size(); ++i) sq += static_cast<double>(dh_.data()[i]) * dh_.data()[i];
        gradNorm_[static_cast<std::size_t>(t)] = std::sqrt(sq);
        dHidden_.middleCols(t * B, B) = dh_;
        stepBackward(t, dh_);
    }
    const Matrix& dPh = cfg_.cell == RecurrentCell::GRU ? dPreH_ : dPre_;
    MatrixMap(grads_, F, GH).noalias() += xtm_ * dPre_.transpose();
    MatrixMap(grads_ + static_cast<std::size_t>(GH) * F, H, GH).noalias() +=
        hidden_.leftCols(static_cast<Eigen::Index>(T) * B) * dPh.transpose();
    if (cfg_.useBias) {
        Scalar* gb = grads_ + static_cast<std::size_t>(GH) * (F + H);
        VectorMap(gb, GH) += dPre_.rowwise().sum();
        VectorMap(gb + GH, GH) += dPh.rowwise().sum();
    }
    if (dInputs[0]) {
        dX_.noalias() = ConstMatrixMap(params_, F, GH) * dPre_;
        Matrix& dx = *dInputs[0];
        for (Eigen::Index b = 0; b < B; ++b)
            for (int t = 0; t < T; ++t) dx.col(b).segment(static_cast<Eigen::Index>(t) * F, F) += dX_.col(t * B + b);
    }
}

void Recurrent::stepBackward(int t, Matrix& dh) {
    const Eigen::Index B = batch_, H = cfg_.units, GH = G_ * H, c0 = t * B;
    const ConstMatrixMap whhT(params_ + static_cast<std::size_t>(GH) * cfg_.features, H, GH);
    const auto A = gates_.middleCols(c0, B);
    auto dP = dPre_.middleCols(c0, B);
    switch (cfg_.cell) {
        case RecurrentCell::SimpleRNN:
            timesDerivative(cfg_.activation, A, dh, dP);
            dh.noalias() = whhT * dP;
            break;
        case RecurrentCell::LSTM: {
            const auto i = A.topRows(H), f = A.middleRows(H, H), g = A.middleRows(2 * H, H), o = A.bottomRows(H);
            const auto ac = actCell_.middleCols(c0, B);
            // do, then dc = dc_{t+1} + dh o act'(c).
            dP.bottomRows(H).array() = dh.array() * ac.array();
            timesDerivative(cfg_.gate, o, dP.bottomRows(H), dP.bottomRows(H));
            timesDerivative(cfg_.activation, ac, dh.array() * o.array(), dh);
            dc_ += dh;
            dP.topRows(H).array() = dc_.array() * g.array();
            timesDerivative(cfg_.gate, i, dP.topRows(H), dP.topRows(H));
            dP.middleRows(H, H).array() = dc_.array() * cell_.middleCols(c0, B).array();
            timesDerivative(cfg_.gate, f, dP.middleRows(H, H), dP.middleRows(H, H));
            dP.middleRows(2 * H, H).array() = dc_.array() * i.array();
            timesDerivative(cfg_.activation, g, dP.middleRows(2 * H, H), dP.middleRows(2 * H, H));
            dc_.array() *= f.array();
            dh.noalias() = whhT * dP;
            break;
        }
        case RecurrentCell::GRU: {
            const auto z = A.middleRows(H, H), n = A.bottomRows(H);
            const auto hPrev = hidden_.middleCols(c0, B);
            const auto hn = hn_.middleCols(c0, B);
            auto dPh = dPreH_.middleCols(c0, B);
            // n's pre-activation, then through r * hn.
            timesDerivative(cfg_.activation, n, dh.array() * (Scalar{1} - z.array()), dP.bottomRows(H));
            dPh.bottomRows(H).array() = dP.bottomRows(H).array() * A.topRows(H).array();
            dP.topRows(H).array() = dP.bottomRows(H).array() * hn.array();
            timesDerivative(cfg_.gate, A.topRows(H), dP.topRows(H), dP.topRows(H));
            dP.middleRows(H, H).array() = dh.array() * (hPrev.array() - n.array());
            timesDerivative(cfg_.gate, z, dP.middleRows(H, H), dP.middleRows(H, H));
            dPh.topRows(2 * H) = dP.topRows(2 * H);
            dh.array() *= z.array();
            dh.noalias() += whhT * dPh;
            break;
        }
    }
}

}  // namespace layerlab::core
