#!/usr/bin/env python3
"""Pipeline benchmarks (issue 3): Sluice beside DVC and MLflow. Started by run.sh.

    bench.py --sluice BIN --plugin SO --work DIR --results DIR [--peers VENV_BIN]
             [--rounds R] [--dvc-rounds K] [--only WORKLOAD]

Whole-process times are taken here: perf_counter around one child process (stdout and
stderr to /dev/null), exit status checked, untimed "prepare" steps before a sample.
Cases of one workload run *interleaved*, round by round (Sluice and peer alternate),
because the machine is shared and noisy; a case with fewer samples than the others is
spread over the rounds. Every sample is a JSON line in RESULTS/samples.jsonl (with the
load average); the tables are written to RESULTS/tables.md.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (10, 50, 200)
TIMEOUT = 900  # seconds per sample; a hung one fails the benchmark


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_pressure():
    """Share of the last 10 s in which some runnable task waited for a CPU (PSI), or None."""
    try:
        with open("/proc/pressure/cpu") as f:
            return float(f.readline().split()[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return None


class Case:
    """One thing to time. cmd: argv list; prepare: a callable run before each sample;
    parse: optional callable(stdout) -> dict of in-process figures the command prints."""

    def __init__(self, workload, label, cmd, cwd, samples, prepare=None, env=None,
                 tool="sluice", parse=None, warmup=0, display=None, timeout=TIMEOUT):
        self.workload, self.label, self.cmd, self.cwd = workload, label, cmd, cwd
        self.samples, self.prepare, self.env, self.tool = samples, prepare, env, tool
        self.parse, self.warmup = parse, warmup
        self.display = display or " ".join(cmd)
        self.timeout = timeout


class Harness:
    def __init__(self, results):
        self.results = results
        os.makedirs(results, exist_ok=True)
        self.out = open(os.path.join(results, "samples.jsonl"), "a")

    def once(self, case):
        if case.prepare:
            case.prepare()
        env = dict(os.environ, **(case.env or {}))
        errors = tempfile.TemporaryFile()
        started = time.perf_counter()
        proc = subprocess.Popen(case.cmd, cwd=case.cwd, env=env, stderr=errors,
                                stdout=subprocess.PIPE if case.parse else subprocess.DEVNULL)
        watchdog = threading.Timer(case.timeout, proc.kill)  # a hung sample fails the benchmark
        watchdog.start()
        out = proc.stdout.read() if case.parse else b""
        _, status, usage = os.wait4(proc.pid, 0)  # not proc.wait(): wait4 also gives the CPU time
        seconds = time.perf_counter() - started
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            sys.exit(f"{case.label}: `{case.display}` exited with {proc.returncode} in {case.cwd}\n{errors.read().decode(errors='replace')[-2000:]}")
        extra = case.parse(out.decode()) if case.parse else {}
        extra["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # user + sys of the process and its children
        return seconds, extra

    def run(self, cases):
        """Warm-ups first, then rounds; case c runs in round r when its sample count
        steps up there, so a 3-sample case beside 10-sample ones runs in rounds 3, 6, 9."""
        for case in cases:
            for _ in range(case.warmup):
                self.once(case)
        rounds = max(c.samples for c in cases)
        for r in range(rounds):
            order = cases[r % len(cases):] + cases[:r % len(cases)]  # rotate who goes first
            for case in order:
                if (r + 1) * case.samples // rounds == r * case.samples // rounds:
                    continue
                load, pressure = loadavg(), cpu_pressure()
                seconds, extra = self.once(case)
                row = dict(workload=case.workload, label=case.label, tool=case.tool, round=r,
                           seconds=seconds, loadavg=load, cpu_pressure_avg10=pressure, date=now_utc(),
                           command=case.display, **extra)
                self.out.write(json.dumps(row) + "\n")
                self.out.flush()
                print(f"  {case.label:55s} {seconds * 1000:10.1f} ms  load {load}", flush=True)


def run_json(sluice, cwd, *args):
    out = subprocess.run([sluice, *args, "--json"], cwd=cwd, check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)


# ---------------------------------------------------------------------------- workloads

def make_sluice(work, shape, n, plugin, suffix=""):
    """A project folder; *repeated* and *fresh* cases get their own (suffix), so that
    deleting .sluice/ for one never resets the other's growing store."""
    d = os.path.join(work, "sluice", f"{shape}-{n}{suffix}")
    subprocess.run([os.path.join(HERE, "make_sluice_project.sh"), d, shape, str(n), plugin], check=True)
    return d


def reset_store(d):
    return lambda: shutil.rmtree(os.path.join(d, ".sluice"), ignore_errors=True)


def pipelines_workload(args, harness):
    """W1 + W2: sluice validate/run on chains and fan-outs; dvc repro on the same chains.
    *no-op rerun*: the same project run again with nothing changed (after a warm-up run,
    every stage is reused); *first run*: .sluice/ (or DVC's repo) reset before each sample."""
    for n in SIZES:
        cases = []
        for shape in ("chain", "fanout"):
            d = make_sluice(args.work, shape, n, args.plugin)
            f = make_sluice(args.work, shape, n, args.plugin, "-fresh")
            cases += [
                Case("pipelines", f"sluice validate, {shape}, N={n}", [args.sluice, "validate"], d,
                     args.rounds, warmup=1, display=f"cd {shape}-{n} && sluice validate"),
                Case("pipelines", f"sluice run, {shape}, N={n}, no-op rerun", [args.sluice, "run"], d,
                     args.rounds, warmup=1, display=f"cd {shape}-{n} && sluice run"),
                Case("pipelines", f"sluice run, {shape}, N={n}, first run (fresh .sluice/)", [args.sluice, "run"], f,
                     args.rounds, prepare=reset_store(f),
                     display=f"cd {shape}-{n}-fresh && rm -rf .sluice && sluice run"),
            ]
        if args.peers:
            dvc = os.path.join(args.peers, "dvc")
            template = os.path.join(args.work, "dvc", f"template-{n}")
            repo = os.path.join(args.work, "dvc", f"chain-{n}")
            env = dict(PATH=args.peers + ":" + os.environ["PATH"])
            subprocess.run([os.path.join(HERE, "make_dvc_chain.sh"), template, str(n)], check=True, env=dict(os.environ, **env))

            def fresh(template=template, repo=repo):
                shutil.rmtree(repo, ignore_errors=True)
                subprocess.run(["cp", "-a", template, repo], check=True)
                subprocess.run(["sync"], check=True)

            cases.append(Case("pipelines", f"dvc repro, chain, N={n}, first run", [dvc, "repro"], repo,
                              args.dvc_rounds, prepare=fresh, env=dict(env, DVC_NO_ANALYTICS="1"),
                              tool="dvc", display=f"cd chain-{n} && dvc repro"))
            # No-op: a copy of the template reproduced once and committed (untimed), as
            # the peer baselines' P1 did; every sample then finds nothing to do.
            done = os.path.join(args.work, "dvc", f"noop-{n}")
            shutil.rmtree(done, ignore_errors=True)
            subprocess.run(["cp", "-a", template, done], check=True)
            denv = dict(os.environ, **env, DVC_NO_ANALYTICS="1")
            subprocess.run([dvc, "repro", "-q"], cwd=done, check=True, env=denv, stdout=subprocess.DEVNULL)
            subprocess.run(["git", "add", "-A"], cwd=done, check=True)
            subprocess.run(["git", "commit", "-q", "-m", "reproduced"], cwd=done, check=True)
            cases.append(Case("pipelines", f"dvc repro, chain, N={n}, no-op rerun", [dvc, "repro"], done,
                              args.rounds, warmup=1, env=dict(env, DVC_NO_ANALYTICS="1"),
                              tool="dvc", display=f"cd noop-{n} && dvc repro"))
        harness.run(cases)
        if args.peers:  # the chain really ran: last output equals s0
            with open(os.path.join(args.work, "dvc", f"chain-{n}", f"s{n}.txt")) as f:
                assert f.read() == "bench chain s0\n", "dvc chain output differs"
        for shape in ("chain", "fanout"):  # the first runs ran every stage; the reruns reused every one
            for suffix, expected in (("-fresh", "succeeded"), ("", "cached")):
                d = os.path.join(args.work, "sluice", f"{shape}-{n}{suffix}")
                show = run_json(args.sluice, d, "runs", "show", "last")
                ok = [s for s in show["stages"] if s["status"] == expected]
                assert len(ok) == n and show["status"] == "succeeded", f"{shape}-{n}{suffix}: {show['status']}, {len(ok)} stages {expected}"


def startup_workload(args, harness):
    """Process start-up references: sluice with nothing to do, dvc --version."""
    d = make_sluice(args.work, "chain", 1, args.plugin)
    cases = [Case("startup", "sluice --help", [args.sluice, "--help"], d, args.rounds, warmup=1),
             Case("startup", "sluice plugins list", [args.sluice, "plugins", "list"], d, args.rounds, warmup=1),
             Case("startup", "sluice run, chain, N=1, no-op rerun", [args.sluice, "run"], d, args.rounds, warmup=1,
                  display="cd chain-1 && sluice run")]
    if args.peers:
        cases.append(Case("startup", "dvc --version", [os.path.join(args.peers, "dvc"), "--version"], d,
                          args.rounds, warmup=1, tool="dvc", env=dict(DVC_NO_ANALYTICS="1")))
    harness.run(cases)


def metrics_workload(args, harness):
    """W3: one stage logging K values, one host->metric call each; MLflow log_metric/log_batch."""
    cases = []
    for count in (0, 10_000, 100_000):
        d = make_sluice(args.work, f"metrics{count}", 1, args.plugin)
        f = make_sluice(args.work, f"metrics{count}", 1, args.plugin, "-fresh")
        cases.append(Case("metrics", f"sluice run, 1 stage logging {count:,} values, repeated",
                          [args.sluice, "run"], d, args.rounds, warmup=1,
                          display=f"cd metrics{count} && sluice run"))
        cases.append(Case("metrics", f"sluice run, 1 stage logging {count:,} values, fresh .sluice/",
                          [args.sluice, "run"], f, args.rounds, prepare=reset_store(f),
                          display=f"cd metrics{count}-fresh && rm -rf .sluice && sluice run"))
    if args.peers:
        store = os.path.join(args.work, "mlflow")
        cases.append(Case("metrics", "mlflow log_metric x10,000 + log_batch 10 x 1,000 (one process)",
                          [os.path.join(args.peers, "python"), os.path.join(HERE, "mlflow_metrics.py"), store, "10000"],
                          args.work, args.mlflow_rounds, tool="mlflow", parse=json.loads,
                          env=dict(MLFLOW_ENABLE_TELEMETRY="false", DO_NOT_TRACK="1", MLFLOW_DISABLE_TELEMETRY="true"),
                          display="python mlflow_metrics.py STORE 10000",
                          timeout=3600))  # ~30 s on a quiet machine, 10x that under load
    harness.run(cases)
    for count in (10_000, 100_000):  # every value reached the store
        db = os.path.join(args.work, "sluice", f"metrics{count}-1", ".sluice", "sluice.db")
        with sqlite3.connect(db) as c:
            (last,) = c.execute("SELECT id FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
            (rows,) = c.execute("SELECT count(*) FROM metrics WHERE run_id = ?", (last,)).fetchone()
        assert rows == count, f"metrics{count}: {rows} rows stored"


# ---------------------------------------------------------------------------- tables

def fmt(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.3f} s"


def summarise(results):
    rows = [json.loads(l) for l in open(os.path.join(results, "samples.jsonl"))]
    by = {}
    for r in rows:
        by.setdefault((r["workload"], r["label"]), []).append(r)
    stats = {}
    for key, rs in by.items():
        t = [r["seconds"] for r in rs]
        stats[key] = dict(median=statistics.median(t), min=min(t), max=max(t), n=len(t), rows=rs)
    return stats


def write_tables(args):
    stats = summarise(args.results)
    env = json.load(open(os.path.join(args.results, "environment.json")))
    lines = [f"Machine: {env['machine']}. Date (UTC): {env['date']}. {env['versions']}.", ""]
    workload = None
    for (wl, label), s in stats.items():
        if wl != workload:
            workload = wl
            lines += ["", f"### {wl}", "",
                      "| benchmark | exact command | median | min – max | runs | CPU (user+sys), median | derived | load avg at first sample |",
                      "|---|---|---|---|---|---|---|---|"]
        derived = ""
        n = next((int(x[2:]) for x in label.replace(",", "").split() if x.startswith("N=")), None)
        if n and wl == "pipelines":
            derived = f"{s['median'] / n * 1000:.2f} ms/stage"
        if "logging" in label:
            count = int(label.split("logging ")[1].split(" ")[0].replace(",", ""))
            if count:
                derived = f"{count / s['median']:,.0f} values/s (whole process)"
        cpu = statistics.median(r["cpu_seconds"] for r in s["rows"])
        lines.append(f"| {label} | `{s['rows'][0]['command']}` | **{fmt(s['median'])}** | "
                     f"{fmt(s['min'])} – {fmt(s['max'])} | {s['n']} | {fmt(cpu)} | {derived} | {s['rows'][0]['loadavg']} |")
        if "single_s" in s["rows"][0]:  # in-process MLflow figures
            for key, what in (("single_s", "mlflow.log_metric, one call per value"),
                              ("batch_s", "MlflowClient.log_batch, 1,000 per call")):
                t = [r[key] for r in s["rows"]]
                count = s["rows"][0]["count"]
                lines.append(f"| {what}, {count:,} values (in-process, perf_counter) | `{s['rows'][0]['command']}` | "
                             f"**{fmt(statistics.median(t))}** | {fmt(min(t))} – {fmt(max(t))} | {len(t)} | | "
                             f"{count / statistics.median(t):,.0f} values/s | |")
    base = stats.get(("metrics", "sluice run, 1 stage logging 0 values, repeated"))
    if base:  # marginal cost of logging in Sluice: t(K) - t(0), repeated runs
        lines.append("")
        for count in (10_000, 100_000):
            s = stats.get(("metrics", f"sluice run, 1 stage logging {count:,} values, repeated"))
            if s:
                extra = s["median"] - base["median"]
                lines.append(f"- Sluice, {count:,} values: {fmt(extra)} over the 0-value run "
                             f"= {count / extra:,.0f} values/s marginal")
    with open(os.path.join(args.results, "tables.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sluice", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--peers", help="bin folder of a venv with dvc and mlflow; omit to skip peers")
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--dvc-rounds", type=int, default=3)
    p.add_argument("--mlflow-rounds", type=int, default=3)
    p.add_argument("--only", choices=["startup", "pipelines", "metrics", "tables"])
    args = p.parse_args()
    args.sluice, args.plugin = os.path.abspath(args.sluice), os.path.abspath(args.plugin)
    os.makedirs(args.work, exist_ok=True)
    harness = Harness(args.results) if args.only != "tables" else None
    if args.only != "tables":
        versions = ["sluice " + subprocess.run([args.sluice, "--version"], stdout=subprocess.PIPE,
                                               stderr=subprocess.DEVNULL).stdout.decode().strip()]
        if args.peers:
            for tool in ("dvc", "mlflow"):
                out = subprocess.run([os.path.join(args.peers, "python"), "-c",
                                      f"import importlib.metadata as m; print(m.version('{tool}'))"],
                                     stdout=subprocess.PIPE).stdout.decode().strip()
                versions.append(f"{tool} {out}")
            versions.append(subprocess.run([os.path.join(args.peers, "python"), "--version"],
                                           stdout=subprocess.PIPE).stdout.decode().strip().lower())
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        env = dict(machine=f"{cpu}, {os.cpu_count()} vCPU, {platform.platform()}",
                   date=now_utc(), versions=", ".join(versions))
        json.dump(env, open(os.path.join(args.results, "environment.json"), "w"))
        print(env)
    for name, fn in (("startup", startup_workload), ("pipelines", pipelines_workload),
                     ("metrics", metrics_workload)):
        if args.only in (None, name):
            print(f"== {name} ({now_utc()}, load {loadavg()})", flush=True)
            fn(args, harness)
    write_tables(args)


if __name__ == "__main__":
    main()
