"""The benchmark: `make bench` (bench/run.py) and its synthetic database (bench/fill.py)."""
