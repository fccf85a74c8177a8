"""Field types shared by the resource kinds: the API.md field rules, stated once.

Each type is a ``str``/``int``/``float``/``bool`` annotated with a plain validator that raises
a ``PydanticCustomError`` whose message is already the one users read (``expected a number,
got "abc"``). Validation never rewrites what the user wrote, with two documented exceptions:
datetimes become UTC ``YYYY-MM-DDTHH:MM:SS+00:00`` and event names become their API spelling.

A validator that points inside a value (the second language of a list) puts ``subpath`` in the
error context; ``statesync.manifest.messages`` appends it to the field path.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Final
from urllib.parse import urlsplit

import pycountry
from pydantic import PlainSerializer, PlainValidator, Strict, StringConstraints
from pydantic_core import PydanticCustomError

LANGUAGES: Final = frozenset(
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt pl pt ro ru sk sl sv uk".split()  # noqa: SIM905
)
EVENT_NAMES: Final = {
    "refunded": "refunded",
    "Refunded": "refunded",
    "returned_to_warehouse": "returned_to_warehouse",
    "Returned to warehouse": "returned_to_warehouse",
}
CARRIER_SERVICES: Final = ("standard", "express", "other")
_NUMERIC_STRING = re.compile(r"-?\d+(\.\d+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def describe(value: Any) -> str:
    """How a value is named in an error message: YAML spelling, strings quoted, short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '..."'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return repr(value)


def fail(kind: str, message: str, subpath: str = "") -> PydanticCustomError:
    """An error whose message is final."""
    return PydanticCustomError(kind, message, {"subpath": subpath} if subpath else None)


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for the choice that starts with ``word`` (3+ characters) or
    else is closest to it (ignoring case), or an empty string."""
    options = list(choices)
    lowered = word.lower()
    starts = [c for c in options if c.startswith(word)] or [
        c for c in options if c.lower().startswith(lowered)
    ]
    if len(word) >= 3 and starts:
        return f' (did you mean "{starts[0]}"?)'
    pool = {c.lower(): c for c in reversed(options)}
    close = difflib.get_close_matches(lowered, list(pool), n=1, cutoff=0.6)
    return f' (did you mean "{pool[close[0]]}"?)' if close else ""


def expected_string(value: Any) -> str:
    """The message for a non-string where a string belongs (numbers: how to quote them)."""
    hint = f" (quote it: {json.dumps(str(value))})" if isinstance(value, int | float) else ""
    return f"expected a string, got {describe(value)}{hint}"


NATIVE_MESSAGES: Final[dict[str, Callable[[Any], str]]] = {
    "string_type": expected_string,
    "string_pattern_mismatch": lambda value: "must not be empty",
    "bool_type": lambda value: f"expected true or false, got {describe(value)}",
}


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise fail("string_type", expected_string(value))


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail("number_type", f"expected a number, got {describe(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise fail("number_finite", f"expected a finite number, got {describe(value)}")
    return value


def _numeric_string(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise fail(
            "numeric_string",
            f"expected a numeric string, got the number {describe(value)}"
            f" (quote it: {json.dumps(str(value))})",
        )
    text = _text(value)
    if not _NUMERIC_STRING.fullmatch(text):
        raise fail(
            "numeric_string", f'expected a numeric string such as "500", got {describe(text)}'
        )
    return text


def _datetime(value: Any) -> str:
    """Any ISO-8601 date-time with an offset, as UTC ``YYYY-MM-DDTHH:MM:SS+00:00``."""
    parsed = value if isinstance(value, datetime) else _parse_datetime(value)
    if parsed.tzinfo is None:
        raise fail("datetime", f"{describe(value)} has no UTC offset (add Z or +00:00)")
    if parsed.microsecond:
        raise fail("datetime", f"{describe(value)}: sub-second precision is not supported")
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, str) and ("T" in value.upper() or " " in value.strip()):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    example = "2020-07-31T07:00:00+00:00"
    message = f"expected an ISO-8601 date and time such as {example}, got {describe(value)}"
    raise fail("datetime", message)


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def _currency(value: Any) -> str:
    text = _text(value)
    if text not in currency_codes():
        hint = suggest(text, currency_codes())
        raise fail("currency", f"{describe(text)} is not an ISO 4217 currency code{hint}")
    return text


def _country(value: Any) -> str:
    text = _text(value)
    if text not in country_codes():
        hint = _country_hint(text)
        raise fail("country", f"{describe(text)} is not an ISO 3166 alpha-2 country code{hint}")
    return text


def _country_hint(text: str) -> str:
    """Only a sure hint: the same country by lower case, alpha-3 code or name."""
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return ""
    return f' (did you mean "{country.alpha_2}"?)'


def _url(value: Any) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise fail("url", f"expected an http(s) URL, got {describe(text)}")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.fullmatch(text):
        # The value is not echoed: customer e-mails are sensitive, even malformed ones.
        raise fail("email", "expected an e-mail address (the value is sensitive and not shown)")
    return text


def _language_code(value: Any, subpath: str = "") -> str:
    if not isinstance(value, str):
        raise fail("language", f"expected a language code, got {describe(value)}", subpath)
    if value not in LANGUAGES:
        message = (
            f"{describe(value)} is not one of the 25 portal languages{suggest(value, LANGUAGES)}"
        )
        raise fail("language", message, subpath)
    return value


def _languages(value: Any) -> str | tuple[str, ...]:
    """A code or a list of codes, kept in the form written (the API accepts both)."""
    if isinstance(value, list | tuple):
        if not value:
            raise fail("language", "expected at least one language code")
        return tuple(_language_code(v, f"[{i}]") for i, v in enumerate(value))
    return _language_code(value)


def _event_name(value: Any) -> str:
    if isinstance(value, str) and value in EVENT_NAMES:
        return EVENT_NAMES[value]
    names = ", ".join(f'"{n}"' for n in EVENT_NAMES)
    raise fail(
        "event", f"expected one of {names}, got {describe(value)}{suggest(str(value), EVENT_NAMES)}"
    )


def _carrier_service(value: Any) -> str:
    if isinstance(value, str) and value in CARRIER_SERVICES:
        return value
    names = ", ".join(CARRIER_SERVICES)
    hint = suggest(str(value), CARRIER_SERVICES)
    raise fail("carrier_service", f"expected one of {names}, got {describe(value)}{hint}")


def _tags(value: Any) -> dict[str, str | int | float | bool]:
    if not isinstance(value, dict):
        raise fail(
            "mapping_type", f"expected a mapping of tag names to values, got {describe(value)}"
        )
    for key, item in value.items():
        if not isinstance(key, str):
            raise fail("tag", f"tag names must be strings, got {describe(key)}")
        if item is None or isinstance(item, dict | list):
            raise fail("tag", f"expected a scalar value, got {describe(item)}", f".{key}")
    return dict(value)


# Strings and booleans are the bulk of every manifest: they use pydantic's native strict
# validators (fast), and statesync.manifest.messages words their errors (``NATIVE_MESSAGES``).
Text = Annotated[str, Strict()]
RequiredText = Annotated[str, Strict(), StringConstraints(pattern=r"\S")]
Boolean = Annotated[bool, Strict()]
Number = Annotated[int | float, PlainValidator(_number)]
NumericString = Annotated[str, PlainValidator(_numeric_string)]
UtcDateTime = Annotated[str, PlainValidator(_datetime)]
Currency = Annotated[str, PlainValidator(_currency)]
Country = Annotated[str, PlainValidator(_country)]
Url = Annotated[str, PlainValidator(_url)]
Email = Annotated[str, PlainValidator(_email)]
Languages = Annotated[
    str | tuple[str, ...],
    PlainValidator(_languages),
    PlainSerializer(lambda v: list(v) if isinstance(v, tuple) else v),
]
EventName = Annotated[str, PlainValidator(_event_name)]
CarrierService = Annotated[str, PlainValidator(_carrier_service)]
Tags = Annotated[dict[str, str | int | float | bool], PlainValidator(_tags)]
