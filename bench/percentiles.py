#!/usr/bin/env python3
"""Regions × experience percentile report over synthetic observations: RateCard against DuckDB
(quantile_cont ... GROUP BY) and pandas (groupby().quantile()) on the same data, in one run.

The data (seeded) are 7 regions × 4 levels with log-normal hourly pay. They are written once as raw
columns that `ratecard-bench percentiles` reads; DuckDB and pandas get the same arrays in memory.
Times are the aggregation alone (median of --runs), and the largest relative difference of
RateCard's quantiles from DuckDB's exact ones is printed."""
import argparse, os, re, resource, statistics, subprocess, sys, tempfile, time
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ratecard-bench", required=True)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    import duckdb, pandas
    ps = [0.1, 0.25, 0.5, 0.75, 0.9]
    print(f"{'rows':>12} {'contender':<34} {'median s':>9} {'rows/s':>14} {'vs ratecard':>12}")
    for rows in arguments.rows:
        rng = np.random.default_rng(20261129)
        region = rng.integers(0, 7, rows, dtype=np.uint8)
        level = rng.integers(0, 4, rows, dtype=np.uint8)
        base = np.array([60, 12, 30, 17, 10, 14, 33], dtype=np.float64)[region] * np.array([0.6, 0.9, 1.2, 1.5])[level]
        hourly = base * np.exp(rng.normal(0, 0.45, rows))
        with tempfile.TemporaryDirectory() as directory:
            region.tofile(os.path.join(directory, "region.u8"))
            level.tofile(os.path.join(directory, "level.u8"))
            hourly.astype("<f8").tofile(os.path.join(directory, "hourly.f64"))
            times, output = [], ""
            for _ in range(arguments.runs):
                result = subprocess.run([arguments.ratecard_bench, "percentiles", "--input", directory, "--table"], capture_output=True, text=True, check=True)
                output = result.stdout
                times.append(float(re.search(r"aggregate ([0-9.]+) s", output).group(1)))
            ours = statistics.median(times)
            memory = re.search(r"sketch memory (\d+) KiB", output).group(1)
            table = {}
            for line in output.splitlines()[2:]:
                cells = line.split(",")
                table[(cells[0], cells[1])] = [float(x) for x in cells[3:]]
        frame = pandas.DataFrame({"region": region, "level": level, "hourly": hourly})
        connection = duckdb.connect()
        connection.register("observations", frame)
        duck_times, duck_result = [], None
        for _ in range(arguments.runs):
            started = time.perf_counter()
            duck_result = connection.execute(
                "SELECT region, level, quantile_cont(hourly, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q FROM observations GROUP BY region, level").fetchall()
            duck_times.append(time.perf_counter() - started)
        panda_times = []
        for _ in range(arguments.runs):
            started = time.perf_counter()
            frame.groupby(["region", "level"])["hourly"].quantile(ps)
            panda_times.append(time.perf_counter() - started)
        regions = ["North America", "Latin America", "Western Europe", "Eastern Europe", "Asia", "Middle East & Africa", "Oceania"]
        levels = ["entry", "mid", "senior", "lead"]
        worst = 0.0
        for r, l, q in duck_result:
            mine = table[(regions[r], levels[l])]
            worst = max(worst, max(abs(a - b) / b for a, b in zip(mine, q)))
        duck, panda = statistics.median(duck_times), statistics.median(panda_times)
        print(f"{rows:>12,} {'ratecard (log histogram, 2 threads)':<34} {ours:>9.3f} {rows / ours:>14,.0f} {'1.00x':>12}")
        print(f"{rows:>12,} {'duckdb quantile_cont GROUP BY':<34} {duck:>9.3f} {rows / duck:>14,.0f} {duck / ours:>11.2f}x")
        print(f"{rows:>12,} {'pandas groupby().quantile()':<34} {panda:>9.3f} {rows / panda:>14,.0f} {panda / ours:>11.2f}x")
        print(f"{'':>12} ratecard sketch memory {memory} KiB (fixed, whatever the rows); largest relative difference from DuckDB's exact quantiles {worst:.5%}")


if __name__ == "__main__":
    main()
