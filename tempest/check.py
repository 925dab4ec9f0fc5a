#!/usr/bin/env python3
"""Checks a Tempest run against the floor and sums novalab's own time per route from its access log.

usage: check.py RESULTS_CSV PASS_LIST SERVE_LOG WALL_SECONDS OUT_DIR

Exits 1 when a test on the pass list did not pass (failed, skipped or not run). NOVALAB_TEMPEST_UPDATE=1 rewrites
the pass list with every test that passed.
"""
import collections
import csv
import os
import re
import sys

ACCESS = re.compile(r" access - (\S+) (\S+) (\d{3}) ([\d.]+) ms ")


def results(path):
    if not os.path.exists(path):
        return {}
    with open(path, newline="", errors="replace") as source:
        return {row["test"]: row["status"] for row in csv.DictReader(source) if row.get("test") and row.get("status")}


def floor(path):
    if not os.path.exists(path):
        return []
    with open(path) as source:
        return [line.strip() for line in source if line.strip() and not line.startswith("#")]


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def routes(serve_log, wall, out):
    times = collections.defaultdict(list)
    with open(serve_log, errors="replace") as source:
        for line in source:
            m = ACCESS.search(line)
            if m:
                times[m.group(1) + " " + m.group(2)].append(float(m.group(4)))
    rows = []
    for route, values in times.items():
        values.sort()
        rows.append((route, len(values), percentile(values, 50), percentile(values, 99), values[-1], sum(values)))
    rows.sort(key=lambda r: r[3], reverse=True)
    total_ms = sum(r[5] for r in rows)
    share = total_ms / 1000 / (wall * 2) if wall > 0 else 0
    with open(os.path.join(out, "routes.txt"), "w") as report:
        report.write(f"{sum(r[1] for r in rows)} requests, novalab's handling {total_ms / 1000:.1f} s over "
                     f"{wall} s of wall time at concurrency 2: {share:.1%} per worker\n")
        report.write(f"{'route':60} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}\n")
        for route, count, p50, p99, worst, _ in rows:
            report.write(f"{route:60} {count:6d} {p50:8.2f} {p99:8.2f} {worst:8.2f}\n")
    return rows, share


def main(results_csv, pass_list, serve_log, wall, out):
    wall = int(wall)
    status = results(results_csv)
    if not status:
        print("tempest: FAILED: no test ran (see target/tempest/run.log: a configuration or discovery error)")
        return 1
    counts = collections.Counter(status.values())
    passed = sorted(t for t, s in status.items() if s == "success")
    required = floor(pass_list)
    lost = [t for t in required if status.get(t) != "success"]
    gained = sorted(set(passed) - set(required))
    rows, share = routes(serve_log, wall, out)
    with open(os.path.join(out, "failed.txt"), "w") as failed:
        failed.write("".join(t + "\n" for t, s in sorted(status.items()) if s == "failure"))
    summary = (f"tempest: {len(status)} tests in {wall} s: {counts['success']} passed, {counts['failure']} failed, "
               f"{counts['skip']} skipped; floor {len(required)}, {len(gained)} new passes, {len(lost)} lost\n"
               f"tempest: novalab's request handling {share:.1%} of wall time per worker; slowest p99: "
               + ", ".join(f"{r[0]} {r[3]:.1f} ms" for r in rows[:3]) + "\n")
    with open(os.path.join(out, "summary.txt"), "w") as s:
        s.write(summary)
    sys.stdout.write(summary)
    if os.environ.get("NOVALAB_TEMPEST_UPDATE") == "1":
        with open(pass_list, "w") as floor_file:
            floor_file.write("# Tempest tests that must pass (scripts/tempest fails when one does not); "
                             "NOVALAB_TEMPEST_UPDATE=1 scripts/tempest rewrites it.\n")
            floor_file.write("".join(t + "\n" for t in passed))
        print(f"tempest: {pass_list} now lists {len(passed)} tests")
        return 0
    if gained:
        print(f"tempest: {len(gained)} tests passed that tempest/pass.txt does not list yet "
              "(NOVALAB_TEMPEST_UPDATE=1 scripts/tempest adds them)")
    if lost:
        print("tempest: FAILED: tests on tempest/pass.txt that did not pass:")
        for t in lost:
            print(f"  {status.get(t, 'not run')}: {t}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
