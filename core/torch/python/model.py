

def load_weights(model, path=None):
    """Copies LayerLab's numbers (float32, little-endian, in the order of PARAMETERS) into model."""
    path = Path(path) if path else Path(__file__).with_name(WEIGHTS_FILE)
    flat = np.fromfile(path, dtype="<f4")
    expected = sum(int(np.prod(shape)) for _, shape in PARAMETERS)
    if flat.size != expected:
        raise SystemExit(f"{path}: holds {flat.size} numbers; this model needs {expected}")
    tensors = dict(model.named_parameters())
    tensors.update(model.named_buffers())
    offset = 0
    with torch.no_grad():
        for name, shape in PARAMETERS:
            count = int(np.prod(shape))
            tensors[name].copy_(torch.from_numpy(flat[offset:offset + count].reshape(shape)))
            offset += count
    return model


def build_model(weights=None):
    """The network in eval mode, with LayerLab's trained weights (or a state_dict file saved by `train --save`)."""
    model = Net()
    if weights and str(weights).endswith((".pt", ".pth")):
        model.load_state_dict(torch.load(weights, map_location="cpu"))
    else:
        load_weights(model, weights)
    return model.eval()
