"""scipy's answers for the drift statistics tests (Tests/SluiceDriftTests).

Reads a JSON request from the file named by its argument, prints a JSON answer on stdout. Floats go out as
float.hex() strings so that no decimal round trip stands between scipy and the test.

Request keys (each optional, each a list of cases):
  ks         {"a": [...], "b": [...]}        -> [statistic, pvalue]   scipy.stats.ks_2samp(a, b)
  kstwo      [n, x]                          -> sf                    scipy.stats.kstwo.sf(x, n)
  smirnov    [n, x]                          -> sf                    scipy.special.smirnov(n, x)
  gammaincc  [a, x]                          -> Q                     scipy.special.gammaincc(a, x)
  chi2       [[row], [row], ...]             -> [statistic, pvalue, dof]  scipy.stats.chi2_contingency(table)
  psi        {"reference": [...], "current": [...], "bins": B, "floor": f}
                                             -> psi with numpy: edges np.quantile(reference, k/B), k=1..B-1,
                                                deduplicated; counts by np.searchsorted(edges, x, side="left");
                                                shares clipped below at floor.
"""
import json
import sys

import numpy as np
import scipy
from scipy import special, stats


def hexed(value):
    return float(value).hex()


def psi(reference, current, bins, floor):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    ref_counts = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1)
    cur_counts = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1)
    r = np.maximum(ref_counts / len(reference), floor)
    c = np.maximum(cur_counts / len(current), floor)
    return float(np.sum((c - r) * np.log(c / r)))


def main():
    with open(sys.argv[1]) as file:
        request = json.load(file)
    answer = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}}
    answer["ks"] = []
    for case in request.get("ks", []):
        result = stats.ks_2samp(np.asarray(case["a"], dtype=float), np.asarray(case["b"], dtype=float))
        answer["ks"].append([hexed(result.statistic), hexed(result.pvalue)])
    answer["kstwo"] = [hexed(stats.kstwo.sf(x, int(n))) for n, x in request.get("kstwo", [])]
    answer["smirnov"] = [hexed(special.smirnov(int(n), x)) for n, x in request.get("smirnov", [])]
    answer["gammaincc"] = [hexed(special.gammaincc(a, x)) for a, x in request.get("gammaincc", [])]
    answer["chi2"] = []
    for table in request.get("chi2", []):
        result = stats.chi2_contingency(np.asarray(table, dtype=float))
        answer["chi2"].append([hexed(result.statistic), hexed(result.pvalue), int(result.dof)])
    answer["psi"] = [hexed(psi(c["reference"], c["current"], c["bins"], c["floor"])) for c in request.get("psi", [])]
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
