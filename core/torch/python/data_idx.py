

def load_training_data(path=None):
    """The project's IDX files (MNIST's format): training images and labels, the test files when
    the project names them; split and preprocessed."""
    def pair(images, labels):
        x = read_samples(images)
        y = read_idx(labels).astype(np.int64)
        if len(x) != len(y):
            raise SystemExit(f"{images}: {len(x)} images but {labels} has {len(y)} labels")
        return x, y
    x, y = pair(DATA["train_images"], DATA["train_labels"])
    if DATA["limit"] > 0:
        x, y = x[:DATA["limit"]], y[:DATA["limit"]]
    test = pair(DATA["test_images"], DATA["test_labels"]) if DATA["test_images"] else None
    return split_data(x, y, test)
