#!/usr/bin/env python3
"""Benchmark cclint on generated policy repositories (SPEC 7).

    cargo build --release
    python3 benches/run.py                      # N = 1k, 10k, 100k; json, human, sarif
    python3 benches/run.py --sizes 1000 10000   # smaller
    python3 benches/run.py --growth             # the growth scenarios, 10k and 100k
    python3 benches/run.py --editor             # --stdin-filename in a 100-file repository
    python3 benches/run.py --memory             # peak memory at 100k against 5x the source + 30 MB
    python3 benches/run.py --organisation       # the 20 rules of organisation-rules.yaml at 100k
    python3 benches/run.py --report             # cclint report against check --format json at 10k
    python3 benches/run.py --binary OTHER       # compare another build (an older release)

For every repository it reports bytes, wall time, CPU time (user + system), MB/s (wall)
and peak memory (max RSS) of `cclint --format F`, the same for `cat` of the files, and the
100k/1k time ratio. Each figure is the median of --runs runs. With --growth it checks
that each scenario grows within 1.2x of linear from 10k to 100k (ratio <= 12) and exits 1
otherwise, so a quadratic path is caught; there each figure is the fastest of --runs runs
of the two sizes in turn, and a ratio over 12 is measured again before it counts. With
--memory it checks that the peak memory of every format, on the 100k repository as files
and as one file, is at most 5x the source + 30 MB (the highest of --runs runs), and exits
1 otherwise. Sizes and memory are in MB of 10^6 bytes.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def generate(out, *args):
    if not os.path.exists(out):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), out, *args], check=True)
    return out


def ccl_files(path):
    found = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        found += [os.path.join(root, f) for f in sorted(files) if f.endswith(".ccl")]
    return found


def measure(argv, stdin=None):
    """Wall seconds, CPU seconds and peak RSS (MB of 10^6 bytes) of one run of argv."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin:
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {code}")
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e6


def median_of(argv, runs):
    results = [measure(argv) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def row(label, size, wall, cpu, rss):
    mbs = size / 1e6 / wall if wall else 0
    print(f"{label:<34} {size / 1e6:8.1f} MB {wall:8.3f} s {cpu:8.3f} s cpu {mbs:8.1f} MB/s {rss:8.0f} MB")


def throughput(args, binary, work):
    walls = {}
    for layout in args.layouts:
        for n in args.sizes:
            extra = ["--one-file"] if layout == "one-file" else []
            repo = generate(os.path.join(work, f"{layout}-{n}"), "--products", str(n), *extra)
            files = ccl_files(repo)
            size = sum(os.path.getsize(f) for f in files)
            print(f"\n{layout}, {n} products, {len(files)} files")
            row("cat", size, *median_of(["cat", *files], args.runs))
            for fmt in args.formats:
                wall, cpu, rss = median_of([binary, "--format", fmt, repo], args.runs)
                row(f"cclint --format {fmt}", size, wall, cpu, rss)
                walls[(layout, fmt, n)] = wall
    if len(args.sizes) > 1:
        lo, hi = min(args.sizes), max(args.sizes)
        print(f"\n{hi}/{lo} time ratios (linear would be {hi / lo:.0f}):")
        for layout in args.layouts:
            for fmt in args.formats:
                print(f"  {layout:<9} {fmt:<6} {walls[(layout, fmt, hi)] / walls[(layout, fmt, lo)]:7.1f}")


def memory(args, binary, work):
    """Peak memory against the bar: 5x the source + 30 MB, every format, both layouts."""
    n = args.memory_size
    failed = []
    for layout in args.layouts:
        extra = ["--one-file"] if layout == "one-file" else []
        repo = generate(os.path.join(work, f"{layout}-{n}"), "--products", str(n), *extra)
        size = sum(os.path.getsize(f) for f in ccl_files(repo))
        bar = 5 * size / 1e6 + 30
        print(f"\n{layout}, {n} products: {size / 1e6:.1f} MB of source, bar {bar:.1f} MB")
        for fmt in args.formats:
            peak = max(measure([binary, "--format", fmt, repo])[2] for _ in range(args.runs))
            times = (peak - 30) / (size / 1e6)
            verdict = "ok" if peak <= bar else "OVER"
            print(f"  --format {fmt:<6} {peak:7.1f} MB  (5x + 30 MB is {bar:.1f}; {times:.2f}x + 30)  {verdict}")
            if peak > bar:
                failed.append(f"{layout} {fmt}")
    if failed:
        sys.exit(f"peak memory over 5x the source + 30 MB: {', '.join(failed)}")


GROWTH = [
    ("misspelt 5%", ["--misspell", "5"], ["json"]),
    ("unknown-refs", ["--scenario", "unknown-refs"], ["json", "human"]),
    ("unterminated", ["--scenario", "unterminated"], ["json", "human"]),
    ("suppressions", ["--scenario", "suppressions"], ["json"]),
    ("findings", ["--scenario", "findings"], ["json", "human"]),
]


def fastest_runs(binary, fmt, repos, runs):
    """Time the two repositories in alternating runs and return the fastest run of each
    (wall, CPU, memory): the least disturbed, so that a busy moment on a shared machine
    does not pass for growth."""
    best = {n: (float("inf"), 0.0, 0.0) for n in repos}
    for _ in range(runs):
        for n, repo in repos.items():
            result = measure([binary, "--format", fmt, repo])
            if result[0] < best[n][0]:
                best[n] = result
    return best


def growth(args, binary, work):
    bad = []
    small, large = args.growth_sizes
    for name, gen_args, formats in GROWTH:
        repos = {
            n: generate(os.path.join(work, f"growth-{name.replace(' ', '-').replace('%', '')}-{n}"),
                        "--products", str(n), *gen_args)
            for n in (small, large)
        }
        sizes = {n: sum(os.path.getsize(f) for f in ccl_files(repo)) for n, repo in repos.items()}
        for fmt in formats:
            # A ratio over the limit is measured again before it counts: a path that grows
            # faster than linear is slow every time, a busy moment is not.
            for _ in range(2):
                best = fastest_runs(binary, fmt, repos, args.runs)
                for n in repos:
                    row(f"{name} {n} {fmt}", sizes[n], *best[n])
                ratio = best[large][0] / best[small][0]
                verdict = "ok" if ratio <= 12 else "NOT LINEAR"
                print(f"  {name} {fmt}: {large}/{small} ratio {ratio:.1f} ({verdict})")
                if ratio <= 12:
                    break
            if ratio > 12:
                bad.append(f"{name} {fmt}")
    if bad:
        sys.exit(f"grows faster than linear: {', '.join(bad)}")


def editor(args, binary, work):
    """An editor's lint of one buffer (`--stdin-filename`) in a 100-file repository."""
    repo = generate(os.path.join(work, "editor-100-files"), "--products", "4400")
    # The buffer's repository is found by its cclint.yaml, as in a real one.
    config = os.path.join(repo, "cclint.yaml")
    if not os.path.exists(config):
        with open(config, "w") as f:
            f.write("rules: {}\n")
    files = ccl_files(repo)
    buffer = os.path.join(repo, "products", "p00010.ccl")
    with open(buffer, "rb") as f:
        text = f.read()
    argv = [binary, "--format", "json", "--stdin-filename", buffer, "-"]
    runs = max(args.runs, 21)
    walls = sorted(measure(argv, stdin=text)[0] for _ in range(runs))
    print(f"{len(files)} files; --stdin-filename of one file, {runs} runs:")
    print(f"  median {walls[runs // 2] * 1000:.1f} ms, min {walls[0] * 1000:.1f} ms, "
          f"max {walls[-1] * 1000:.1f} ms")


def alternating(argv, runs, size, label=lambda name: name):
    """Run each command of `argv` in turn, `runs` times; print and return the medians."""
    results = {name: [] for name in argv}
    for _ in range(runs):
        for name in argv:
            results[name].append(measure(argv[name]))
    median = {}
    for name, rs in results.items():
        median[name] = tuple(statistics.median(r[i] for r in rs) for i in range(3))
        row(label(name), size, *median[name])
    return median, results


def organisation(args, binary, work):
    """The cost of the 20 organisation rules of benches/organisation-rules.yaml: the same
    repository with and without them, in alternating runs (median), and the peak memory
    with them against the memory bar. Exits 1 over 1.25x the time or over the bar."""
    n = args.organisation_size
    rules = os.path.join(HERE, "organisation-rules.yaml")
    repo = generate(os.path.join(work, f"files-{n}"), "--products", str(n))
    size = sum(os.path.getsize(f) for f in ccl_files(repo))
    bar = 5 * size / 1e6 + 30
    argv = {
        "without": [binary, "--no-config", "--format", "json", repo],
        "with": [binary, "--config", rules, "--format", "json", repo],
    }
    print(f"{n} products, {size / 1e6:.1f} MB of source, --format json:")
    median, runs = alternating(argv, args.runs, size, lambda name: f"{name} organisation rules")
    ratio = median["with"][0] / median["without"][0]
    peak = max(r[2] for r in runs["with"])
    print(f"  time with the 20 rules: {ratio:.2f}x (bar 1.25x); peak memory {peak:.1f} MB (bar {bar:.1f} MB)")
    if ratio > 1.25 or peak > bar:
        sys.exit("organisation rules over their budget")


def report(args, binary, work):
    """`cclint report` against `cclint check --format json` on the same repository, in
    alternating runs (median), and the report's size. Exits 1 over 2x the time or over
    15 MB (the bars of the report)."""
    n = args.report_size
    repo = generate(os.path.join(work, f"files-{n}"), "--products", str(n))
    size = sum(os.path.getsize(f) for f in ccl_files(repo))
    out = os.path.join(work, f"report-{n}.html")
    argv = {
        "check --format json": [binary, "check", "--format", "json", repo],
        "report": [binary, "report", repo, "-o", out],
    }
    print(f"{n} products, {size / 1e6:.1f} MB of source:")
    median, _ = alternating(argv, args.runs, size)
    ratio = median["report"][0] / median["check --format json"][0]
    written = os.path.getsize(out) / 1e6
    print(f"  report: {ratio:.2f}x the time of check (bar 2x); {written:.1f} MB (bar 15 MB)")
    if ratio > 2 or written > 15:
        sys.exit("the report is over its budget")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "cclint"))
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--formats", nargs="+", default=["json", "human", "sarif"])
    parser.add_argument("--layouts", nargs="+", default=["files", "one-file"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--growth", action="store_true")
    parser.add_argument("--editor", action="store_true")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--memory-size", type=int, default=100_000)
    parser.add_argument("--growth-sizes", type=int, nargs=2, default=[10_000, 100_000])
    parser.add_argument("--organisation", action="store_true")
    parser.add_argument("--organisation-size", type=int, default=100_000)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--report-size", type=int, default=10_000)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    os.makedirs(args.work, exist_ok=True)
    how = "fastest" if args.growth else "highest" if args.memory else "median"
    print(f"binary: {args.binary}; cores: {os.cpu_count()}; {how} of {args.runs} runs")
    if args.growth:
        mode = growth
    elif args.editor:
        mode = editor
    elif args.memory:
        mode = memory
    elif args.organisation:
        mode = organisation
    elif args.report:
        mode = report
    else:
        mode = throughput
    mode(args, args.binary, args.work)


if __name__ == "__main__":
    main()
