#!/usr/bin/env python3
"""PyTorch side of core_recurrent's parity test.

Reads the cases core_recurrent wrote (each layer's options, its parameters
before and after 5 full-batch Adam steps on MSE, the data and the losses),
builds the same network in PyTorch with the "before" parameters, trains the
same 5 steps with torch.optim.Adam and compares: every layer's parameters
must agree within 1e-4 of that layer's largest parameter, the losses within
1e-4 relative. LSTM/GRU with tanh and sigmoid gates and SimpleRNN with
tanh/relu are PyTorch's own nn.LSTM, nn.GRU and nn.RNN; the other
activations are the same formulas written with torch ops (recurrent.h).

Exit 0 when every case agrees, 1 otherwise (the worst figures are printed).
"""
import json
import sys

import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float32)
TOL = 1e-4

ACT = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "hard_sigmoid": nn.functional.hardsigmoid,
}
GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


class ManualCell(nn.Module):
    """recurrent.h's formulas with any activation, parameters named as PyTorch's."""

    def __init__(self, kind, features, units, act, gate, bias):
        super().__init__()
        g = GATES[kind]
        self.kind, self.units, self.act, self.gate = kind, units, ACT[act], ACT[gate]
        self.weight_ih_l0 = nn.Parameter(torch.zeros(g * units, features))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(g * units, units))
        self.bias = bias
        if bias:
            self.bias_ih_l0 = nn.Parameter(torch.zeros(g * units))
            self.bias_hh_l0 = nn.Parameter(torch.zeros(g * units))

    def forward(self, x):
        n, steps, _ = x.shape
        H = self.units
        h = x.new_zeros(n, H)
        c = x.new_zeros(n, H)
        outs = []
        for t in range(steps):
            gi = x[:, t] @ self.weight_ih_l0.T
            gh = h @ self.weight_hh_l0.T
            if self.bias:
                gi = gi + self.bias_ih_l0
                gh = gh + self.bias_hh_l0
            if self.kind == "SimpleRNN":
                h = self.act(gi + gh)
            elif self.kind == "LSTM":
                p = gi + gh
                i, f = self.gate(p[:, :H]), self.gate(p[:, H:2 * H])
                g, o = self.act(p[:, 2 * H:3 * H]), self.gate(p[:, 3 * H:])
                c = f * c + i * g
                h = o * self.act(c)
            else:
                r = self.gate(gi[:, :H] + gh[:, :H])
                z = self.gate(gi[:, H:2 * H] + gh[:, H:2 * H])
                nn_ = self.act(gi[:, 2 * H:] + r * gh[:, 2 * H:])
                h = (1 - z) * nn_ + z * h
            outs.append(h)
        return torch.stack(outs, 1), None


def recurrent_module(layer):
    kind, units = layer["type"], layer["units"]
    act, bias = layer["activation"], layer["use_bias"]
    gate = layer.get("recurrent_activation", "sigmoid")
    features = layer["in"][1]
    if kind == "LSTM" and act == "tanh" and gate == "sigmoid":
        return nn.LSTM(features, units, batch_first=True, bias=bias), "nn.LSTM"
    if kind == "GRU" and act == "tanh" and gate == "sigmoid":
        return nn.GRU(features, units, batch_first=True, bias=bias), "nn.GRU"
    if kind == "SimpleRNN" and act in ("tanh", "relu"):
        return nn.RNN(features, units, batch_first=True, bias=bias, nonlinearity=act), "nn.RNN"
    return ManualCell(kind, features, units, act, gate, bias), "formulas"


def ordered_params(module, layer):
    """The module's parameters in LayerLab's flat order."""
    if layer["type"] == "Dense":
        return [module.weight, module.bias] if module.bias is not None else [module.weight]
    names = ["weight_ih_l0", "weight_hh_l0"] + (["bias_ih_l0", "bias_hh_l0"] if layer["use_bias"] else [])
    return [getattr(module, n) for n in names]


def flat_to_tensors(flat, params, layer):
    out, k = [], 0
    for p in params:
        n = p.numel()
        chunk = np.asarray(flat[k:k + n], dtype=np.float32)
        if layer["type"] == "Dense" and p.dim() == 2:
            # LayerLab's Dense W is column-major units x inputs.
            chunk = chunk.reshape(p.shape[1], p.shape[0]).T
        out.append(torch.from_numpy(np.ascontiguousarray(chunk).reshape(p.shape)))
        k += n
    assert k == len(flat), (k, len(flat))
    return out


def tensors_to_flat(params, layer):
    parts = []
    for p in params:
        a = p.detach().numpy()
        if layer["type"] == "Dense" and a.ndim == 2:
            a = a.T
        parts.append(a.reshape(-1))
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def run_case(case):
    T, F, outputs = case["T"], case["F"], case["outputs"]
    B = len(case["x"]) // (T * F)
    # Column-major T*F x B: sample b's values are time-major (t*F + f).
    x = torch.from_numpy(np.asarray(case["x"], np.float32).reshape(B, T, F))
    y = torch.from_numpy(np.asarray(case["y"], np.float32).reshape(B, outputs))
    modules, kinds = [], []
    for layer in case["layers"]:
        if layer["type"] in GATES:
            m, how = recurrent_module(layer)
        elif layer["type"] == "Dense":
            m, how = nn.Linear(int(np.prod(layer["in"])), layer["units"], bias=layer["use_bias"]), "nn.Linear"
        else:
            m, how = None, layer["type"]
        modules.append(m)
        kinds.append(how)
        if m is None:
            assert not layer["before"], layer["type"] + " has parameters"
        else:
            params = ordered_params(m, layer)
            with torch.no_grad():
                for p, v in zip(params, flat_to_tensors(layer["before"], params, layer)):
                    p.copy_(v)

    def forward(inp):
        h = inp
        for layer, m in zip(case["layers"], modules):
            t = layer["type"]
            if t in GATES:
                seq, _ = m(h)
                h = seq if layer["return_sequences"] else seq[:, -1]
            elif t == "LastStep":
                h = h[:, -1]
            elif t == "Flatten":
                h = h.reshape(h.shape[0], -1)
            elif t == "Dense":
                h = m(h)
            else:
                raise SystemExit("unknown layer " + t)
        return h

    all_params = [p for layer, m in zip(case["layers"], modules) if m is not None for p in ordered_params(m, layer)]
    opt = torch.optim.Adam(all_params, lr=case["lr"], betas=(0.9, 0.999), eps=1e-8)
    losses = []
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = nn.functional.mse_loss(forward(x), y)
        losses.append(loss.item())
        loss.backward()
        opt.step()

    worst = 0.0
    lines = []
    for layer, m, how in zip(case["layers"], modules, kinds):
        if m is None:
            continue
        ours = np.asarray(layer["after"], np.float32)
        theirs = tensors_to_flat(ordered_params(m, layer), layer)
        rel = float(np.max(np.abs(ours - theirs)) / max(np.max(np.abs(theirs)), 1e-12))
        worst = max(worst, rel)
        lines.append(f"    {layer['type']} ({how}): {ours.size} parameters, max difference {rel:.2e} of the largest")
    loss_rel = max(abs(a - b) / max(abs(b), 1e-12) for a, b in zip(case["losses"], losses))
    ok = worst <= TOL and loss_rel <= TOL
    print(f"{'ok  ' if ok else 'FAIL'} {case['name']}: parameters {worst:.2e}, losses {loss_rel:.2e} "
          f"(LayerLab {case['losses'][-1]:.6f}, PyTorch {losses[-1]:.6f})")
    print("\n".join(lines))
    return ok


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = [run_case(c) for c in cases]
    print(f"{sum(results)} of {len(results)} cases agree with PyTorch {torch.__version__} within {TOL}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
