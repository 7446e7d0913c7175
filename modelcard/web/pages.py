"""The HTML templates (Jinja2, autoescaped) and static files shipped inside the package."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True))
    env.filters["size"] = human_size
    return env


def human_size(n: int | None) -> str:
    if n is None:
        return ""
    value = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A rendered template as a response with the security headers."""
    from starlette.responses import HTMLResponse

    from modelcard.web.security import harden

    html = environment().get_template(template).render(**context)
    response = HTMLResponse(html, status_code=status_code, headers={"cache-control": "no-store"})
    return harden(response)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def editor_page(*, csrf: str, api: str, name: str, state: dict[str, Any], static: str = "/static", **extra: Any) -> HTMLResponse:
    """The editor page (``api``: where its JSON endpoints are; ``static``: its script and style)."""
    from modelcard.web.choices import choices
    from modelcard.web.guidance import GUIDANCE

    options = {"has_run": False, "run_dir": "", "notes": [], "commit": None, "back": None}
    options.update(extra)
    return page("editor.html", csrf=csrf, api=api, static=static, name=name, state=state, choices=choices(), guidance=GUIDANCE, **options)


def rule_page(code: str, static: str = "/static") -> HTMLResponse:
    """A rule's documentation, rendered like a card."""
    from modelcard.checks import registry
    from modelcard.web.preview import render_markdown

    rule = registry.get(code)
    if rule is None:
        return page("message.html", 404, title="No such rule", message=f"There is no rule `{code}`.", static=static)
    return page("rule.html", rule=rule, html=render_markdown(rule.doc, lambda _: None), static=static)
