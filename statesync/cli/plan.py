"""``statesync plan`` and ``statesync show``: the diff reviewers read in pull requests."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from statesync import engine
from statesync.cli.options import lock_timeout_option, manifest_options, resolve
from statesync.cli.output import report_warnings, use_color, write_atomically
from statesync.errors import ConfigError
from statesync.plan import Plan
from statesync.render import plan_from_json, render_json, render_markdown, render_text

F = TypeVar("F", bound=Callable[..., Any])


def _formats(command: F) -> F:
    command = click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")(
        command
    )
    command = click.option(
        "--markdown",
        "as_markdown",
        is_flag=True,
        help="Markdown for a pull-request comment (at most 60,000 characters).",
    )(command)
    return click.option(
        "--json", "as_json", is_flag=True, help="The documented JSON schema (docs/plan-json.md)."
    )(command)


def _render(plan: Plan, as_json: bool, as_markdown: bool, no_color: bool) -> str:
    if as_json and as_markdown:
        raise ConfigError("choose one of --json and --markdown")
    if as_json:
        return render_json(plan)
    if as_markdown:
        return render_markdown(plan)
    return render_text(plan, color=use_color(no_color))


@click.command("plan")
@manifest_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan (JSON, stamped with the state and manifests) for apply.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="ADDRESS",
    help="Plan only this address and what it needs, e.g. order.QA_1. Repeatable.",
)
@lock_timeout_option
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 with no changes, 2 with changes, 1 on error."
)
@_formats
def plan_command(
    paths: Sequence[Path],
    config_path: Path | None,
    variables: Sequence[str],
    out: Path | None,
    targets: Sequence[str],
    lock_timeout: float,
    detailed_exitcode: bool,
    as_json: bool,
    as_markdown: bool,
    no_color: bool,
) -> None:
    """Show the calls that would bring Seven Senders to the manifests, in order.

    Nothing is sent. The first line names the target and the state; the last sums up.

    \b
    Examples:
      statesync plan
      statesync plan --out plan.json            then: statesync apply plan.json
      statesync plan --markdown > comment.md    for a pull-request comment
      statesync plan --target order.QA_order_2020_07_31_091340
      statesync plan --detailed-exitcode        exit 2 when there are changes
    """
    config, manifests, options = resolve(paths, config_path, variables)
    targeted = engine.parse_targets(targets)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", engine.InterruptedApply)
        planned = engine.plan(config, manifests, options, targeted, lock_timeout)
    for warning in caught:
        click.echo(f"warning: {warning.message}", err=True)
    report_warnings(planned.desired.warnings)
    if out is not None:
        write_atomically(out, render_json(planned.plan))
    click.echo(_render(planned.plan, as_json, as_markdown, no_color), nl=False)
    if out is not None and not (as_json or as_markdown):
        click.echo(
            f"\nSaved the plan to {out}. Apply exactly this plan with: statesync apply {out}"
        )
    if detailed_exitcode and planned.plan.has_changes:
        raise click.exceptions.Exit(2)


@click.command("show")
@click.argument("planfile", type=click.Path(dir_okay=False, path_type=Path))
@_formats
def show_command(planfile: Path, as_json: bool, as_markdown: bool, no_color: bool) -> None:
    """Render a saved plan again (as text, JSON or Markdown).

    \b
    Examples:
      statesync show plan.json
      statesync show plan.json --markdown
    """
    try:
        text = planfile.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {planfile}: {exc.strerror}") from None
    click.echo(_render(plan_from_json(text), as_json, as_markdown, no_color), nl=False)
