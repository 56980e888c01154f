

def read_idx(path):
    """An IDX file (MNIST's format, raw or gzip) as a numpy array of its dimensions."""
    opener = gzip.open if Path(path).read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise SystemExit(f"{path}: is not an IDX file of unsigned bytes")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    start = 4 + 4 * len(dims)
    if len(data) - start != int(np.prod(dims)):
        raise SystemExit(f"{path}: holds {len(data) - start} bytes of data; its header says {int(np.prod(dims))}")
    return np.frombuffer(data, dtype=np.uint8, offset=start).reshape(dims)


def read_samples(path):
    """The images of an IDX file as a (N, C, H, W) uint8 array (raw bytes 0..255)."""
    images = read_idx(path)
    if images.ndim == 3:
        images = images[:, None, :, :]
    if images.shape[1:] != INPUT_SHAPE:
        raise SystemExit(f"{path}: holds images of {'x'.join(map(str, images.shape[1:]))}; "
                         f"the network reads {'x'.join(map(str, INPUT_SHAPE))}")
    return images
