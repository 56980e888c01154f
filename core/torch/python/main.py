

def predict(args):
    """Writes `layerlab predict`'s format: sample,predicted,out_0,...,out_{k-1}."""
    model = build_model(args.weights)
    x = preprocess(read_samples(args.input))
    rows = ["sample,predicted," + ",".join(f"out_{j}" for j in range(OUTPUTS))]
    with torch.no_grad():
        for i in range(0, len(x), TRAINING["eval_batch_size"]):
            out = model(torch.from_numpy(x[i:i + TRAINING["eval_batch_size"]])).numpy()
            for n, values in enumerate(out, start=i):
                if TASK == "classification" or LOSS != "mse":
                    predicted = str(int(values[0] >= 0.5) if len(values) == 1 else int(values.argmax()))
                else:
                    predicted = "%.9g" % values[0]
                rows.append(f"{n},{predicted}," + ",".join("%.9g" % v for v in values))
    Path(args.output).write_text("\n".join(rows) + "\n")
    print(f"predicted {len(x)} sample{'s' if len(x) != 1 else ''}: {args.output}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"{NAME}: a network exported from LayerLab.")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("predict", help="run the network on raw samples, write a CSV")
    p.add_argument("--input", required=True, help="raw samples (as `layerlab predict` reads them)")
    p.add_argument("-o", "--output", required=True, help="OUT.csv")
    p.add_argument("--weights", help="a state_dict saved by `train --save` (default: LayerLab's weights)")
    t = commands.add_parser("train", help="train with the project's settings (data-parallel under torchrun)")
    t.add_argument("--epochs", type=int, help="number of epochs (default: the project's)")
    t.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                   help="cuda when available (one GPU per process under torchrun), else cpu")
    t.add_argument("--data", help="the data file, when it has moved (default: the project's path)")
    t.add_argument("--fresh", action="store_true", help="start from PyTorch's own initialisation")
    t.add_argument("--save", help="write the trained state_dict to this file (.pt)")
    args = parser.parse_args(argv)
    return predict(args) if args.command == "predict" else train(args)


if __name__ == "__main__":
    sys.exit(main())
