"""Write journeygen/render/default_theme.json: the built-in theme's templates compiled ahead
(`journeygen.render.precompiled`). Run it after changing a template of themes/default/ or
the Jinja pin in requirements/ci.txt (tests/test_precompiled.py fails until you do):

    python scripts/compile_theme.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from journeygen.render import precompiled
from journeygen.render.theme import builtin_theme_dir, load_theme


def main() -> int:
    with tempfile.TemporaryDirectory() as empty:  # no project: the built-in theme alone
        theme, problems = load_theme(Path(empty), "default")
    assert theme is not None, problems
    env = theme.environment
    builtin = builtin_theme_dir() / "templates"
    names = [p.relative_to(builtin).as_posix() for p in builtin.rglob("*.html")]
    data = precompiled.generate(env, names)
    text = json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
    precompiled.DATA.write_text(text, encoding="utf-8")
    print(f"{len(names)} templates (Jinja {data['jinja']}) -> {precompiled.DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
