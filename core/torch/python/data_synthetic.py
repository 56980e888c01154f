

def load_training_data(path=None):
    """The project's synthetic data set, as LayerLab generated it (embedded below); split and preprocessed."""
    x = np.frombuffer(base64.b64decode(SYNTHETIC["x"]), dtype="<f4").reshape((-1,) + INPUT_SHAPE)
    if TASK == "classification":
        y = np.frombuffer(base64.b64decode(SYNTHETIC["y"]), dtype="<f4").astype(np.int64)
    else:
        y = np.frombuffer(base64.b64decode(SYNTHETIC["y"]), dtype="<f4").reshape(len(x), -1)
    return split_data(x.copy(), y.copy())
