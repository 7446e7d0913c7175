"""What a secret looks like, and how to keep one out of text.

One table serves the lint rule that reports secrets in a card, the readers
that drop them from training logs, and the CLI error handler that redacts
them from messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SecretPattern:
    kind: str
    regex: re.Pattern[str]


SECRET_PATTERNS: tuple[SecretPattern, ...] = (
    SecretPattern("Hugging Face token", re.compile(r"\b(?:hf_|api_org_)[A-Za-z0-9]{30,}\b")),
    SecretPattern("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    SecretPattern(
        "AWS secret access key",
        re.compile(r"(?i)aws_secret_access_key\s*[:=]\s*['\"]?[A-Za-z0-9/+=]{40}\b"),
    ),
    SecretPattern("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    SecretPattern("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b")),
    SecretPattern("OpenAI API key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{32,}\b")),
    SecretPattern("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    SecretPattern("Azure storage key", re.compile(r"AccountKey=[A-Za-z0-9+/=]{60,}")),
    SecretPattern(
        "private key",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----"),
    ),
    SecretPattern(
        "credentials in URL",
        re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'\"<>]+:[^/\s@'\"<>]+@[^\s/'\"<>]+"),
    ),
)

#: Keys whose values are secret whatever they look like (training arguments,
#: configs). Compared case-insensitively against the whole key.
SECRET_KEYS = re.compile(
    r"(?i)^(?:.*_)?(?:token|hub_token|password|passwd|secret|api_key|apikey|access_key|"
    r"secret_key|private_key|credentials?|auth)$"
)

REDACTED = "<redacted>"


def find_secrets(text: str) -> list[tuple[SecretPattern, re.Match[str]]]:
    """Every secret-looking span in ``text``, in order of position."""
    found = [(p, m) for p in SECRET_PATTERNS for m in p.regex.finditer(text)]
    return sorted(found, key=lambda pm: pm[1].start())


def redact(text: str) -> str:
    """``text`` with every secret-looking span replaced by ``<redacted>``."""
    for pattern in SECRET_PATTERNS:
        text = pattern.regex.sub(REDACTED, text)
    return text


def is_secret_key(key: str) -> bool:
    """Whether a mapping key names a secret (``hub_token``, ``password``…)."""
    return bool(SECRET_KEYS.match(key))
