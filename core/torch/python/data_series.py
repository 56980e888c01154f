

def load_training_data(path=None):
    """The project's time series: split by time into training | validation | test rows, missing
    values interpolated (or their windows dropped), scaled as LayerLab fitted it, and cut into
    windows whose target lies `horizon` rows after the window in the same split."""
    if SERIES["synthetic"] is not None:
        values = np.frombuffer(base64.b64decode(SERIES["synthetic"]), dtype="<f4").reshape(-1, 1).copy()
    else:
        _, values = read_series(path or DATA["path"])
    rows = len(values)
    if SERIES["missing"] == "interpolate":
        for k in range(values.shape[1]):
            known = ~np.isnan(values[:, k])
            values[:, k] = np.interp(np.arange(rows), np.flatnonzero(known), values[known, k])
    scaled = (values - SERIES["offset"]) / SERIES["scale"] if SERIES["offset"] is not None else values
    target = SERIES["columns"].index(SERIES["target"])
    y_all = (values[:, target] - SERIES["target_offset"]) / SERIES["target_scale"]
    a = int(round(rows * (1 - SERIES["validation"] - SERIES["test"])))
    b = int(round(rows * (1 - SERIES["test"])))
    window, horizon, stride = SERIES["window"], SERIES["horizon"], SERIES["stride"]
    out = {}
    for name, (lo, hi) in {"train": (0, a), "validation": (a, b), "test": (b, rows)}.items():
        ends = [e for e in range(lo + window - 1, hi - horizon, stride)
                if not np.isnan(scaled[e - window + 1:e + 1]).any() and not np.isnan(y_all[e + horizon])]
        if not ends:
            out[name] = None
            continue
        x = np.stack([scaled[e - window + 1:e + 1] for e in ends]).astype(np.float32)
        y = np.array([[y_all[e + horizon]] for e in ends], dtype=np.float32)
        out[name] = (x, y)
    return out
