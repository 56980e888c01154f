

def split_off(x, y, fraction, rng):
    """Seeded random split: (rest, held out) with round(fraction * N) samples held out."""
    n = len(x)
    held = int(round(fraction * n)) if fraction > 0 else 0
    order = rng.permutation(n)
    out, keep = order[:held], order[held:]
    return (x[keep], y[keep]), ((x[out], y[out]) if held > 0 else None)


def split_data(x, y, test=None):
    """LayerLab's order: the test split (when the source has no test set), then validation of what is
    left; each part preprocessed."""
    rng = np.random.default_rng(DATA["split_seed"])
    if test is None and DATA["test_split"] > 0:
        (x, y), test = split_off(x, y, DATA["test_split"], rng)
    train, validation = split_off(x, y, DATA["validation_split"], rng)
    parts = {"train": train, "validation": validation, "test": test}
    return {k: (None if v is None else (preprocess(v[0]), v[1])) for k, v in parts.items()}
