"""The floor under a cold build: what the libraries journeygen must use take on their own.

A cold `journeygen build` parses every file with PyYAML, converts every Markdown text with
Python-Markdown and renders every page with Jinja2 (the product's fixed packages). This
script times those libraries alone on a generated corpus, with nothing of journeygen around
them, in one process (CPU seconds, the best of `--repeat`):

* starting Python and importing yaml, markdown, jinja2 and pydantic (a fresh interpreter);
* `yaml.load(..., Loader=yaml.CSafeLoader)` (libyaml) on every YAML file and front matter;
* one reused `markdown.Markdown` with journeygen's extensions, on every journey's body;
* Jinja2 writing the corpus's journey pages again from their own text: each built page's
  bytes split at tags into a list, rendered by a template that only loops over the list
  and escapes nothing (no context, no macro, no filter: far less than a real page needs).

Their sum, divided by the cores, is the least wall time any build of this corpus can take
with these libraries before its own work (validation, page data, charts, Mermaid text,
writing files):

    python bench/floor.py 1000            # generates the corpus in a temporary folder
    python bench/floor.py 1000 --project /tmp/jg-1000
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def startup(repeat: int) -> float:
    code = "import yaml, markdown, jinja2, pydantic"
    times = []
    for _ in range(repeat):
        started = os.times()
        subprocess.run([sys.executable, "-c", code], check=True)
        ended = os.times()
        times.append(
            ended.children_user + ended.children_system
            - started.children_user - started.children_system
        )  # fmt: skip
    return min(times)


def split(text: str) -> tuple[str, str]:
    """(YAML, Markdown body) of a file with front matter; (text, "") for a YAML file."""
    if not text.startswith("---"):
        return text, ""
    end = text.index("\n---", 3)
    return text[4:end], text[end + 4 :].lstrip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1000, help="journeys (1000)")
    parser.add_argument("--project", type=Path, help="an existing corpus (else generated)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import jinja2
    import markdown
    import yaml

    from journeygen.build import Project, build
    from journeygen.render.markup import EXTENSIONS

    with tempfile.TemporaryDirectory() as scratch:
        root = args.project or Path(scratch) / "corpus"
        if args.project is None:
            generate.write_project(root, args.n)
        files = sorted(
            p for p in (root / "content").rglob("*") if p.suffix in (".md", ".yml", ".yaml")
        )
        texts = [split(p.read_text("utf-8")) for p in files]
        pages = [
            o.read()
            for o in build(Project.find(root), write=False).outputs
            if o.path.startswith("journeys/") and o.path.endswith("index.html")
        ]
    journeys = sum(1 for p in files if "journeys" in p.parts)
    parts = [re.split(r"(?=<)", page.decode("utf-8")) for page in pages]
    template = jinja2.Environment(autoescape=False).from_string(
        "{% for part in parts %}{{ part }}{% endfor %}"
    )
    converter = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html", tab_length=4)

    def load_yaml() -> None:
        for data, _body in texts:
            yaml.load(data, Loader=yaml.CSafeLoader)

    def convert() -> None:
        for _data, body in texts:
            if body:
                converter.reset().convert(body)

    def render() -> None:
        for page in parts:
            template.render(parts=page)

    rows = [
        ("Python start, import yaml/markdown/jinja2/pydantic", startup(args.repeat)),
        (f"PyYAML (libyaml) on {len(texts)} files", best(args.repeat, load_yaml)),
        (f"Python-Markdown on {journeys} journey texts", best(args.repeat, convert)),
        (f"Jinja2 writing {len(pages)} journey pages from a list", best(args.repeat, render)),
    ]
    total = sum(seconds for _what, seconds in rows)
    cores = os.cpu_count() or 1
    for what, seconds in rows:
        print(f"{what:<58} {seconds:6.2f} s CPU")
    print(f"{'together':<58} {total:6.2f} s CPU")
    print(f"{f'on {cores} cores, shared perfectly':<58} {total / cores:6.2f} s wall at least")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
