"""The command line's arguments: one subcommand each, its options and help."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeygen import __version__
from journeygen.cli.commands import (
    cmd_build,
    cmd_check,
    cmd_gh_deploy,
    cmd_import,
    cmd_new,
    cmd_pdf,
    cmd_schema,
    cmd_serve,
)
from journeygen.core.i18n import LANGUAGES
from journeygen.model.presets import PRESETS
from journeygen.validate.audience import add_audience_option

NO_CACHE_HELP = (
    "parse, check and render everything again; do not read or keep the cache (see the README)"
)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """`--quiet` and `--verbose`, as MkDocs and Hugo have them."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only problems: no progress, no closing line",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print each step with its time (progress shows on a terminal anyway, for "
        "work that takes more than two seconds)",
    )


def _base_url(text: str) -> str:
    if not text.startswith(("https://", "http://")) or text.rstrip("/").count("/") < 2:
        raise argparse.ArgumentTypeError(f"must be an http(s) address, found '{text}'")
    return text


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeygen",
        description="Customer journey maps, flow diagrams and KPI tables from Markdown + YAML.",
    )
    parser.add_argument("--version", action="version", version=f"journeygen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="create a new project",
        description=(
            "Create a project that builds at once: config, personas, a current and an ideal "
            "journey, shared touchpoints, KPI data."
        ),
    )
    new.add_argument("directory", type=Path, help="folder to create (must be empty or absent)")
    new.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="the language of the example project and its site (default: en)",
    )
    new.add_argument(
        "--framework",
        choices=sorted(PRESETS),
        help="also write a journey to fill in with this framework's stages",
    )
    new.set_defaults(run=cmd_new)

    config_help = "the journeygen.yml to use (default: found in this folder or a parent)"
    b = commands.add_parser(
        "build",
        help="build the site",
        description=(
            "Build the site into site/ (or --out). With errors, nothing in the output "
            "folder changes."
        ),
    )
    b.add_argument("--config", type=Path, help=config_help)
    b.add_argument("--out", type=Path, help="output folder (default: site/ in the project)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument(
        "--watch",
        action="store_true",
        help="build, then build again after every change to the project (Ctrl-C to stop); "
        "a failed build leaves the last good site in place",
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help=NO_CACHE_HELP,
    )
    b.add_argument(
        "--changes-since",
        metavar="REF",
        help="add pages with what changed since a git tag or commit, or a folder",
    )
    b.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="the address the site is published at (replaces base_url in journeygen.yml)",
    )
    b.add_argument(
        "--versions",
        metavar="PATTERN",
        help="also build each git tag matching PATTERN (e.g. 'review-*') into versions/<tag>/ "
        "(replaces versions: in journeygen.yml)",
    )
    add_audience_option(b)
    b.add_argument(
        "--clean",
        action="store_true",
        help="also remove files in the output folder that journeygen did not make",
    )
    add_output_options(b)
    b.set_defaults(run=cmd_build)

    c = commands.add_parser(
        "check",
        help="validate the project, write nothing",
        description=("Validate every file and print all problems; exit 1 on errors."),
    )
    c.add_argument("--config", type=Path, help=config_help)
    c.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: GitHub Actions annotations on stdout",
    )
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument(
        "--no-cache",
        action="store_true",
        help=NO_CACHE_HELP,
    )
    c.add_argument(
        "--render",
        action="store_true",
        help="also render every page (finds template errors), still writing nothing",
    )
    add_output_options(c)
    c.set_defaults(run=cmd_check)

    s = commands.add_parser(
        "schema",
        help="print the JSON Schema of the content files",
        description="JSON Schema for editor autocomplete and validation.",
    )
    s.add_argument(
        "kind",
        nargs="?",
        default="all",
        choices=("all", "config", "persona", "journey", "touchpoints", "page"),
    )
    s.add_argument(
        "--out", type=Path, help="write one <kind>.schema.json per kind into this folder"
    )
    s.add_argument(
        "--language",
        choices=LANGUAGES,
        help="the language of the descriptions and examples an editor shows on hover "
        "(default: the language: of journeygen.yml, else en)",
    )
    s.set_defaults(run=cmd_schema)

    _add_serve(commands)
    _add_gh_deploy(commands, config_help)
    _add_import(commands, config_help)
    _add_pdf(commands, config_help)
    return parser


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the site locally and rebuild it on every change",
        description=(
            "Build the site in memory and serve it at http://127.0.0.1:8000/. When a file in "
            "content/, themes/ or journeygen.yml changes, rebuild and show the change in every "
            "open page, in place (keeping its scroll position). A build error never stops the "
            "server: the last good site stays up with the errors shown over it, until the file "
            "is fixed. "
            "serve does not write site/; use `journeygen build` for that."
        ),
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port (default: 8000; the next free one if it is taken)",
    )
    parser.add_argument("--open", action="store_true", help="open the site in a browser")
    add_audience_option(parser)
    parser.add_argument(
        "--config",
        type=Path,
        help="the journeygen.yml to use (default: found in this folder or a parent)",
    )
    parser.set_defaults(run=cmd_serve)


def _add_gh_deploy(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], config_help: str
) -> None:
    d = commands.add_parser(
        "gh-deploy",
        help="build, then push the site to the gh-pages branch",
        description=(
            "Build the site, commit it to the gh-pages branch (with .nojekyll) and push it. "
            "Your working tree, index and current branch are not touched."
        ),
    )
    d.add_argument("--config", type=Path, help=config_help)
    d.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    d.add_argument("--branch", default="gh-pages", help="branch to publish (default: gh-pages)")
    d.add_argument(
        "--message",
        help="commit message; {sha} and {branch} name the source (default: "
        "'Deploy {sha} from {branch}')",
    )
    d.add_argument(
        "--force", action="store_true", help="force the push (replaces the remote branch)"
    )
    d.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_output_options(d)
    d.add_argument(
        "--versions",
        metavar="PATTERN",
        help="also publish each git tag matching PATTERN (replaces versions: in journeygen.yml)",
    )
    d.set_defaults(run=cmd_gh_deploy)


def _add_pdf(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], config_help: str
) -> None:
    pdf = commands.add_parser(
        "pdf",
        help="print a journey map to PDF (needs Chromium)",
        description=(
            "Build the site and print a journey's map to PDF with headless Chromium, using "
            "the print stylesheet: the map fitted to one landscape page."
        ),
    )
    pdf.add_argument("journey", metavar="JOURNEY", help="the journey's id (its file name)")
    pdf.add_argument("--out", type=Path, help="the PDF file (default: JOURNEY.pdf here)")
    pdf.add_argument("--format", choices=("A3", "A4"), default="A3", help="paper (landscape)")
    pdf.add_argument("--all", action="store_true", help="the whole journey page, not only the map")
    pdf.add_argument("--config", type=Path, help=config_help)
    pdf.set_defaults(run=cmd_pdf)


def _add_import(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], config_help: str
) -> None:
    parser = commands.add_parser(
        "import",
        help="turn a Mermaid journey diagram into a journey file",
        description=(
            "Sections become stages, tasks the customer's actions, actors personas, "
            "scores 1-5 emotions -2..2 (per persona when a section has several actors). "
            "Existing files are never overwritten."
        ),
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    mermaid = kinds.add_parser("mermaid", help="a Mermaid `journey` diagram (.mmd or .md)")
    mermaid.add_argument("file", type=Path, help="the file with the diagram")
    mermaid.add_argument("--out", type=Path, help="the journey file to write")
    mermaid.add_argument("--config", type=Path, help=config_help)
    mermaid.set_defaults(run=cmd_import)
