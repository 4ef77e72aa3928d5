"""PyTorch reference: a LeNet-style CNN on MNIST with Adam (see README.md).

usage: torch_lenet.py epoch|steps MNIST_DIR [runs] [nsteps]

The network is LeNet-5 with ReLU and max pooling, as dl's BenchmarkLeNet*:
conv 5x5x6 (padding 2) -> pool 2 -> conv 5x5x16 -> pool 2 -> 120 -> 84 -> 10,
CrossEntropy, Adam(1e-3), batch 64, on the images as N x 1 x 28 x 28.

epoch: one epoch over the 60000 training images (938 steps), `runs` times,
       each with a fresh model; reports the seconds of each epoch, the test
       accuracy of the last one and the peak RSS.
steps: the first `nsteps` steps (default 200) of an epoch, `runs` times;
       reports seconds per run (divide by nsteps for a step).
"""
import sys

import torch
from torch import nn

from torch_common import Timer, emit, max_rss_mib, mnist, setup, train


def model():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    nsteps = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    setup()
    x, y = mnist(directory, "train")
    x = x.reshape(-1, 1, 28, 28)
    seconds, cpu, steps = [], [], 0
    for r in range(runs):
        torch.manual_seed(r + 1)
        net = model()
        if mode == "epoch":
            with Timer() as t:
                steps = train(net, x, y, 64)
        elif mode == "steps":
            with Timer() as t:
                steps = train(net, x, y, 64, nsteps)
        else:
            raise SystemExit(f"unknown mode {mode}")
        seconds.append(t.seconds)
        cpu.append(t.cpu)
    out = {"mode": mode, "seconds": seconds, "cpu_seconds": cpu, "steps": steps, "max_rss_mib": max_rss_mib()}
    if mode == "epoch":
        xt, yt = mnist(directory, "test")
        with torch.no_grad():
            out["test_accuracy"] = (net(xt.reshape(-1, 1, 28, 28)).argmax(1) == yt).float().mean().item()
    emit(out)


if __name__ == "__main__":
    main()
