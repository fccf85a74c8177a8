"""Pydantic validation errors → the messages users read, each with where it points.

The kinds' own field types already raise final messages (``statesync.kinds.fields``); this
module names the structural ones (missing field, unknown field with "did you mean", not a
mapping) and decides whether an error points at a value, at a key, or at the enclosing mapping.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from statesync.kinds.base import Kind
from statesync.kinds.fields import NATIVE_MESSAGES, describe, suggest
from statesync.manifest.locate import Anchor, DocPath


@dataclass(frozen=True)
class FieldProblem:
    """A problem relative to one resource: the field path, where to point, and the message."""

    path: DocPath
    at: DocPath
    anchor: Anchor
    message: str


def field_problems(
    kind: Kind, error: ValidationError, model: type[BaseModel] | None = None
) -> list[FieldProblem]:
    """One ``FieldProblem`` per pydantic error, in pydantic's order.

    ``model`` is what was validated when it is not the kind's manifest spec (the simulator's
    API body); it decides which field names "did you mean" may suggest.
    """
    top = tuple(model.model_fields) if model else kind.fields()
    return [_translate(model or kind.spec, top, d) for d in error.errors(include_url=False)]


def _translate(model: type[BaseModel], top: tuple[str, ...], detail: Any) -> FieldProblem:
    loc: DocPath = tuple(detail["loc"])
    kind_of_error = detail["type"]
    if kind_of_error == "missing":
        return FieldProblem(loc, loc[:-1], Anchor.VALUE, "required field is missing")
    if kind_of_error == "invalid_key":
        message = f"field names must be strings, got {describe(loc[-1])}"
        return FieldProblem(loc[:-1], loc[:-1], Anchor.VALUE, message)
    if kind_of_error == "extra_forbidden":
        name = str(loc[-1])
        hint = suggest(name, _fields_at(model, top, loc[:-1]))
        return FieldProblem(loc, loc, Anchor.KEY, f'unknown field "{name}"{hint}')
    if kind_of_error in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping, got {describe(detail.get('input'))}"
        return FieldProblem(loc, loc, Anchor.VALUE, message)
    if kind_of_error in NATIVE_MESSAGES:
        return FieldProblem(loc, loc, Anchor.VALUE, NATIVE_MESSAGES[kind_of_error](detail["input"]))
    subpath = (detail.get("ctx") or {}).get("subpath", "")
    path = loc + _parse_subpath(subpath)
    return FieldProblem(path, path, Anchor.VALUE, detail["msg"])


def _parse_subpath(subpath: str) -> DocPath:
    """``[1]`` → ``(1,)``; ``.tag`` → ``("tag",)``."""
    if subpath.startswith("[") and subpath.endswith("]"):
        return (int(subpath[1:-1]),)
    if subpath.startswith("."):
        return (subpath[1:],)
    return ()


def _fields_at(model: type[BaseModel], top: tuple[str, ...], loc: DocPath) -> tuple[str, ...]:
    """The field names allowed at ``loc`` inside a resource (nested models included)."""
    if not loc:
        return top
    for step in loc:
        field = model.model_fields.get(str(step))
        nested = _model_in(field.annotation) if field else None
        if nested is None:
            return ()
        model = nested
    return tuple(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next((m for a in typing.get_args(annotation) if (m := _model_in(a))), None)
    return None
