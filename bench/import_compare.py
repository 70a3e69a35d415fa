#!/usr/bin/env python3
"""Import benchmark: RateCard against pandas and DuckDB on the same files, in one run.

Each contender loads the same file into a fresh database; the median of --runs wall-clock runs is
reported as rows per second. RateCard's figure covers the whole `ratecard import` process: reading
gzip, parsing, validating and normalising every row, and one SQLite transaction. pandas and DuckDB
only parse and store the file as it is (no validation), which is the ceiling they represent.
"""
import argparse, json, os, shutil, sqlite3, statistics, subprocess, sys, tempfile, time


def time_ratecard(binary, path):
    with tempfile.TemporaryDirectory() as directory:
        database = os.path.join(directory, "bench.sqlite")
        started = time.perf_counter()
        result = subprocess.run([binary, "import", "--json", "--database", database, path], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"ratecard import failed: {result.stderr}")
        summary = json.loads(result.stdout)
        return elapsed, summary["read"]


def time_pandas(path):
    import pandas
    with tempfile.TemporaryDirectory() as directory:
        connection = sqlite3.connect(os.path.join(directory, "bench.sqlite"))
        started = time.perf_counter()
        frame = pandas.read_csv(path, low_memory=False)
        frame.to_sql("data", connection, index=False, chunksize=10_000)
        connection.commit()
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed, len(frame)


def time_duckdb(path):
    import duckdb
    with tempfile.TemporaryDirectory() as directory:
        connection = duckdb.connect(os.path.join(directory, "bench.duckdb"))
        started = time.perf_counter()
        connection.execute(f"CREATE TABLE data AS SELECT * FROM read_csv('{path}', all_varchar=false, sample_size=-1)")
        rows = connection.execute("SELECT count(*) FROM data").fetchone()[0]
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ratecard", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args()
    contenders = [("ratecard import", lambda p: time_ratecard(arguments.ratecard, p)), ("pandas read_csv+to_sql", time_pandas),
                  ("duckdb read_csv", time_duckdb)]
    print(f"{'file':<52} {'contender':<24} {'rows':>9} {'median s':>9} {'rows/s':>10}")
    for path in arguments.files:
        results = {}
        for name, run in contenders:
            times, rows = [], 0
            for _ in range(arguments.runs):
                elapsed, rows = run(path)
                times.append(elapsed)
            median = statistics.median(times)
            results[name] = rows / median
            print(f"{os.path.basename(path):<52} {name:<24} {rows:>9,} {median:>9.2f} {rows / median:>10,.0f}")
        ours = results["ratecard import"]
        print(f"{'':<52} {'ratecard vs pandas':<24} {ours / results['pandas read_csv+to_sql']:>9.2f}x")
        print(f"{'':<52} {'ratecard vs duckdb':<24} {ours / results['duckdb read_csv']:>9.2f}x")


if __name__ == "__main__":
    main()
