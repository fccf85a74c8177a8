"""Resource identity: an ``Address`` is a kind plus its natural key, shown as ``kind.key``.

Composite keys (order items, shipment events) join their parts with ``/`` in the text form,
e.g. ``order_item.QA_order_1/SKU-1``. The structured form is what code compares and stores;
the text form is for people and command-line arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_SEPARATOR = "/"


@dataclass(frozen=True, order=True, slots=True)
class Address:
    """A resource's identity: its kind's name and the values of its key fields, in order."""

    kind: str
    key: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.kind}.{KEY_SEPARATOR.join(self.key)}"

    @classmethod
    def parse(cls, text: str, key_size: int) -> Address:
        """Parse ``kind.key``; the last key part keeps any further separators."""
        kind, dot, rest = text.partition(".")
        if not dot or not kind or not rest:
            raise ValueError(f"not an address (expected kind.key): {text!r}")
        parts = rest.split(KEY_SEPARATOR, key_size - 1)
        if len(parts) != key_size:
            raise ValueError(f"{kind} addresses have {key_size} key parts: {text!r}")
        return cls(kind, tuple(parts))
