"""``statesync.yaml``: the project's settings (SPEC §3). Every key is optional.

Command-line flags override the file; no file means the defaults below. The access key itself
never lives here: ``api.access_key_env`` names the environment variable that holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from statesync.errors import ConfigError
from statesync.kinds.fields import suggest
from statesync.manifest.locate import Anchor, Locator, render_path
from statesync.manifest.yamlio import parse_file

CONFIG_FILE = "statesync.yaml"


class _Section(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)


class StateConfig(_Section):
    backend: Literal["local", "postgres"] = "local"
    path: str = ".statesync/state.json"
    dsn: str | None = None


class ApiConfig(_Section):
    target: Literal["simulator", "seven-senders"] = "simulator"
    base_url: str = "https://api-uat.sevensenders.com/v2"
    access_key_env: str = "SEVENSENDERS_ACCESS_KEY"
    parallelism: int = Field(16, ge=1, le=256)
    # None: 20 for the real API, unlimited for the embedded simulator.
    max_requests_per_second: float | None = Field(None, gt=0)
    timeout_s: float = Field(30, gt=0)
    # Collection path per kind, overriding the default lowercase plural (e.g. order: /Order).
    paths: dict[str, str] = Field(default_factory=dict)


class Config(_Section):
    manifests: str = "manifests/"
    namespace: str = ""
    vars: dict[str, str | int | float | bool] = Field(default_factory=dict)
    state: StateConfig = Field(default_factory=StateConfig)
    api: ApiConfig = Field(default_factory=ApiConfig)


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (default ``./statesync.yaml`` if it exists), or the defaults."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config()
    parsed = parse_file(path)
    if parsed.problem is not None:
        p = parsed.problem
        where = f"{path}:{p.line}:{p.column}" if p.line else str(path)
        raise ConfigError(f"{where}: {p.message}")
    data: Any = parsed.data if parsed.data is not None else {}
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(path, error)) from None


def _describe(path: Path, error: ValidationError) -> str:
    locator = Locator(path)
    lines = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden":
            anchor, message = Anchor.KEY, f'unknown setting "{loc[-1]}"{_hint(loc)}'
        elif detail["type"] == "missing":
            anchor, message = Anchor.VALUE, "required setting is missing"
        else:
            anchor, message = Anchor.VALUE, detail["msg"]
        line, column = locator.position(loc, anchor)
        lines.append(f"{path}:{line}:{column}: {render_path(loc)}: {message}")
    return "\n".join(lines)


def _hint(loc: tuple[Any, ...]) -> str:
    model: type[BaseModel] = Config
    for step in loc[:-1]:
        annotation = model.model_fields[str(step)].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    return suggest(str(loc[-1]), model.model_fields)
