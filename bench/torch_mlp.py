"""PyTorch reference: the MNIST MLP 784-256-128-10 with Adam (see README.md).

usage: torch_mlp.py epoch|batch1 MNIST_DIR [runs]

epoch:  one epoch over the 60000 training images at batch 64 (938 steps),
        `runs` times, each with a fresh model; reports the seconds of each
        epoch, the test accuracy of the last one and the peak RSS.
batch1: 5000 steps at batch 1 over the first 5000 images, `runs` times;
        reports seconds per run.

The loop is the usual one: shuffle, gather the batch, zero_grad, forward,
cross-entropy, backward, Adam step, and loss.item() (dlfun's trainer
records every step's loss too).
"""
import sys

import torch
from torch import nn

from torch_common import Timer, emit, max_rss_mib, mnist, setup, train


def model():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    setup()
    x, y = mnist(directory, "train")
    seconds, cpu, steps = [], [], 0
    for r in range(runs):
        torch.manual_seed(r + 1)
        net = model()
        if mode == "epoch":
            with Timer() as t:
                steps = train(net, x, y, 64)
        elif mode == "batch1":
            with Timer() as t:
                steps = train(net, x[:5000], y[:5000], 1, 5000)
        else:
            raise SystemExit(f"unknown mode {mode}")
        seconds.append(t.seconds)
        cpu.append(t.cpu)
    out = {"mode": mode, "seconds": seconds, "cpu_seconds": cpu, "steps": steps, "max_rss_mib": max_rss_mib()}
    if mode == "epoch":
        xt, yt = mnist(directory, "test")
        with torch.no_grad():
            out["test_accuracy"] = (net(xt).argmax(1) == yt).float().mean().item()
    emit(out)


if __name__ == "__main__":
    main()
