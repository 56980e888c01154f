

class Recurrent(nn.Module):
    """SimpleRNN, LSTM or GRU with the activations nn.RNN/nn.LSTM/nn.GRU do not offer (relu or sigmoid
    cells, hard-sigmoid gates), with their parameter names and formulas (batch_first input)."""

    def __init__(self, cell, features, units, activation, gate, bias=True):
        super().__init__()
        gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
        self.cell, self.units = cell, units
        self.act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[activation]
        self.gate = {"sigmoid": torch.sigmoid, "hard_sigmoid": F.hardsigmoid}[gate]
        self.weight_ih_l0 = nn.Parameter(torch.zeros(gates * units, features))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(gates * units, units))
        self.bias_ih_l0 = nn.Parameter(torch.zeros(gates * units)) if bias else None
        self.bias_hh_l0 = nn.Parameter(torch.zeros(gates * units)) if bias else None

    def forward(self, x):
        n, steps, _ = x.shape
        h = x.new_zeros(n, self.units)
        c = x.new_zeros(n, self.units)
        xs = F.linear(x, self.weight_ih_l0, self.bias_ih_l0)
        outputs = []
        for t in range(steps):
            hs = F.linear(h, self.weight_hh_l0, self.bias_hh_l0)
            if self.cell == "rnn":
                h = self.act(xs[:, t] + hs)
            elif self.cell == "lstm":
                i, f, g, o = (xs[:, t] + hs).chunk(4, 1)
                c = self.gate(f) * c + self.gate(i) * self.act(g)
                h = self.gate(o) * self.act(c)
            else:
                xr, xz, xn = xs[:, t].chunk(3, 1)
                hr, hz, hn = hs.chunk(3, 1)
                r, z = self.gate(xr + hr), self.gate(xz + hz)
                h = (1 - z) * self.act(xn + r * hn) + z * h
            outputs.append(h)
        return torch.stack(outputs, 1), h
