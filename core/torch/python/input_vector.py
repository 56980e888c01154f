

def read_samples(path):
    """Raw samples of a CSV file as a (N, features) float32 array: the first columns in order
    (extra columns, such as a target, are ignored; a first row of text is a header)."""
    rows = read_rows(path)
    features = int(np.prod(INPUT_SHAPE))
    if rows:
        try:
            [float(v) for v in rows[0][1][:features]]
        except ValueError:
            rows = rows[1:]
    if not rows:
        raise SystemExit(f"{path}: holds no samples to predict")
    raw = np.zeros((len(rows), features), dtype=np.float32)
    for n, (line, record) in enumerate(rows):
        if len(record) < features:
            raise SystemExit(f"{path}:{line}: has {len(record)} columns; the network reads {features} features")
        for k in range(features):
            try:
                raw[n, k] = float(record[k])
            except ValueError:
                raise SystemExit(f"{path}:{line}: field {k + 1} is {record[k]!r}; it needs a number")
    return raw
