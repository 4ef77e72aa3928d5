"""PyTorch reference: square matrix products, GFLOP/s (see README.md).

usage: torch_matmul.py [n ...]   (default 256 512 1024)

For each n and dtype (float32, float64) it times C = A·B for random n×n
matrices: repeat the product for at least 0.2 s, three times, and report the
median rate, 2n³ flops per product. float64 goes to OpenBLAS's dgemm: the
"OpenBLAS float64" reference for dlfun's kernel.
"""
import statistics
import sys

import torch

from torch_common import Timer, emit, setup


def rate(n, dtype):
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    c = torch.empty(n, n, dtype=dtype)
    torch.mm(a, b, out=c)  # warm up
    reps = 1
    while True:
        with Timer() as t:
            for _ in range(reps):
                torch.mm(a, b, out=c)
        if t.seconds >= 0.2:
            break
        reps *= 2
    rates = []
    for _ in range(3):
        with Timer() as t:
            for _ in range(reps):
                torch.mm(a, b, out=c)
        rates.append(2 * n**3 * reps / t.seconds / 1e9)
    return statistics.median(rates)


def main():
    setup()
    sizes = [int(s) for s in sys.argv[1:]] or [256, 512, 1024]
    out = {}
    for n in sizes:
        out[f"f32_{n}"] = rate(n, torch.float32)
        out[f"f64_{n}"] = rate(n, torch.float64)
    emit({"gflops": out})


if __name__ == "__main__":
    main()
