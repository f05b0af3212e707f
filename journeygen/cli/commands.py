"""What each command does: `new`, `build`, `check`, `schema`, `serve`, `gh-deploy`, `pdf`,
`import`. User errors print `path:line:col: error: message` and exit 1; only a bug shows a
traceback."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeygen.cache.disk import open_memo, save_memo
from journeygen.cache.memo import NO_MEMO, Memo
from journeygen.core.diagnostics import (
    Diagnostic,
    format_github,
    format_text,
    hint_with_choices,
    summary,
)
from journeygen.core.progress import Progress, for_terminal
from journeygen.validate.project import Project, load

if TYPE_CHECKING:
    from journeygen.build import BuildResult


# The commands that render import `journeygen.build` when they run: `check` loads none of
# the rendering code (Jinja, Markdown, Mermaid, the charts: ~0.15 s of every check).

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
    from journeygen.model.json_schema import json_schemas
    from journeygen.validate.lanes import journey_model, project_lanes, project_language

    config = Path("journeygen.yml")
    language = args.language or project_language(config)
    schemas = json_schemas(journey_model(project_lanes(config)), language)
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
