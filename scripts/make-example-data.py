#!/usr/bin/env python3
"""Writes resources/examples/data/flowers.csv: 150 flowers of 3 species (50 each),
4 measurements in cm drawn from one Gaussian per species and feature (deterministic:
a fixed seed and Python's own Mersenne Twister), a header, rows shuffled.
Run from the repo root (scripts/make-examples.py runs it too)."""
import os, random

SPECIES = {  # mean and spread of sepal_length, sepal_width, petal_length, petal_width
    "setosa":     ((5.0, 0.35), (3.4, 0.38), (1.5, 0.17), (0.25, 0.10)),
    "versicolor": ((5.9, 0.50), (2.8, 0.31), (4.3, 0.47), (1.3, 0.20)),
    "virginica":  ((6.6, 0.63), (3.0, 0.32), (5.6, 0.55), (2.0, 0.27)),
}

def main():
    rng = random.Random(20240604)
    rows = []
    for name, params in SPECIES.items():
        for _ in range(50):
            values = [max(0.1, rng.gauss(mu, sigma)) for mu, sigma in params]
            rows.append(["%.1f" % v for v in values] + [name])
    rng.shuffle(rows)
    os.makedirs("resources/examples/data", exist_ok=True)
    with open("resources/examples/data/flowers.csv", "w", newline="\n") as f:
        f.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    print("wrote resources/examples/data/flowers.csv (%d rows)" % len(rows))

if __name__ == "__main__":
    main()
