#!/usr/bin/env python3
"""Peer for `ratecard model fit`: statsmodels OLS of log pay on country dummies, log experience and
skill dummies, over the same rows RateCard fits (exported by `ratecard-bench training-rows`).
Prints the time to build the design and fit, and the same for the fit alone."""
import sys, time
import numpy as np
import pandas as pd
import statsmodels.api as sm

path = sys.argv[1]
started = time.perf_counter()
frame = pd.read_csv(path, keep_default_na=False)
loaded = time.perf_counter()
countries = pd.get_dummies(frame["country"], prefix="c", drop_first=True, dtype=float)
skills = frame["skills"].str.get_dummies(sep="|")
common = skills.columns[skills.sum() >= 100]
design = pd.concat([countries, skills[common].astype(float)], axis=1)
design["log_years"] = np.log1p(frame["years"].clip(0, 40))
design = sm.add_constant(design)
built = time.perf_counter()
result = sm.OLS(frame["log_hourly"].to_numpy(), design.to_numpy()).fit()
fitted = time.perf_counter()
print(f"statsmodels OLS: {len(frame):,} rows x {design.shape[1]} columns; read {loaded - started:.2f} s, design {built - loaded:.2f} s, "
      f"fit {fitted - built:.2f} s, total {fitted - started:.2f} s (R² {result.rsquared:.3f})")
