"""The ``statesync`` command group and its error handling."""

from __future__ import annotations

import sys
from typing import Any

import click

from statesync import __version__
from statesync.cli.apply import apply_command
from statesync.cli.generate import generate_command
from statesync.cli.output import report_problems
from statesync.cli.plan import plan_command, show_command
from statesync.cli.sim import sim_group
from statesync.cli.state import state_group
from statesync.cli.validate import validate_command
from statesync.errors import ManifestErrors, StatesyncError


class _Group(click.Group):
    """Turns user errors into a message and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ManifestErrors as errors:
            report_problems(errors)
            sys.exit(1)
        except StatesyncError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="statesync")
def cli() -> None:
    """Keep Seven Senders Return Portal Pro data in the state your YAML manifests describe.

    \b
    Examples:
      statesync validate                     check manifests/ (all errors at once)
      statesync validate shop/ extra.yaml    check a directory and a file
      statesync plan                         show the calls that would be made
      statesync plan --markdown              the same, for a pull-request comment
      statesync apply                        make Seven Senders match the manifests
      statesync generate --orders 100 --out /tmp/shop
      statesync sim serve --port 8080         the fake Seven Senders API, over HTTP
    """


cli.add_command(validate_command)
cli.add_command(plan_command)
cli.add_command(show_command)
cli.add_command(apply_command)
cli.add_command(generate_command)
cli.add_command(sim_group)
cli.add_command(state_group)


def main() -> None:
    cli(prog_name="statesync")
