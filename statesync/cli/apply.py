"""``statesync apply``: plan, show, confirm, execute — or execute a saved plan exactly."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from statesync import engine
from statesync.apply.executor import ApplyResult
from statesync.apply.reporter import LineReporter, ProgressReporter, Reporter
from statesync.apply.session import ApplySession, connect, journal_for, stale_reason
from statesync.cli.options import lock_timeout_option, manifest_options, resolve
from statesync.cli.output import report_warnings, use_color
from statesync.config import Config
from statesync.errors import ConfigError, StatesyncError
from statesync.manifest import LoadOptions
from statesync.plan import Plan
from statesync.render import plan_from_json, render_text
from statesync.state.store import StateWriter

INTERRUPTED = (
    "\nInterrupted. Every completed call is in the journal; the next apply (or plan) picks up"
    " from there, and looks up any call that was in flight before sending it again."
)
NO_TTY = (
    "apply needs a confirmation and there is no terminal to ask on; review the plan"
    " (statesync plan) and run apply with --auto-approve, or apply a saved plan file"
)


@click.command("apply")
@manifest_options
@click.option("--auto-approve", is_flag=True, help="Apply without asking (for CI, after review).")
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="ADDRESS",
    help="Apply only this address and what it needs. Repeatable.",
)
@click.option(
    "--parallelism",
    type=click.IntRange(1, 256),
    default=None,
    help="Calls in flight at once (default: api.parallelism, 16).",
)
@click.option(
    "--forget-orphans",
    is_flag=True,
    help="Remove orphans (gone from the manifests) from the state. No call is made.",
)
@lock_timeout_option
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
def apply_command(
    paths: Sequence[Path],
    config_path: Path | None,
    variables: Sequence[str],
    auto_approve: bool,
    targets: Sequence[str],
    parallelism: int | None,
    forget_orphans: bool,
    lock_timeout: float,
    no_color: bool,
) -> None:
    """Make Seven Senders match the manifests (or apply a saved plan file exactly).

    \b
    Examples:
      statesync apply                         plan, show, ask, apply
      statesync apply --auto-approve          in CI, after the plan was reviewed
      statesync plan --out plan.json && statesync apply plan.json
      statesync apply --forget-orphans        also drop orphans from the state
    """
    saved = _saved_plan(paths)
    config, manifests, options = resolve(
        [Path(p) for p in saved.stamp.manifests] if saved else paths, config_path, variables
    )
    store = engine.state_store(config)
    target = connect(config, Path(engine.SIMULATOR_DB))
    with ApplySession(store, journal_for(store.location), target, config, lock_timeout) as session:
        for note in session.recover():
            click.echo(note, err=True)
        planned = _plan(config, store, manifests, options, targets, saved)
        click.echo(render_text(planned.plan, color=use_color(no_color)), nl=False)
        if not planned.plan.has_changes:
            return
        if saved is None and not auto_approve:
            _confirm(planned.plan)
        workers = parallelism or config.api.parallelism
        try:
            result = session.execute(
                planned.plan, planned.desired, _reporter(), workers, forget_orphans
            )
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            raise click.exceptions.Exit(130) from None
    _summarise(result, session.api_calls)


def _plan(
    config: Config,
    store: StateWriter,
    manifests: Sequence[Path],
    options: LoadOptions,
    targets: Sequence[str],
    saved: Plan | None,
) -> engine.Planned:
    """Plan under the held lock; a saved plan must still describe exactly this."""
    planned = engine.plan_locked(config, store, manifests, options, engine.parse_targets(targets))
    report_warnings(planned.desired.warnings)
    reason = stale_reason(saved, planned.plan) if saved is not None else None
    if reason:
        raise StatesyncError(f"the saved plan is stale: {reason}; run statesync plan again")
    return planned


def _summarise(result: ApplyResult, api_calls: int) -> None:
    click.echo(result.summary() + f" ({api_calls} API calls)")
    for address, message in sorted(result.failed.items()):
        click.echo(f"  failed  {address}: {message}", err=True)
    for address, reason in sorted(result.skipped.items()):
        click.echo(f"  skipped {address}: {reason}", err=True)
    if not result.ok:
        raise click.exceptions.Exit(1)


def _saved_plan(paths: Sequence[Path]) -> Plan | None:
    """The plan file when the only argument is one (it starts like a statesync plan)."""
    if len(paths) != 1 or not paths[0].is_file():
        return None
    try:
        head = paths[0].read_text(encoding="utf-8")[:200]
    except (OSError, UnicodeDecodeError):
        return None
    if '"format": "statesync-plan"' not in head:
        return None
    return plan_from_json(paths[0].read_text(encoding="utf-8"))


def _confirm(plan: Plan) -> None:
    if not sys.stdin.isatty():
        raise ConfigError(NO_TTY)
    answer = click.prompt(
        f"\nApply these changes ({plan.api_calls} API calls)? Only 'yes' will be accepted",
        default="",
        show_default=False,
    )
    if answer.strip() != "yes":
        raise StatesyncError("apply cancelled; nothing was changed")


def _reporter() -> Reporter:
    if sys.stdout.isatty():
        return ProgressReporter()
    return LineReporter(click.echo)
