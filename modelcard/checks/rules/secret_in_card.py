"""MC401: a token, key or password written into the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.secrets import find_secrets, is_secret_key

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# What documentation writes instead of a real secret.
_EXAMPLE = re.compile(r"(?i)example|your|dummy|fake|sample|placeholder|redacted|secret|token|(.)\1{3}|abcdef|123456")
_SECRET_WORDS = re.compile(r"token|pass|secret|key|credential|auth")
_VALUE = re.compile(r"[A-Za-z0-9/+=_\-]{16,}")
_KEY_BODY = re.compile(r"\s*[A-Za-z0-9+/=]{40,}")
_URL_PASSWORD = re.compile(r"://[^:/@]*:([^@]*)@")
_PLACEHOLDER_PASSWORD = re.compile(r"(?i)(?:pass(?:word|wd)?|pwd|secret|token|pat|key|[x*]+|\d{1,5}|[$%{<*].*)")


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    front_matter_end = card.body_start_offset if card.has_front_matter else 0
    for pattern, match in find_secrets(card.text):
        if _is_example(pattern.kind, match.group(), card.text[match.end() : match.end() + 200]):
            continue
        where = "front-matter" if match.start() < front_matter_end else "body"
        yield Finding(
            f"{pattern.kind} in the {where}; revoke it and remove it from the card",
            ctx.location_at(match.start()),
            end=ctx.location_at(match.end()),
        )
    if _SECRET_WORDS.search(card.text[:front_matter_end].lower()):
        yield from _secret_keys(ctx, card.metadata, ())


def _secret_keys(ctx: CheckContext, value: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
    """Values of keys such as `hub_token` or `password` that the patterns did not catch."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and is_secret_key(str(key)) and _looks_secret(item):
                message = f"value of `{key}` in the front-matter looks like a secret; remove it"
                yield Finding(message, ctx.card.location((*path, str(key))))
            else:
                yield from _secret_keys(ctx, item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_keys(ctx, item, (*path, index))


def _looks_secret(value: str) -> bool:
    if len(value) < 12 or any(c.isspace() for c in value):
        return False
    return not _EXAMPLE.search(value) and not find_secrets(value)


def _is_example(kind: str, text: str, following: str) -> bool:
    if kind == "private key":  # a header followed by `...` or `<your key>`
        return not _KEY_BODY.match(following)
    if kind == "credentials in URL":
        password = _URL_PASSWORD.search(text)
        return password is None or bool(_PLACEHOLDER_PASSWORD.fullmatch(password.group(1)))
    values = _VALUE.findall(text)
    value = values[-1] if values else text
    return bool(_EXAMPLE.search(value.split("_", 1)[-1] if value.startswith(("hf_", "api_org_")) else value))


RULE = Rule(
    code="MC401",
    name="secret-in-card",
    summary="The card contains a token, key, password or private key",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Searches the whole card, front-matter and body (code blocks included), for secrets:
Hugging Face tokens (`hf_...`), cloud and API keys (AWS, Google, Azure, OpenAI,
Anthropic, GitHub, GitLab, Slack, Weights & Biases), private key blocks, and
`user:password@` credentials in URLs; and front-matter keys such as `hub_token` or
`password` holding a secret-looking value. The message names the kind of secret
and where it is, never the secret itself. Obvious examples are not reported:
`hf_xxx`, `<token>`, `AKIAIOSFODNN7EXAMPLE`, `https://user:password@host`.

## Why is this bad?
A model card is public the moment it is pushed, and stays in the repository
history after the line is deleted. Anyone can use a leaked token until it is revoked.

## Example
```markdown
    model.push_to_hub("my-model", token="hf_...")   # a real token pasted here
```

## Use instead
Revoke the token first (https://huggingface.co/settings/tokens), then read it from
the environment or the cached login:
```markdown
    model.push_to_hub("my-model")   # uses `hf auth login` or HF_TOKEN
```
""",
)
