"""PyTorch reference: logistic regression on People50 (see README.md).

usage: torch_logreg.py PEOPLE50_CSV [runs]

The lecture's 50 people (height, weight, gender → overweight), features
standardised (population std, like datasets.Table.Standardized), a
Linear(3, 1) + sigmoid model, BCE, full-batch gradient descent with
learning rate 0.1 for 2000 steps, `runs` times; reports seconds per run.
"""
import csv
import sys

import torch
from torch import nn

from torch_common import Timer, emit, setup


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    setup()
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    data = torch.tensor([[float(v) for v in r] for r in rows], dtype=torch.float32)
    x, y = data[:, :3], data[:, 3:]
    x = (x - x.mean(0)) / x.std(0, unbiased=False)
    seconds, cpu = [], []
    for r in range(runs):
        torch.manual_seed(r + 1)
        model = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = nn.BCELoss()
        with Timer() as t:
            for _ in range(2000):
                opt.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                opt.step()
                loss.item()
        seconds.append(t.seconds)
        cpu.append(t.cpu)
    emit({"seconds": seconds, "cpu_seconds": cpu, "steps": 2000, "final_loss": loss.item()})


if __name__ == "__main__":
    main()
