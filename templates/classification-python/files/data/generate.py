"""Writes credit.csv: a synthetic credit-approval table, the same bytes on every run.

    python3 data/generate.py            # from the project folder; needs numpy only

2,000 applicants, each with numeric and categorical columns and a sensitive attribute
(`sex`) for the fairness gate. `approved` (1 or 0) is drawn from a logistic model of the
other columns, so no column decides it alone and about one label in five is "noise" a
model cannot learn. `sex` does not enter the approval model, but income differs a little
between the groups (as in many real portfolios), so a model can still treat them
differently through income: which is what the fairness gate measures.
"""
import os

import numpy as np

SEED = 20240607
ROWS = 2000

rng = np.random.default_rng(SEED)
sex = rng.choice(["F", "M"], ROWS)
age = np.clip(rng.normal(42, 12, ROWS), 19, 75).round().astype(int)
employment = rng.choice(["salaried", "self-employed", "contract", "unemployed"], ROWS, p=[0.55, 0.15, 0.2, 0.1])
region = rng.choice(["north", "south", "east", "west"], ROWS, p=[0.3, 0.25, 0.25, 0.2])

# Yearly income in thousands: log-normal, lower without a steady job, 4% lower for F.
base = {"salaried": 48.0, "self-employed": 52.0, "contract": 38.0, "unemployed": 14.0}
income = np.array([base[e] for e in employment]) * np.exp(rng.normal(0, 0.35, ROWS))
income *= np.where(sex == "F", 0.96, 1.0) * (1 + 0.006 * (age - 42))
income = np.clip(income, 3, None).round(1)
# Monthly debt payments over monthly income.
debt_ratio = np.clip(rng.beta(2.2, 5.5, ROWS) * 1.1 + np.where(employment == "unemployed", 0.15, 0), 0, 1.5).round(3)

effect = {"salaried": 0.4, "self-employed": 0.0, "contract": -0.3, "unemployed": -1.6}
area = {"north": 0.2, "south": -0.3, "east": 0.1, "west": 0.0}
logit = 1.8 * (
    -0.2
    + 0.045 * (income - 45)
    - 5.0 * (debt_ratio - 0.3)
    + 0.015 * (age - 42)
    + np.array([effect[e] for e in employment])
    + np.array([area[r] for r in region])
)
approved = (rng.random(ROWS) < 1 / (1 + np.exp(-logit))).astype(int)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "credit.csv")
with open(path, "w", newline="\n") as f:
    f.write("age,income,debt_ratio,employment,region,sex,approved\n")
    for row in zip(age, income, debt_ratio, employment, region, sex, approved):
        a, i, d, e, r, s, y = row
        f.write(f"{a},{i:.1f},{d:.3f},{e},{r},{s},{y}\n")
print(f"wrote {ROWS} rows to {path} ({approved.mean():.1%} approved)")
