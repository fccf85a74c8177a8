"""Where the simulator keeps objects: in memory (tests) or in SQLite (``.statesync/``).

Objects are JSON bodies per kind, each with a string ``ident`` (the server id, or the sku for
products and images) and kept in creation order. Counters hand out server ids. Both stores
are safe to share between threads: every call holds one lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

Body = dict[str, Any]


class SimStore(Protocol):
    """The simulator's storage seam."""

    def get(self, kind: str, ident: str) -> Body | None: ...
    def put(self, kind: str, ident: str, body: Body) -> None: ...
    def find(self, kind: str, field: str, value: str) -> list[Body]:
        """Objects whose ``field``, as text, equals ``value``; in creation order."""
        ...

    def all(self, kind: str) -> list[Body]: ...
    def next_id(self, kind: str, start: int) -> int: ...
    def clear(self) -> None: ...
    def close(self) -> None: ...


class MemoryStore:
    """Dictionaries, with an index on the lookup fields; gone with the process."""

    def __init__(self) -> None:
        self._objects: dict[str, dict[str, Body]] = {}
        self._counters: dict[str, int] = {}
        # (kind, field) → field value as text → idents, in insertion order
        self._index: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
        self._created: dict[str, dict[str, int]] = {}  # kind → ident → creation number
        self._lock = threading.Lock()

    def get(self, kind: str, ident: str) -> Body | None:
        with self._lock:
            body = self._objects.get(kind, {}).get(ident)
            return dict(body) if body is not None else None

    def put(self, kind: str, ident: str, body: Body) -> None:
        with self._lock:
            objects = self._objects.setdefault(kind, {})
            old = objects.get(ident)
            for field in _LOOKUP_FIELDS:
                bucket = self._index.setdefault((kind, field), {})
                if old is not None and field in old:
                    bucket.get(_text(old[field]), {}).pop(ident, None)
                if field in body:
                    bucket.setdefault(_text(body[field]), {})[ident] = None
            created = self._created.setdefault(kind, {})
            created.setdefault(ident, len(created))
            objects[ident] = dict(body)

    def find(self, kind: str, field: str, value: str) -> list[Body]:
        with self._lock:
            objects = self._objects.get(kind, {})
            if field in _LOOKUP_FIELDS:
                idents = self._index.get((kind, field), {}).get(value, {})
                order = self._created.get(kind, {})
                return [dict(objects[i]) for i in sorted(idents, key=order.__getitem__)]
            return [dict(b) for b in objects.values() if field in b and _text(b[field]) == value]

    def all(self, kind: str) -> list[Body]:
        with self._lock:
            return [dict(b) for b in self._objects.get(kind, {}).values()]

    def next_id(self, kind: str, start: int) -> int:
        with self._lock:
            value = self._counters.get(kind, start - 1) + 1
            self._counters[kind] = value
            return value

    def clear(self) -> None:
        with self._lock:
            self._objects.clear()
            self._counters.clear()
            self._index.clear()
            self._created.clear()

    def close(self) -> None:
        return None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    ident TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kind, ident)
);
CREATE TABLE IF NOT EXISTS counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
_LOOKUP_FIELDS = ("order_id", "tracking_code", "sku", "shipment_id", "reference_number")


class SqliteStore:
    """One SQLite file; what the embedded simulator keeps between runs."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            for field in _LOOKUP_FIELDS:
                self._db.execute(
                    f"CREATE INDEX IF NOT EXISTS by_{field} ON objects (kind, {_text_of(field)})"
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, kind: str, ident: str) -> Body | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM objects WHERE kind = ? AND ident = ?", (kind, ident)
            ).fetchone()
        return _body(row[0]) if row else None

    def put(self, kind: str, ident: str, body: Body) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO objects (kind, ident, body) VALUES (?, ?, ?)"
                " ON CONFLICT (kind, ident) DO UPDATE SET body = excluded.body",
                (kind, ident, json.dumps(body)),
            )

    def find(self, kind: str, field: str, value: str) -> list[Body]:
        if field not in _LOOKUP_FIELDS:
            return [b for b in self.all(kind) if field in b and _text(b[field]) == value]
        with self._lock:
            rows = self._db.execute(
                f"SELECT body FROM objects WHERE kind = ? AND {_text_of(field)} = ? ORDER BY seq",
                (kind, value),
            ).fetchall()
        return [_body(r[0]) for r in rows]

    def all(self, kind: str) -> list[Body]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM objects WHERE kind = ? ORDER BY seq", (kind,)
            ).fetchall()
        return [_body(r[0]) for r in rows]

    def next_id(self, kind: str, start: int) -> int:
        with self._transaction() as db:
            row = db.execute("SELECT value FROM counters WHERE kind = ?", (kind,)).fetchone()
            value = (row[0] if row else start - 1) + 1
            db.execute(
                "INSERT INTO counters (kind, value) VALUES (?, ?)"
                " ON CONFLICT (kind) DO UPDATE SET value = excluded.value",
                (kind, value),
            )
        return value

    def clear(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM objects")
            db.execute("DELETE FROM counters")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _body(text: str) -> Body:
    value: Body = json.loads(text)
    return value


def _text_of(field: str) -> str:
    """The SQL for a body field as text (the same expression in the index and the query)."""
    return f"CAST(json_extract(body, '$.{field}') AS TEXT)"


def _text(value: Any) -> str:
    """A JSON value as text, the way SQLite's CAST shows it (true → 1)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
