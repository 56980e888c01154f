

def preprocess(raw):
    """Raw samples (N, ...) -> the network's input: (raw - OFFSET) * SCALE per feature, as LayerLab fitted it."""
    x = np.asarray(raw).reshape((len(raw),) + INPUT_SHAPE).astype(np.float32)
    if OFFSET is not None:
        x = (x - OFFSET.reshape(INPUT_SHAPE)) * SCALE.reshape(INPUT_SHAPE)
    return x.astype(np.float32)
