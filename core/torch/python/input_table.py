

def _number(text, path, line, column):
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise SystemExit(f"{path}:{line}: {column!r} is {text!r}; it needs a number")
    return value


def read_samples(path):
    """Raw samples of a CSV file as a (N, features) float32 array, one-hot columns expanded.

    Feature columns are found by their header names (other columns, such as the target, are
    ignored); without a header, the columns are the training file's, or only the feature
    columns, in order."""
    rows = read_rows(path, CSV["delimiter"])
    if not rows:
        raise SystemExit(f"{path}: holds no samples to predict")
    columns = [c.strip() for c in rows[0][1]]
    feature_columns = list(dict.fromkeys(c for c, _ in CSV["features"]))
    if all(c in columns for c in feature_columns):
        index = {c: columns.index(c) for c in feature_columns}
        rows = rows[1:]
    else:
        order = CSV["columns"] if len(columns) == len(CSV["columns"]) else feature_columns
        if len(columns) != len(order):
            raise SystemExit(f"{path}: has {len(columns)} columns; give the columns {', '.join(feature_columns)}")
        index = {c: order.index(c) for c in feature_columns}
    known = {}
    for c, category in CSV["features"]:
        if category is not None:
            known.setdefault(c, set()).add(category)
    raw = np.zeros((len(rows), len(CSV["features"])), dtype=np.float32)
    for n, (line, record) in enumerate(rows):
        for k, (c, category) in enumerate(CSV["features"]):
            field = record[index[c]].strip()
            if category is None:
                raw[n, k] = _number(field, path, line, c)
            elif field not in known[c]:
                raise SystemExit(f"{path}:{line}: {c!r} is {field!r}, a value the training data did not have")
            else:
                raw[n, k] = 1.0 if field == category else 0.0
    return raw
