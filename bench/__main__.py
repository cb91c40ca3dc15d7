"""Run the benchmarks in bench/: `make bench` runs bench/scale.py; `.venv/bin/python -m bench NAME ...` any of them.

Each module `bench/<name>.py` defines `main()`; it prints its own measurements. Benchmarks are never
part of the test suite and never assert on time."""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naungan.config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()


DEFAULT = ["scale"]  # `make bench`: the HTTP benchmark of the whole server; the others by name


def main(argv: list[str]) -> int:
    known = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    names = argv or DEFAULT
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {known}")
        return 2
    for name in names:
        mod = importlib.import_module(f"bench.{name}")
        print(f"== bench.{name}")
        mod.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
