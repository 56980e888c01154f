

def load_training_data(path=None):
    """The project's CSV file: features as read_samples reads them, the target column(s), missing
    values dropped or filled as the project says, split and preprocessed."""
    path = path or DATA["path"]
    rows = [(line, r) for line, r in read_rows(path, CSV["delimiter"]) if line > CSV["skip_lines"]]
    if CSV["header"]:
        rows = rows[1:]
    index = {c: i for i, c in enumerate(CSV["columns"])}
    missing = {"", "?", "na", "n/a", "nan", "null"}
    feats, targets = [], []
    for line, record in rows:
        fields = [record[index[c]].strip() if index[c] < len(record) else "" for c, _ in CSV["features"]]
        goals = [record[index[c]].strip() if index[c] < len(record) else "" for c in CSV["targets"]]
        if any(g.lower() in missing for g in goals):
            continue
        if CSV["missing"] == "drop" and any(v.lower() in missing for v in fields):
            continue
        sample = []
        for (c, category), v in zip(CSV["features"], fields):
            if category is not None:
                sample.append(1.0 if v == category else 0.0)
            else:
                sample.append(math.nan if v.lower() in missing else _number(v, path, line, c))
        feats.append(sample)
        if TASK == "classification":
            label = goals[0]
            if label not in CLASSES:
                label = next((c for c in CLASSES if _same_number(c, label)), label)
            if label not in CLASSES:
                raise SystemExit(f"{path}:{line}: the class {label!r} is not one of {CLASSES}")
            targets.append(CLASSES.index(label))
        else:
            targets.append([_number(g, path, line, c) for g, c in zip(goals, CSV["targets"])])
    x = np.array(feats, dtype=np.float32).reshape((len(feats), -1))
    if np.isnan(x).any():  # "missing": "mean": the column's mean
        means = np.nanmean(x, axis=0)
        x = np.where(np.isnan(x), means, x).astype(np.float32)
    y = np.array(targets, dtype=np.int64 if TASK == "classification" else np.float32)
    return split_data(x, y)


def _same_number(a, b):
    try:
        return float(a) == float(b)
    except ValueError:
        return False
