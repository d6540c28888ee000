"""Test-suite settings shared by the unit tests and nbval."""

import os

# nbval's kernels inherit this environment: the notebooks run in quick mode.
os.environ.setdefault("TEXTGEN_QUICK", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# The notebooks' paired scripts run the whole lesson when imported: never collect them.
collect_ignore_glob = ["notebooks/*/*.py", "tools/*", "benchmarks/*"]
