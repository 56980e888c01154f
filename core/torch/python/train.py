

def targets_for_loss(y, outputs):
    """Labels or values -> what LOSS compares the network's outputs with (LayerLab's conventions)."""
    if TASK == "classification":
        if LOSS == "softmax_cross_entropy":
            return y
        if outputs == 1:
            return y.float().unsqueeze(1)
        return F.one_hot(y, outputs).float()
    return y


def data_loss(logits, target):
    if LOSS == "softmax_cross_entropy":
        return F.cross_entropy(logits, target)
    if LOSS == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(logits, target)
    return F.mse_loss(logits, target)


def metric_sums(output, y):
    """Sums that add up over batches and processes: [samples, correct] or [samples, sse, sum y, sum y^2]."""
    if TASK == "classification":
        predicted = (output[:, 0] >= 0.5).long() if output.shape[1] == 1 else output.argmax(1)
        return torch.tensor([len(y), (predicted == y).sum().item(), 0.0, 0.0], dtype=torch.float64)
    y = y.reshape(output.shape).double()
    return torch.tensor([y.numel(), ((output.double() - y) ** 2).sum().item(), y.sum().item(), (y ** 2).sum().item()],
                        dtype=torch.float64)


def metric(sums):
    """Accuracy, or R^2 over all outputs pooled (0 when the targets are constant), as LayerLab reports them."""
    n, a, s, s2 = sums.tolist()
    if TASK == "classification":
        return a / max(n, 1)
    total = s2 - s * s / max(n, 1)
    return 1.0 - a / total if total > 0 else 0.0


def evaluate(model, split, device):
    """Mean loss and metric of a whole split, in eval mode, in batches of TRAINING["eval_batch_size"]."""
    x, y = split
    model.eval()
    loss_sum, sums = 0.0, torch.zeros(4, dtype=torch.float64)
    with torch.no_grad():
        for i in range(0, len(x), TRAINING["eval_batch_size"]):
            xb = torch.from_numpy(x[i:i + TRAINING["eval_batch_size"]]).to(device)
            yb = torch.from_numpy(y[i:i + TRAINING["eval_batch_size"]]).to(device)
            logits = model(xb, logits=True)
            loss_sum += data_loss(logits, targets_for_loss(yb, logits.shape[1])).item() * len(xb)
            sums += metric_sums(model(xb).cpu(), yb.cpu())
    return loss_sum / len(x), metric(sums)


def learning_rate(epoch, total):
    """TRAINING["schedule"] for a 0-based epoch, as LayerLab computes it."""
    base, kind = TRAINING["lr"], TRAINING["schedule"]
    if kind == "step" and TRAINING["step_epochs"] > 0:
        return base * TRAINING["gamma"] ** (epoch // TRAINING["step_epochs"])
    if kind == "exponential":
        return base * TRAINING["gamma"] ** epoch
    if kind == "cosine" and total > 0:
        frac = min(epoch, total) / total
        return TRAINING["min_lr"] + (base - TRAINING["min_lr"]) * (1 + math.cos(math.pi * frac)) / 2
    return base


def make_optimizer(model):
    """LayerLab's optimizer; weight decay (L2, added to the gradient) only on the weights in DECAYED."""
    named = list(model.named_parameters())
    decayed = [p for n, p in named if n in DECAYED]
    others = [p for n, p in named if n not in DECAYED]
    groups = [{"params": decayed, "weight_decay": TRAINING["weight_decay"]}, {"params": others, "weight_decay": 0.0}]
    kind, lr = TRAINING["optimizer"], TRAINING["lr"]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=TRAINING["momentum"], nesterov=TRAINING["nesterov"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=TRAINING["rho"], eps=TRAINING["epsilon"])
    return torch.optim.Adam(groups, lr=lr, betas=(TRAINING["beta1"], TRAINING["beta2"]), eps=TRAINING["epsilon"])


def train(args):
    """Trains with the project's loss, optimizer, schedule, batch size and seed; data-parallel under torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if cuda else "gloo")
    torch.manual_seed(TRAINING["seed"])
    data = load_training_data(args.data)
    train_x, train_y = data["train"]
    epochs = args.epochs or TRAINING["epochs"]
    batch = max(1, TRAINING["batch_size"] // world)  # the project's batch is the global one
    net = build_model().to(device)
    if args.fresh:
        for m in net.modules():
            if m is not net and hasattr(m, "reset_parameters"):
                m.reset_parameters()
    model = net
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        model = DistributedDataParallel(net, device_ids=[local_rank] if cuda else None)
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(train_x), torch.from_numpy(train_y))
    sampler = None
    if world > 1:
        sampler = torch.utils.data.distributed.DistributedSampler(dataset, shuffle=TRAINING["shuffle"],
                                                                  seed=TRAINING["seed"])
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch, sampler=sampler,
                                         shuffle=TRAINING["shuffle"] and sampler is None,
                                         generator=torch.Generator().manual_seed(TRAINING["seed"]))
    optimizer = make_optimizer(net)
    say = print if rank == 0 else (lambda *a, **k: None)
    name = "acc" if TASK == "classification" else "r2"
    say(f"{NAME}: {sum(p.numel() for p in net.parameters())} parameters; data: {len(train_x)} train, "
        f"{0 if data['validation'] is None else len(data['validation'][0])} validation, "
        f"{0 if data['test'] is None else len(data['test'][0])} test samples; {world} process{'es' if world > 1 else ''} on {device.type}")
    monitored = "validation" if data["validation"] is not None else "train"
    best, best_state, waited, reason = math.inf, None, 0, "completed"
    for epoch in range(epochs):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(epoch, epochs)
        if sampler is not None:
            sampler.set_epoch(epoch)
        model.train()
        start = time.perf_counter()
        loss_sum, sums = torch.zeros(1, dtype=torch.float64), torch.zeros(4, dtype=torch.float64)
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb, logits=True)
            loss = data_loss(logits, targets_for_loss(yb, logits.shape[1]))
            objective = loss
            if TRAINING["l1"] > 0:
                objective = loss + TRAINING["l1"] * sum(p.abs().sum() for n, p in net.named_parameters() if n in DECAYED)
            optimizer.zero_grad()
            objective.backward()
            if TRAINING["clip_norm"] > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), TRAINING["clip_norm"])
            optimizer.step()
            loss_sum += loss.item() * len(xb)
            with torch.no_grad():
                out = logits if LOSS == "mse" else (torch.softmax(logits, 1) if LOSS == "softmax_cross_entropy" else torch.sigmoid(logits))
                sums += metric_sums(out.cpu(), yb.cpu())
        if world > 1:
            import torch.distributed as dist
            both = torch.cat([loss_sum, sums])
            dist.all_reduce(both)
            loss_sum, sums = both[:1], both[1:]
        seconds = time.perf_counter() - start
        count = sums[0].item() if TASK == "classification" else len(train_x)
        train_loss = loss_sum.item() / max(count, 1)
        line = f"epoch {epoch + 1:3d}/{epochs}  loss {train_loss:.4f}  {name} {metric(sums):.4f}"
        val_loss = None
        if data["validation"] is not None:
            val_loss, val_metric = evaluate(net, data["validation"], device)
            line += f"  val_loss {val_loss:.4f}  val_{name} {val_metric:.4f}"
        say(f"{line}  {seconds:.3f} s  {len(train_x) / seconds:.0f} samples/s")
        watched = val_loss if monitored == "validation" else train_loss
        if not math.isfinite(train_loss):
            reason = "diverged"
            break
        if TRAINING["patience"] > 0:
            if watched < best - TRAINING["min_delta"]:
                best, waited = watched, 0
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                waited += 1
                if waited >= TRAINING["patience"]:
                    reason = "early stopping"
                    if TRAINING["restore_best"] and best_state is not None:
                        net.load_state_dict(best_state)
                    break
    if data["test"] is not None:
        test_loss, test_metric = evaluate(net, data["test"], device)
        say(f"test  loss {test_loss:.4f}  {name} {test_metric:.4f}  ({len(data['test'][0])} samples)")
    say(f"stopped: {reason}")
    if args.save and rank == 0:
        torch.save(net.state_dict(), args.save)
        say(f"saved the trained state_dict to {args.save}")
    if world > 1:
        import torch.distributed as dist
        dist.destroy_process_group()
    return 0 if reason != "diverged" else 1
