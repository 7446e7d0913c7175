"""A compact, columnar table of log rows that reads like a list of dicts.

A training log can hold a million entries; a million dicts cost gigabytes.
``LogTable`` keeps one ``array('d')`` per key instead (8 bytes a value) and
builds a row dict only when one is asked for.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, overload

_NUMBER_TYPES = frozenset((int, float))


def _nans(n: int) -> array:
    """``n`` NaNs (the value of a row that lacks a key)."""
    return array("d", [math.nan]) * n


class _Column:
    """One key's values: doubles, a presence mask (only once a row lacks the
    key), the rows holding non-numbers, and whether every number was an int."""

    __slots__ = ("values", "present", "other", "is_int", "non_finite")

    def __init__(self, rows_before: int) -> None:
        self.values = _nans(rows_before)
        self.present: bytearray | None = bytearray(rows_before) if rows_before else None
        self.other: dict[int, Any] = {}
        self.is_int = True
        self.non_finite = False

    def extend(self, values: list[Any], start: int) -> None:
        """Append ``values`` (``_ABSENT`` where a row lacks the key) for rows
        ``start``, ``start + 1``, ...

        Fast path (C loops only): a column of floats, or of ints and floats.
        A boolean among floats is read as 0/1.
        """
        if type(values[0]) is float:
            try:
                block = array("d", values)
            except TypeError:
                block = None  # None, strings, absent rows: the slow path below
            if block is not None:
                self._extend_numbers(block, values, has_float=True)
                return
        else:
            types = set(map(type, values))
            if types <= _NUMBER_TYPES:
                self._extend_numbers(array("d", values), values, has_float=float in types)
                return
        for offset, value in enumerate(values):
            self.append(value, start + offset)

    def _extend_numbers(self, block: array, values: list[Any], has_float: bool) -> None:
        self.values.extend(block)
        if has_float:
            self.is_int = False
            if not self.non_finite and not math.isfinite(sum(block)):
                self.non_finite = any(not math.isfinite(v) for v in block)
        if self.present is not None:
            self.present.extend(b"\x01" * len(block))

    def append(self, value: Any, row: int) -> None:
        if value is _ABSENT:
            if self.present is None:
                self.present = bytearray(b"\x01" * len(self.values))
            self.present.append(0)
            self.values.append(math.nan)
            return
        if self.present is not None:
            self.present.append(1)
        if type(value) in _NUMBER_TYPES:
            self.values.append(value)
            if type(value) is float:
                self.is_int = False
                if not math.isfinite(value):
                    self.non_finite = True
        else:
            self.values.append(math.nan)
            self.other[row] = value

    def pad_to(self, n: int) -> None:
        """Mark rows up to ``n`` as lacking this key."""
        missing = n - len(self.values)
        if missing > 0:
            if self.present is None:
                self.present = bytearray(b"\x01" * len(self.values))
            self.present.extend(bytes(missing))
            self.values.extend(_nans(missing))

    def get(self, row: int) -> Any:
        if self.present is not None and not self.present[row]:
            return _ABSENT
        if row in self.other:
            return self.other[row]
        value = self.values[row]
        if self.is_int and value == value and not math.isinf(value):
            return int(value)
        return value


class _Absent:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT: Any = _Absent()


class LogTable(Sequence[dict[str, Any]]):
    """Log rows in columns; ``table[i]`` is a fresh dict of the keys row ``i`` has.

    Iterating yields row dicts in log order. For curves and bulk work use
    :meth:`array` (doubles, NaN where a row lacks the key) or :meth:`column`.
    Values keep their JSON type: ints stay ints, NaN/inf stay floats,
    strings/None stay as they were.

    Attributes:
        source: the file the rows came from (relative to the run folder).
        positions: for each row, its index in the original log (e.g. the
            position in ``log_history``), so a Fact can point back to it.
    """

    def __init__(self, source: str = "") -> None:
        self.source = source
        self._columns: dict[str, _Column] = {}
        self._n = 0
        self.positions = array("q")

    # -- building -----------------------------------------------------------
    def extend(
        self,
        rows: Sequence[dict[str, Any]],
        positions: Iterable[int] | None = None,
        *,
        keys: tuple[str, ...] | None = None,
    ) -> None:
        """Append row dicts (a batch at a time keeps this fast).

        Args:
            rows: the rows, in order.
            positions: each row's index in the original log (default: the row index).
            keys: when every row has exactly these keys, in this order (saves a scan).
        """
        if not rows:
            return
        start = self._n
        n = len(rows)
        if keys is None:
            signatures = dict.fromkeys(map(tuple, rows))  # in order of first appearance
            if len(signatures) == 1:
                keys = next(iter(signatures))
            else:
                union = dict.fromkeys(key for signature in signatures for key in signature)
        names = dict.fromkeys(keys) if keys is not None else union
        if keys is not None:
            # Every row holds the same keys in the same order: read all values
            # row by row in one pass, then take every len(keys)-th for a column.
            width = len(keys)
            flat = list(chain.from_iterable(map(dict.values, rows)))
        for index, key in enumerate(names):
            column = self._columns.get(key)
            if column is None:
                column = self._columns[key] = _Column(start)
            else:
                column.pad_to(start)
            if keys is not None:
                values = flat[index::width]
            else:
                values = [row.get(key, _ABSENT) for row in rows]
            column.extend(values, start)
        self._n = start + n
        if len(names) != len(self._columns):
            for key, column in self._columns.items():
                if key not in names:
                    column.pad_to(self._n)
        if positions is None:
            self.positions.extend(range(start, start + n))
        else:
            self.positions.extend(positions)

    def append(self, row: dict[str, Any], position: int | None = None) -> None:
        self.extend([row], None if position is None else [position])

    # -- reading ------------------------------------------------------------
    @property
    def columns(self) -> tuple[str, ...]:
        """Every key seen, in order of first appearance."""
        return tuple(self._columns)

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("LogTable index out of range")
        row = {}
        for key, column in self._columns.items():
            value = column.get(index)
            if value is not _ABSENT:
                row[key] = value
        return row

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(self._n):
            yield self[i]

    def __repr__(self) -> str:
        return f"LogTable({self.source!r}, rows={self._n}, columns={list(self._columns)})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LogTable):
            return list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def has(self, row: int, key: str) -> bool:
        column = self._columns.get(key)
        return column is not None and column.get(row) is not _ABSENT

    def array(self, key: str) -> array:
        """The key's values as doubles (NaN where absent or not a number).

        The returned array is the table's own storage: do not modify it.
        """
        column = self._columns.get(key)
        if column is None:
            return _nans(self._n)
        return column.values

    def column(self, key: str) -> list[Any]:
        """The key's values as Python objects, ``None`` where a row lacks it."""
        column = self._columns.get(key)
        if column is None:
            return [None] * self._n
        out = []
        for i in range(self._n):
            value = column.get(i)
            out.append(None if value is _ABSENT else value)
        return out

    def drop_secrets(self) -> list[str]:
        """Remove logged strings that look like secrets (and columns named like
        one); the names of what was removed."""
        from modelcard.sources.scrub import is_secret

        dropped = []
        for key in list(self._columns):
            column = self._columns[key]
            if is_secret(key, None):
                del self._columns[key]
                dropped.append(key)
                continue
            for row, value in list(column.other.items()):
                if is_secret(key, value):
                    column.other[row] = None
                    dropped.append(f"{key} (row {row})")
        return dropped

    def non_finite(self) -> list[str]:
        """Keys holding NaN or infinity as a logged value (not as a gap)."""
        return [key for key, column in self._columns.items() if column.non_finite]
