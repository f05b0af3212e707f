"""Command line: `journeygen new | build | check | schema | serve | gh-deploy | pdf | import`.

`parser.py` says what each command takes, `commands.py` what it does. User errors print
`path:line:col: error: message` and exit 1; only a bug shows a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from journeygen.cli.commands import EXIT_USAGE
from journeygen.cli.parser import make_parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("journeygen: interrupted", file=sys.stderr)
        return 130
