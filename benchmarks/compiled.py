"""The scan's modules compiled as they are with Cython, side by side with the same code in Python.

    pip install cython setuptools
    python benchmarks/compiled.py [--rounds 3] [--keep FOLDER] -- [check arguments ...] FILE

Copies this checkout's package and lexicon to a folder, compiles the modules a scan spends its
time in (no type declarations added: the same source, so the same results), and runs
side_by_side.py with that folder as the other version: "other" is compiled, "this" is Python.
side_by_side.py fails unless both print the same output.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCAN_MODULES = (
    "scanner", "matcher", "names", "keys", "prefixes", "index", "runs", "tokens", "guards",
    "distance", "cost_floor", "normalize", "casing",
)
BUILD = """
import sys
from Cython.Build import cythonize
from setuptools import setup
setup(ext_modules=cythonize(sys.argv[1:], language_level=3, quiet=True), script_args=["build_ext", "--inplace"])
"""


def compiled_copy(folder: Path) -> None:
    """Copy the package and lexicon into `folder` and compile the scan's modules in place."""
    for name in ("namecheck", "lexicon"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    sources = [f"namecheck/{module}.py" for module in SCAN_MODULES]
    subprocess.run([sys.executable, "-c", BUILD, *sources], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    for module in SCAN_MODULES:  # the compiled module must be the one imported
        (folder / "namecheck" / f"{module}.py").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("arguments", nargs="+", help="arguments of `namecheck check`")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="namecheck-compiled-"))
    try:
        compiled_copy(folder)
        side_by_side = [sys.executable, str(ROOT / "benchmarks" / "side_by_side.py"), str(folder), "--rounds", str(args.rounds), "--", *args.arguments]
        subprocess.run(side_by_side, check=True, env=dict(os.environ))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
