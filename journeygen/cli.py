"""Command line: `journeygen new | build | check | schema | serve | gh-deploy | pdf`.

User errors print `path:line:col: error: message` and exit 1; only a bug shows a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeygen import __version__
from journeygen.cache.disk import open_memo, save_memo
from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import (
    Diagnostic,
    format_github,
    format_text,
    hint_with_choices,
    summary,
)
from journeygen.core.i18n import LANGUAGES
from journeygen.core.progress import Progress, for_terminal
from journeygen.model.presets import PRESETS
from journeygen.validate.audience import add_audience_option
from journeygen.validate.project import Project, load

if TYPE_CHECKING:
    from journeygen.build import BuildResult

# The commands that render import `journeygen.build` when they run: `check` loads none of
# the rendering code (Jinja, Markdown, Mermaid, the charts: ~0.15 s of every check).

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
NO_CACHE_HELP = (
    "parse, check and render everything again; do not read or keep the cache (see the README)"
)


def _print_diagnostics(diagnostics: Sequence[Diagnostic], style: str = "text") -> None:
    formatter: Callable[[Diagnostic], str] = format_github if style == "github" else format_text
    for diagnostic in diagnostics:
        print(formatter(diagnostic), file=sys.stderr if style == "text" else sys.stdout)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _count(items: Sequence[object], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _progress(args: argparse.Namespace) -> Progress:
    return for_terminal(quiet=args.quiet, verbose=args.verbose)


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


def _memo(args: argparse.Namespace, project: Project) -> Memo:
    return NO_MEMO if args.no_cache else open_memo(project.root)


def cmd_build(args: argparse.Namespace) -> int:
    from journeygen.build import build
    from journeygen.validate.history import HistoryError

    project = Project.find(Path.cwd(), args.config)
    memo = _memo(args, project)
    options = {
        "out": args.out,
        "strict": args.strict,
        "clean": args.clean,
        "base_url": args.base_url,
        "changes_since": args.changes_since,
        "audience": args.audience,
        "versions": args.versions,
    }
    if args.watch:
        from journeygen.serve import watch_build

        kept = memo if memo is not NO_MEMO else Memo()  # --no-cache: in memory only
        watched = watch_build.WatchedBuild(project, options, kept)
        try:
            return watch_build.run(watched)
        finally:
            save_memo(memo, project.root)
    progress = _progress(args)
    try:
        result: BuildResult = build(project, memo=memo, progress=progress, **options)
    except HistoryError as exc:
        print(f"journeygen: error: --changes-since: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        if memo is not NO_MEMO:
            progress.step("Saving the cache")
        save_memo(memo, project.root)  # only what this run parsed anew (nothing with --no-cache)
        progress.close()
    _print_diagnostics(result.diagnostics)
    if result.failed(args.strict) or result.out is None or result.errors:
        reason = "warnings are errors with --strict; " if args.strict and result.warnings else ""
        print(
            f"journeygen: build failed ({summary(result.diagnostics)}); {reason}"
            "nothing was written",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    site = result.site
    assert site is not None
    if args.quiet:
        return EXIT_OK
    print(
        f"Built {_count(site.journeys, 'journey')}, {_count(site.personas, 'persona')}, "
        f"{_count(site.pages, 'page')}: {result.written} files in {_display(result.out)}/ "
        f"in {result.seconds:.2f} s" + (f" ({summary(result.warnings)})" if result.warnings else "")
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    project = Project.find(Path.cwd(), args.config)
    memo = _memo(args, project)
    progress = _progress(args)
    try:
        if args.render:
            from journeygen.build import build

            result = build(project, strict=args.strict, write=False, memo=memo, progress=progress)
            diagnostics = result.diagnostics
        else:
            progress.step("Reading and checking the content")
            diagnostics = load(project, memo)[2]
        if memo is not NO_MEMO:
            progress.step("Saving the cache")
        save_memo(memo, project.root)
    finally:
        progress.close()
    _print_diagnostics(diagnostics, args.format)
    errors = [d for d in diagnostics if d.is_error]
    failed = bool(errors or (args.strict and diagnostics))
    if args.format == "text" and not (args.quiet and not failed):
        state = "failed" if failed else "passed"
        print(f"journeygen: check {state} ({summary(diagnostics)})", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from journeygen.model.schema import json_schemas
    from journeygen.validate.lanes import journey_model, project_lanes

    schemas = json_schemas(journey_model(project_lanes(Path("journeygen.yml"))))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for kind, schema in schemas.items():
            path = args.out / f"{kind}.schema.json"
            path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
            print(_display(path))
        return EXIT_OK
    chosen = schemas if args.kind == "all" else schemas[args.kind]
    print(json.dumps(chosen, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from journeygen.scaffold.new import (
        WORKFLOW,
        ScaffoldError,
        create_project,
        journeygen_requirement,
    )

    requirement = journeygen_requirement()
    try:
        written = create_project(
            args.directory, requirement, language=args.language, framework=args.framework
        )
    except ScaffoldError as exc:
        print(f"journeygen: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Created a journeygen project in {_display(args.directory)}/ ({len(written)} files).")
    if requirement.note:
        print(f"Note, for publishing with GitHub Actions ({WORKFLOW}): {requirement.note}")
    print(f"Next: cd {_display(args.directory)} && journeygen serve")
    return EXIT_OK


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


def cmd_serve(args: argparse.Namespace) -> int:
    from journeygen.serve.preview import run

    return run(args)


def cmd_gh_deploy(args: argparse.Namespace) -> int:
    from journeygen.build import build
    from journeygen.publish.deploy import DeployError, check_repository, gh_deploy

    project = Project.find(Path.cwd(), args.config)
    try:
        repo = check_repository(project.root, args.remote)
        progress = _progress(args)
        try:
            result = build(project, strict=args.strict, progress=progress, versions=args.versions)
        finally:
            progress.close()
        _print_diagnostics(result.diagnostics)
        if result.failed(args.strict) or result.out is None or result.errors:
            print(
                f"journeygen: build failed ({summary(result.diagnostics)}); nothing was deployed",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        if not args.quiet:
            out, seconds = _display(result.out), result.seconds
            print(f"Built {result.written} files in {out}/ in {seconds:.2f} s")
        changes = repo.changes(exclude=result.out)
        if changes:
            print(
                f"journeygen: warning: {_count(changes, 'uncommitted change')} in the project; "
                "the site is built from your files as they are, the commit message names "
                "the last commit",
                file=sys.stderr,
            )
        deployed = gh_deploy(
            repo, result.out, remote=args.remote, branch=args.branch,
            message=args.message, force=args.force,
        )  # fmt: skip
    except DeployError as exc:
        print(f"journeygen: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.quiet:
        return EXIT_OK
    print(
        f"Deployed {deployed.source} from {deployed.source_branch} to "
        f"{deployed.remote}/{deployed.branch} ({deployed.files} files, "
        f"commit {deployed.commit[:7]})."
    )
    where = f" at {deployed.pages_url}" if deployed.pages_url else ""
    print(
        f"GitHub Pages serves it{where} once Settings > Pages > Source is "
        f"'Deploy from a branch', branch '{deployed.branch}', folder '/ (root)'."
    )
    return EXIT_OK


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


def cmd_pdf(args: argparse.Namespace) -> int:
    import tempfile

    from journeygen.build import build
    from journeygen.publish.pdf import PdfError, print_page

    journey_id = Path(args.journey).stem if args.journey.endswith((".md", ".yml")) else args.journey
    project = Project.find(Path.cwd(), args.config)
    with tempfile.TemporaryDirectory(prefix="journeygen-pdf-") as folder:
        result = build(project, out=Path(folder) / "site")
        _print_diagnostics(result.diagnostics)
        if result.failed() or result.site is None or result.out is None:
            print(f"journeygen: pdf failed ({summary(result.diagnostics)})", file=sys.stderr)
            return EXIT_PROBLEMS
        known = [j.id for j in result.site.journeys]
        if journey_id not in known:
            hint = hint_with_choices(journey_id, known, "journeys")
            print(f"journeygen: error: unknown journey '{journey_id}'", file=sys.stderr)
            print(f"    hint: {hint}", file=sys.stderr)
            return EXIT_PROBLEMS
        out = (args.out or Path(f"{journey_id}.pdf")).absolute()
        page = result.out / "journeys" / journey_id / "index.html"
        try:
            how = print_page(page, out, paper=args.format, whole_page=args.all)
        except PdfError as exc:
            print(f"journeygen: error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    print(f"Printed {journey_id} to {_display(out)} ({args.format} landscape, with {how})")
    return EXIT_OK


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


if __name__ == "__main__":
    sys.exit(main())


def cmd_import(args: argparse.Namespace) -> int:
    from journeygen.scaffold.importer import plan_import
    from journeygen.sources.project_files import read_text

    project = Project.find(Path.cwd(), args.config)
    problems: list[Diagnostic] = []
    text = read_text(args.file, _display(args.file), problems)
    files: dict[Path, str] = {}
    if text is not None:
        content = project.root / "content"
        files, problems = plan_import(text, _display(args.file), content, args.out)
    if problems:
        _print_diagnostics(problems)
        print("journeygen: import failed; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    for path, body in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, "utf-8")
        print(f"wrote {_display(path)}")
    print("Next: add actions, channels, KPIs and volumes per stage, then journeygen build")
    return EXIT_OK


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
