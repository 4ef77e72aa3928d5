"""Shared set-up of the PyTorch reference scripts (see README.md).

Every script runs float32 on the CPU, like the issue's reference numbers,
with torch.set_num_threads(2) (the machine has 2 cores). Whether OpenBLAS
may start its own threads is decided by the caller's environment:
OPENBLAS_NUM_THREADS=1 is "PyTorch tuned", unset is "PyTorch default" (as
installed). Each script prints one JSON object on stdout.
"""
import gzip
import json
import os
import resource
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def setup(seed=1):
    torch.set_num_threads(2)
    torch.manual_seed(seed)


def info():
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", ""),
    }


def read_idx(path):
    """Reads a (gzipped) IDX file of MNIST into a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"{stem}(.gz) not found in {directory}")


def mnist(directory, split="train"):
    """Returns MNIST as float32 pixels in [0, 1] (N×784) and int64 labels."""
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(find(directory, prefix + "-images-idx3-ubyte"))
    labels = read_idx(find(directory, prefix + "-labels-idx1-ubyte"))
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def max_rss_mib():
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    """Wall-clock and CPU time of a block."""

    def __enter__(self):
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0


def emit(obj):
    obj.update(info())
    json.dump(obj, sys.stdout)
    sys.stdout.write("\n")


def train(net, x, y, batch, steps=None):
    """One epoch (or its first `steps` steps) of the benchmark loop: shuffle,
    gather the batch, zero_grad, forward, cross-entropy, backward, Adam(1e-3)
    step, and loss.item() (dlfun's trainer records every step's loss too).
    Returns the number of steps."""
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = len(x)
    perm = torch.randperm(n)
    done = 0
    for start in range(0, n, batch):
        if steps is not None and done == steps:
            break
        idx = perm[start:start + batch]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        loss.item()
        done += 1
    return done
