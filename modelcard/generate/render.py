"""Render card templates with Jinja2.

Our own templates (``templates/*.md.j2``) load from the package data; a
user's template (a path) renders in :class:`jinja2.sandbox.SandboxedEnvironment`.
Both use ``StrictUndefined``: a variable the template uses but the run does
not provide is a :class:`~modelcard.errors.TemplateError` naming it and the
template line; a value that is ``None`` is refused the same way instead of
printing "None" into the card.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from modelcard.errors import TemplateError, UsageError
from modelcard.generate.units import duration
from modelcard.generate.validate import is_hub_id
from modelcard.resources import templates_dir

SUFFIX = ".md.j2"


def builtin_templates() -> list[str]:
    """Names of the templates shipped with modelcard (``default``, ``short``)."""
    return sorted(p.name[: -len(SUFFIX)] for p in templates_dir().glob(f"*{SUFFIX}"))


def _finalize(value: Any) -> Any:
    if value is None:
        raise _NoneValue()
    return value


class _NoneValue(Exception):
    """Raised while rendering when an expression's value is None."""


def _fmt_number(value: Any, decimals: int = 4) -> str:
    """Floats with more than ``decimals`` decimals rounded to ``decimals`` (as the Trainer's cards do)."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        text = str(value)
        if "." in text and "e" not in text and len(text.split(".")[1]) > decimals:
            return f"{value:.{decimals}f}"
        return text
    return str(value)


def _fmt_sig(value: Any, digits: int = 3) -> str:
    """A measurement with ``digits`` significant digits (``0.00171``, ``3.3``, ``1240``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if value == 0 or value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if int(exponent) >= -6:
            text = f"{value:.{max(0, digits - 1 - int(exponent))}f}"
    return text


def _fmt_count(value: int) -> str:
    """``124439808`` -> ``124.4M``."""
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if value >= size:
            return f"{value / size:.1f}{unit}"
    return str(value)


def _md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _environment(*, sandboxed: bool, search_path: Path) -> Any:
    import jinja2
    import jinja2.sandbox

    if sandboxed:
        from modelcard.generate.sandbox import BoundedSandbox, ConfinedLoader

        cls, loader = BoundedSandbox, ConfinedLoader(str(search_path))
    else:
        cls, loader = jinja2.Environment, jinja2.FileSystemLoader(str(search_path))
    env = cls(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["num"] = _fmt_number
    env.filters["count"] = _fmt_count
    env.filters["sig"] = _fmt_sig
    env.filters["cell"] = _md_cell
    env.filters["duration"] = duration
    env.tests["hub_id"] = is_hub_id
    return env


def resolve_template(template: str | Path | None) -> tuple[Path, bool]:
    """Find a template: a built-in name (``default``) or a path. Returns (path, is_user_template).

    Raises:
        UsageError: no built-in template of that name, no such file.
    """
    if template is None:
        template = "default"
    as_str = str(template)
    if "/" not in as_str and "\\" not in as_str and not as_str.endswith(".j2"):
        path = templates_dir() / f"{as_str}{SUFFIX}"
        if not path.is_file():
            names = ", ".join(builtin_templates())
            raise UsageError(f"no template named `{as_str}`; built-in templates: {names}, or give a path")
        return path, False
    path = Path(template)
    if not path.is_file():
        raise UsageError(f"{path}: template file not found")
    return path, True


def _template_line(tb: TracebackType | None, filename: str) -> int | None:
    """The last line of the template seen in a (Jinja-rewritten) traceback."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(template: str | Path | None, context: Mapping[str, Any]) -> str:
    """Render a template with ``context``.

    Args:
        template: a built-in name, a path to a user template, or None for ``default``.
        context: the variables (see :mod:`modelcard.generate.variables`).

    Returns:
        The rendered text.

    Raises:
        UsageError: unknown template name or missing file.
        TemplateError: syntax error, undefined variable,
            a ``None`` value, or a user template breaking out of the sandbox;
            the message names the template and line.
    """
    import jinja2
    import jinja2.sandbox

    path, sandboxed = resolve_template(template)
    shown = str(path) if sandboxed else f"{path.name}"
    real = Path(os.path.realpath(path))  # includes are confined to the folder of the file itself
    env = _environment(sandboxed=sandboxed, search_path=real.parent)
    try:
        tmpl = env.get_template(real.name)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{shown}:{e.lineno}: template syntax error: {e.message}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TemplateError(f"{shown}: cannot read template: {e}") from None
    filename = tmpl.filename or str(path)
    try:
        return env.render_bounded(tmpl, dict(context)) if sandboxed else tmpl.render(**context)
    except RecursionError:
        raise TemplateError(f"{shown}: templates include or call each other without end") from None
    except jinja2.UndefinedError as e:
        line = _template_line(e.__traceback__, filename)
        where = f"{shown}:{line}" if line else shown
        name = _undefined_name(str(e.message or e))
        raise TemplateError(
            f"{where}: the template uses {name}, which this run does not provide; "
            "guard it with `{% if ... is defined %}` or see `modelcard template --vars`"
        ) from None
    except _NoneValue as e:
        line = _template_line(e.__traceback__, filename)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: an expression has no value (None); guard it with `{{% if %}}`") from None
    except jinja2.sandbox.SecurityError as e:
        line = _template_line(e.__traceback__, filename)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: not allowed in a template: {e}") from None
    except jinja2.TemplateError as e:
        line = _template_line(e.__traceback__, filename)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: {e}") from None
    except (ArithmeticError, LookupError, ValueError, TypeError, MemoryError) as e:
        if not sandboxed:
            raise
        line = _template_line(e.__traceback__, filename)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: the template failed: {type(e).__name__}: {e}") from None


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _undefined_name(message: str) -> str:
    m = _UNDEFINED.search(message)
    if m is None:
        return f"an undefined value ({message})"
    if m.group(1):
        return f"`{m.group(1)}`"
    return f"`{m.group(2)}` ({message})"
