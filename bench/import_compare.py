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


def banner_rows(path):
    """Records and physical lines above the header (sysarmy's title and licence, one quoted cell
    over several lines): the first record with more than ten filled cells is the header. pandas and
    DuckDB are told to skip them."""
    import csv, gzip
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        lines_before = 0
        for index, record in enumerate(reader):
            if sum(1 for cell in record if cell.strip()) > 10:
                return index, lines_before
            lines_before = reader.line_num
            if index > 30:
                break
    return 0, 0


def time_pandas(path):
    import pandas
    skip, _ = banner_rows(path)
    with tempfile.TemporaryDirectory() as directory:
        connection = sqlite3.connect(os.path.join(directory, "bench.sqlite"))
        started = time.perf_counter()
        frame = pandas.read_csv(path, low_memory=False, skiprows=skip)
        frame.to_sql("data", connection, index=False, chunksize=10_000)
        connection.commit()
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed, len(frame)


def time_duckdb(path):
    import duckdb
    with tempfile.TemporaryDirectory() as directory:
        connection = duckdb.connect(os.path.join(directory, "bench.duckdb"))
        _, lines = banner_rows(path)
        options = f", skip={lines}, header=true" if lines else ""
        started = time.perf_counter()
        connection.execute(f"CREATE TABLE data AS SELECT * FROM read_csv('{path}', all_varchar=false, sample_size=-1{options})")
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
            try:
                for _ in range(arguments.runs):
                    elapsed, rows = run(path)
                    times.append(elapsed)
            except Exception as error:  # a contender that cannot read the file says so and is not compared
                print(f"{os.path.basename(path):<52} {name:<24} could not read it: {str(error).splitlines()[0][:90]}")
                continue
            median = statistics.median(times)
            results[name] = rows / median
            print(f"{os.path.basename(path):<52} {name:<24} {rows:>9,} {median:>9.2f} {rows / median:>10,.0f}")
        ours = results["ratecard import"]
        for peer, label in [("pandas read_csv+to_sql", "pandas"), ("duckdb read_csv", "duckdb")]:
            if peer in results:
                print(f"{'':<52} {'ratecard vs ' + label:<24} {ours / results[peer]:>9.2f}x")

if __name__ == "__main__":
    main()
