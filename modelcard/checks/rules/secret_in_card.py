"""MC401: a token, key or password written into the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.secrets import find_real_secrets, find_secrets, is_secret_key, looks_like_example, plausible_secret

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_SECRET_WORDS = re.compile(r"token|pass|secret|key|credential|auth")


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    front_matter_end = card.body_start_offset if card.has_front_matter else 0
    lines: set[int] = set()
    for pattern, match in find_real_secrets(card.text):
        named = "name" in match.re.groupindex
        start = match.start("secret") if named else match.start()
        where = "front-matter" if start < front_matter_end else "body"
        location = ctx.location_at(start)
        lines.add(location.line)
        if named:
            message = f"value of `{match.group('name')}` in the {where} looks like a secret; remove it"
        else:
            message = f"{pattern.kind} in the {where}; revoke it and remove it from the card"
        yield Finding(message, location, end=ctx.location_at(match.end()))
    if _SECRET_WORDS.search(card.text[:front_matter_end].lower()):
        for finding in _secret_keys(ctx, card.metadata, (), set()):
            if finding.location.line not in lines:
                yield finding


def _secret_keys(ctx: CheckContext, value: Any, path: tuple[str | int, ...], seen: set[int]) -> Iterator[Finding]:
    """Values of keys such as `hub_token` or `password` that the patterns did not catch.

    A value reached again through a YAML alias is looked at once.
    """
    if not isinstance(value, (dict, list)) or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and is_secret_key(str(key)):
                if id(item) not in seen and _looks_secret(item):
                    message = f"value of `{key}` in the front-matter looks like a secret; remove it"
                    yield Finding(message, ctx.card.location((*path, str(key))))
                seen.add(id(item))
            else:
                yield from _secret_keys(ctx, item, (*path, str(key)), seen)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_keys(ctx, item, (*path, index), seen)


def _looks_secret(value: str) -> bool:
    return plausible_secret(value) and not looks_like_example(value) and not find_secrets(value[:4096])


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
Anthropic, Stripe live keys, GitHub, GitLab, Slack tokens and webhook URLs, Weights &
Biases), JSON Web Tokens, private key blocks (also inside a JSON string, as in a
service-account file), `user:password@` credentials in URLs, and a value written under
a secret's name (`DB_PASSWORD=...`, `"api_key": "..."`, a front-matter `hub_token`)
unless it is clearly a placeholder. The message names the kind of secret or the key
and where it is, never the secret itself. Obvious examples are not reported: `hf_xxx`,
`<token>`, `AKIAIOSFODNN7EXAMPLE`, `https://user:password@host`, `HF_TOKEN=<your_token>`,
and the Hub's public `verifyToken` signatures. Every pattern runs in linear time.

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
