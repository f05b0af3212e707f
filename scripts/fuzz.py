"""Fuzz journeygen: the property-based tests of tests/test_fuzz.py with many random examples.

    python scripts/fuzz.py                      # 2,000 examples per test (about 10 minutes)
    python scripts/fuzz.py --examples 20000     # longer
    python scripts/fuzz.py -k csv               # only the tests whose name holds 'csv'

CI runs the same tests with a fixed set of examples (profile "ci", derandomized); this
script uses the "fuzz" profile: new random examples on each run. A failure is shrunk to a
small example and printed with the `@reproduce_failure` line to replay it; add that
example to tests/fixtures/invalid/ (or tests/test_hardening.py) with the fix.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per test")
    parser.add_argument("-k", dest="select", help="only tests whose name matches (pytest -k)")
    args = parser.parse_args()
    env = {
        **os.environ,
        "JOURNEYGEN_FUZZ_PROFILE": "fuzz",
        "JOURNEYGEN_FUZZ_EXAMPLES": str(args.examples),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_fuzz.py",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        "-q",
    ]
    if args.select:
        command += ["-k", args.select]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
