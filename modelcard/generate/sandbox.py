"""Resource bounds for user templates, on top of Jinja2's sandbox.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away
from Python internals, but not from the machine's memory or time:
``'x' * 3000000000``, ``[1] * 10**9`` or ``''.center(3e9)`` allocate gigabytes
in one C call, nested ``range(100000)`` loops run for hours. Here:

- every value a template builds with ``*``, ``**``, ``%``, a method call or a
  filter is refused before it is built when it would exceed `MAX_SIZE`;
- ``range`` hands out at most `MAX_LOOP_ITEMS` items over a whole render;
- the output stops at `MAX_OUTPUT` characters, the render at `MAX_SECONDS`
  (a timer, where the platform allows one in this thread);
- a template file (or one it includes) must lie inside the template's folder:
  a symbolic link out of it is refused.

Each limit raises :class:`ResourceLimit`, a ``SecurityError``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import jinja2.sandbox
import jinja2.utils

MAX_SIZE = 10_000_000  # characters or items in one value
MAX_OUTPUT = 10_000_000  # characters of rendered card
MAX_LOOP_ITEMS = 1_000_000  # items of every range() of one render together
MAX_SECONDS = 10.0
MAX_POWER_BITS = 100_000  # `2 ** 10 ** 9` would take minutes in one C call

_WIDTH = re.compile(r"\d{8,}")  # a field width or precision in a format string, too large to build


class ResourceLimit(jinja2.sandbox.SecurityError):
    """A user template asked for more memory, work or time than a card needs."""


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: Filters and string methods whose numeric argument is the length of what they build.
_WIDTH_FILTERS = frozenset({"center", "indent"})
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _check_widths(what: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse widths that would build a value larger than `MAX_SIZE`."""
    for value in (*args, *kwargs.values()):
        if _number(value) and abs(value) > MAX_SIZE:
            raise ResourceLimit(f"{what}: a width of {value:g} would build more than {MAX_SIZE:,} characters")


def _check_format(what: str, fmt: Any) -> None:
    if isinstance(fmt, str) and _WIDTH.search(fmt):
        raise ResourceLimit(f"{what}: a field width of more than {MAX_SIZE:,} characters")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    if name not in _WIDTH_FILTERS and name != "format":
        return function
    skip = 1 if getattr(function, "jinja_pass_arg", None) else 0

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = args[skip], args[skip + 1 :]
        if name == "format":
            _check_format("filter `format`", value)
        else:
            _check_widths(f"filter `{name}`", rest, kwargs)
        return function(*args, **kwargs)

    return bounded


class BoundedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """A sandbox whose templates cannot exhaust memory or time (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = self._range
        self.globals["namespace"] = BoundedNamespace
        self._loop_items = 0

    def _range(self, *args: int) -> range:
        items = range(*args)
        self._loop_items += len(items)
        if self._loop_items > MAX_LOOP_ITEMS:
            raise ResourceLimit(f"the loops of this template go over more than {MAX_LOOP_ITEMS:,} items")
        return items

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int) and size * times > MAX_SIZE:
                    raise ResourceLimit(f"`*` would build a value of {size * times:,} items; the limit is {MAX_SIZE:,}")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if left.bit_length() * right > MAX_POWER_BITS:
                raise ResourceLimit(f"`**` would build a number of more than {MAX_POWER_BITS:,} bits")
        elif operator == "%" and isinstance(left, str) and _WIDTH.search(left):
            raise ResourceLimit(f"`%`: a format width of more than {MAX_SIZE:,} characters")
        elif operator == "+":
            sizes = (_size(left), _size(right))
            if None not in sizes and sizes[0] + sizes[1] > MAX_SIZE:  # type: ignore[operator]
                raise ResourceLimit(f"`+` would build a value of more than {MAX_SIZE:,} items")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        name = getattr(__obj, "__name__", "")
        # str.format comes wrapped by the sandbox: the string is the wrapped method's owner.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, (str, bytes)):
            if name in _WIDTH_METHODS:
                _check_widths(f"`{name}`", args, kwargs)
            elif name in ("format", "format_map"):
                _check_format(f"`{name}`", owner)
        elif isinstance(owner, list) and name in ("append", "extend", "insert"):
            added = len(args[0]) if name == "extend" and args and hasattr(args[0], "__len__") else 1
            if len(owner) + added > MAX_SIZE:
                raise ResourceLimit(f"`{name}` would grow a list past {MAX_SIZE:,} items")
        return super().call(__context, __obj, *args, **kwargs)

    def render_bounded(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render ``template`` within the output and time limits."""
        self._loop_items = 0
        parts: list[str] = []
        size = 0
        with _deadline(MAX_SECONDS):
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise ResourceLimit(f"the card would be longer than {MAX_OUTPUT:,} characters")
                parts.append(chunk)
        return "".join(parts)


class BoundedNamespace(jinja2.utils.Namespace):
    """``namespace()`` whose attributes cannot grow past `MAX_SIZE` (``{% set ns.s = ns.s ~ ns.s %}``)."""

    def __setitem__(self, name: str, value: Any) -> None:
        size = _size(value)
        if size is not None and size > MAX_SIZE:
            raise ResourceLimit(f"`{name}` would hold {size:,} items; the limit is {MAX_SIZE:,}")
        super().__setitem__(name, value)


class ConfinedLoader(jinja2.FileSystemLoader):
    """Loads templates from one folder; a file that resolves outside it (a symlink) is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        roots = [os.path.realpath(path) for path in self.searchpath]
        real = os.path.realpath(filename)
        if not any(os.path.commonpath([root, real]) == root for root in roots):
            raise jinja2.sandbox.SecurityError(f"`{template}` resolves to a file outside the template's folder")
        return source, filename, uptodate


class _TimeUp(BaseException):
    """Raised by the timer inside the render; a BaseException so no template code catches it."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` (a real-time timer; only in the main thread on POSIX)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise ResourceLimit(f"the template took more than {seconds:g} seconds to render") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
