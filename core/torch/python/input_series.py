

def read_series(path, columns=None):
    """A time series CSV as (time, values): values is (rows, columns) float32 in time order, NaN where missing."""
    columns = columns or SERIES["columns"]
    rows = [r for _, r in read_rows(path)]
    header = [c.strip() for c in rows[0]]
    for c in columns:
        if c not in header:
            raise SystemExit(f"{path}: has no column {c!r} (it has {', '.join(header)})")
    index = [header.index(c) for c in columns]
    time_index = header.index(SERIES["time"]) if SERIES["time"] in header else None
    values = np.full((len(rows) - 1, len(columns)), np.nan, dtype=np.float32)
    times = []
    for n, record in enumerate(rows[1:]):
        for k, i in enumerate(index):
            try:
                values[n, k] = float(record[i])
            except (ValueError, IndexError):
                pass
        times.append(record[time_index] if time_index is not None else n)
    # A newest-first file is put in time order, as LayerLab does.
    def key(t):
        try:
            return (0, float(t), "")
        except ValueError:
            return (1, 0.0, str(t))
    if time_index is not None and len(times) > 1 and key(times[0]) > key(times[-1]):
        values = values[::-1].copy()
        times = times[::-1]
    return times, values


def windows(scaled, window, stride, last_row):
    """Windows of `window` rows, every `stride` rows, the last ending at last_row: (N, window, columns)."""
    ends = list(range(last_row, window - 2, -stride))[::-1]
    return np.stack([scaled[e - window + 1:e + 1] for e in ends]).astype(np.float32)


def read_samples(path):
    """The rows of a time series CSV as a (rows, columns) float32 array of its value columns."""
    _, values = read_series(path)
    if np.isnan(values).any():
        row = int(np.argwhere(np.isnan(values))[0][0])
        raise SystemExit(f"{path}: data row {row + 1} has a missing value; every row of a window needs one")
    return values


def preprocess(raw):
    """Raw rows (rows, columns) -> windows (N, window, columns) scaled as LayerLab fitted it: one per
    `stride` rows, the last ending at the last row."""
    raw = np.asarray(raw, dtype=np.float32)
    if len(raw) < SERIES["window"]:
        raise SystemExit(f"the series has {len(raw)} rows; one sample is a window of {SERIES['window']} rows")
    scaled = (raw - SERIES["offset"]) / SERIES["scale"] if SERIES["offset"] is not None else raw
    return windows(scaled, SERIES["window"], SERIES["stride"], len(raw) - 1)
