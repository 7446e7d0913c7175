"""What a secret looks like, and how to keep one out of text.

One table serves the lint rule that reports secrets in a card, the readers
that drop them from training logs, and the CLI error handler that redacts
them from messages.
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SecretPattern:
    """A kind of secret; ``hints`` are lowercase strings one of which every match contains.

    The hints (and the ``gate``) let a search skip a pattern on text that cannot
    match it, which is most text: a substring test is far cheaper than a regex scan.
    ``plausible`` decides whether a match (its ``name`` and ``secret`` groups) is
    a secret rather than a placeholder or code.

    Every regex runs in linear time on any text: a match starts only where a run
    of the characters it repeats begins (a lookbehind, written after the literal
    prefix so that the regex engine still searches for the prefix first), and
    repetitions are bounded.
    """

    kind: str
    regex: re.Pattern[str]
    hints: tuple[str, ...] = ()
    gate: Callable[[str], object] | None = None  # a cheaper test that any text with a match passes (lowercased)
    plausible: Callable[[re.Match[str]], bool] | None = None
    finder: Callable[[str, str], Iterator[re.Match[str]]] | None = None  # (text, lowercased) -> matches

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """The matches of this pattern in ``text`` (before ``plausible`` is asked); ``low``: ``text.lower()``."""
        if self.finder is not None:
            return self.finder(text, _lower(text) if low is None else low)
        return self.regex.finditer(text)


#: Words whose presence makes a key name a secret's name.
_SECRET_NAME = r"(?:token|secret|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?)"

#: What documentation and masked logs write instead of a real secret.
_PLACEHOLDER = re.compile(
    r"(?i)example|your|dummy|fake|sample|placeholder|redacted|masked|changeme|xxx|\*\*\*|(.)\1{3}|abcdef|123456|"
    r"^(?:none|null|true|false)$|^[<${%].*[>}%]$|^[<${%]"
)
#: An identifier or a dotted path (`tokenizer.eos_token`, `HF_TOKEN`): code, not a value.
_IDENTIFIER = re.compile(r"[a-z]+(?:[_.-][a-z]+)*|[A-Z]+(?:_[A-Z]+)*|[A-Za-z_]\w{0,63}(?:\.[A-Za-z_]\w{0,63})+")


def is_placeholder(value: str) -> bool:
    """Whether a value written where a secret goes is clearly a stand-in (`<HUB_TOKEN>`, `your_key`, `xxxx`)."""
    value = value.strip().strip("'\"")
    return not value or bool(_PLACEHOLDER.search(value[:512]))


def plausible_secret(value: str) -> bool:
    """Whether a value under a secret's name looks like a real one: long enough, not a placeholder, not code."""
    value = value.strip().strip("'\"")
    if len(value) < 12 or any(c.isspace() for c in value) or is_placeholder(value):
        return False
    return not _IDENTIFIER.fullmatch(value[:512])


_ENDS_WITH_SECRET_NAME = re.compile(rf"(?i){_SECRET_NAME}$")


def _named_secret(match: re.Match[str]) -> bool:
    name = match.group("name")
    if name.lower() == "verifytoken":  # the Hub's public signature of evaluation results
        return False
    return bool(_ENDS_WITH_SECRET_NAME.search(name)) and plausible_secret(match.group("secret"))


# The Hub signs evaluation results with a public token (`verifyToken: eyJ...`): not a secret.
_VERIFY_TOKEN = re.compile(r"verifyToken['\"]?[ \t]*:[ \t]*['\"]?$")


def _not_a_verify_token(match: re.Match[str]) -> bool:
    return not _VERIFY_TOKEN.search(match.string, max(0, match.start() - 40), match.start())


#: A secret's name word followed by `=` or `:`, in lowercased text; each starts with a
#: literal, which the regex engine finds as fast as `str.find`.
_NAME_WORDS = tuple(
    re.compile(word + r"[a-z]{0,3}['\"]?[ \t]{0,8}[:=]") for word in ("token", "secret", "passw", "key", "credential")
)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")


def _find_named(text: str, low: str) -> Iterator[re.Match[str]]:
    """Matches of `_NAMED`, tried only where a secret's name word meets a `=` or `:`.

    From each such word the name is followed back to where it starts (64
    characters at most), and `_NAMED` is matched there: linear time, and about
    as fast as a substring search on text without such a word.
    """
    starts = set()
    for word in _NAME_WORDS:
        for hit in word.finditer(low):
            start = hit.start()
            limit = max(0, start - 64)
            while start > limit and low[start - 1] in _NAME_CHARS:
                start -= 1
            if start == 0 or low[start - 1] not in _NAME_CHARS:
                starts.add(start)
    for start in sorted(starts):
        match = _NAMED.match(text, start)
        if match is not None:
            yield match


#: ``NAME=VALUE``, ``NAME: VALUE``, ``"NAME": "VALUE"``. ``(?=(?P<run>...))(?P=run)`` takes a
#: whole run at once and never gives part of it back (an atomic group, before Python 3.11).
_NAMED = re.compile(
    r"(?<![A-Za-z0-9_.-])(?=(?P<name>[A-Za-z0-9_.-]{1,64}))(?P=name)['\"]?[ \t]{0,8}[:=][ \t]{0,8}['\"]?"
    r"(?=(?P<secret>[A-Za-z0-9/+_.~-]{12,512}={0,2}))(?P=secret)(?![A-Za-z0-9/+=_.~-])"
)


SECRET_PATTERNS: tuple[SecretPattern, ...] = (
    SecretPattern(
        "Hugging Face token", re.compile(r"\b(?:hf_|api_org_)(?P<secret>[A-Za-z0-9]{30,64})\b"), ("hf_", "api_org_")
    ),
    SecretPattern("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), ("akia", "asia")),
    SecretPattern(
        "AWS secret access key",
        re.compile(
            r"(?i)(?<![A-Za-z0-9_])aws_secret_access_key['\"]?[ \t]{0,8}[:=][ \t]{0,8}['\"]?"
            r"(?P<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
        ),
        ("aws_secret_access_key",),
    ),
    SecretPattern("Google API key", re.compile(r"AIza(?<![\w-]AIza)[0-9A-Za-z_\-]{35}(?![\w-])"), ("aiza",)),
    SecretPattern(
        "GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b"),
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    SecretPattern(
        "OpenAI API key",
        # Not any `sk-` run: `sk-eo-ta-sh-...` lists of language codes are common in cards.
        re.compile(
            r"sk-(?<![\w-]sk-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,255}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![\w-])"
        ),
        ("sk-",),
    ),
    SecretPattern(
        "Anthropic API key", re.compile(r"sk-ant-(?<![\w-]sk-ant-)[a-z]{3,5}\d{2}-[A-Za-z0-9_\-]{80,255}(?![\w-])"), ("sk-ant-",)
    ),
    SecretPattern("Stripe live key", re.compile(r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,255}\b"), ("_live_",)),
    SecretPattern("GitLab token", re.compile(r"glpat-(?<![\w-]glpat-)[A-Za-z0-9_\-]{20,255}"), ("glpat-",)),
    SecretPattern(
        "Weights & Biases API key",
        re.compile(
            r"(?i)wandb(?:(?<![A-Za-z0-9_.-]wandb)[A-Za-z0-9_.-]{0,24}key['\"]?[ \t]{0,8}[:=][ \t]{0,8}['\"]?| login[ \t]{1,8})"
            r"(?P<secret>[0-9a-f]{40})(?![0-9a-f])"
        ),
        ("wandb",),
    ),
    SecretPattern("Slack token", re.compile(r"xox(?<![\w-]xox)[abposr]-[A-Za-z0-9-]{10,255}\b"), ("xox",)),
    SecretPattern(
        "Slack webhook URL",
        re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Za-z0-9/]{20,80}"),
        ("hooks.slack.com",),
    ),
    SecretPattern(
        "JSON Web Token",
        re.compile(r"eyJ(?<![\w-]eyJ)[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024}(?![\w-])"),
        ("eyj",),
        plausible=_not_a_verify_token,
    ),
    SecretPattern("Azure storage key", re.compile(r"AccountKey=[A-Za-z0-9+/=]{60,128}"), ("accountkey=",)),
    SecretPattern(
        "private key",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----"),
        ("private key",),
    ),
    SecretPattern(
        "credentials in URL",
        re.compile(
            r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^/\s:@'\"<>]{1,256}:[^/\s@'\"<>]{1,256}@[^\s/'\"<>]{1,256}"
        ),
        ("@",),
        re.compile(r"://[^/\s:@'\"<>]{1,256}:[^/\s@'\"<>]{1,256}@").search,
    ),
    SecretPattern(
        "secret under a secret's name",
        _NAMED,
        plausible=_named_secret,
        finder=_find_named,
    ),
)

#: Keys whose values are secret whatever they look like (training arguments,
#: configs). Compared case-insensitively against the whole key.
SECRET_KEYS = re.compile(
    r"(?i)^(?:.*_)?(?:token|hub_token|password|passwd|secret|api_key|apikey|access_key|"
    r"secret_key|private_key|credentials?|auth)$"
)

REDACTED = "<redacted>"


_HINTS = sorted({h for p in SECRET_PATTERNS for h in p.hints}, key=lambda h: (-len(h), h))


def _any_of(words: list[str]) -> re.Pattern[str]:
    """One regex matching any of ``words``, longest first, grouped by first character.

    ``a(?:kia|sia|...)|g(?:hp_|...)`` tries one branch per position where the
    flat ``akia|asia|ghp_|...`` tries them all: about a third faster on cards.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    branches = [
        re.escape(group[0]) if len(group) == 1 else re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")"
        for first, group in groups.items()
    ]
    return re.compile("|".join(branches))


_ANY_HINT = _any_of(_HINTS)


#: Each hint -> the hints inside it, itself included (`sk-ant-` is also `sk-`).
_PREFIXES = {hint: tuple(h for h in _HINTS if h in hint) for hint in _HINTS}
#: Patterns searched whatever the text holds.
_UNHINTED = tuple(p for p in SECRET_PATTERNS if not p.hints)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lower(text: str) -> str:
    """``text`` lowercased, offsets kept (`İ` lowercases to two characters: then ASCII only)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _candidates(text: str, low: str) -> list[SecretPattern]:
    """The patterns whose hints occur in ``text`` (all of them when a pattern has none); ``low``: lowercased."""
    seen = set(_ANY_HINT.findall(low))
    if not seen:  # most text
        return [p for p in _UNHINTED if p.gate is None or p.gate(low)]
    for found in tuple(seen):
        seen.update(_PREFIXES[found])
    return [
        p
        for p in SECRET_PATTERNS
        if (not p.hints or not seen.isdisjoint(p.hints)) and (p.gate is None or p.gate(low))
    ]


def find_secrets(text: str) -> list[tuple[SecretPattern, re.Match[str]]]:
    """Every secret-looking span in ``text``, in order of position.

    A value under a secret's name that a more specific pattern already found
    is reported once, by that pattern.
    """
    found = []
    low = _lower(text)
    for pattern in _candidates(text, low):
        check = pattern.plausible
        found.extend((pattern, m) for m in pattern.finditer(text, low) if check is None or check(m))
    if len(found) < 2:
        return found
    found.sort(key=lambda pm: pm[1].start())
    return _drop_named_overlaps(found)


def _drop_named_overlaps(found: list[tuple[SecretPattern, re.Match[str]]]) -> list[tuple[SecretPattern, re.Match[str]]]:
    specific = [m.span() for p, m in found if p.finder is None]  # sorted by start
    if not specific or len(specific) == len(found):
        return found
    starts = [start for start, _ in specific]
    reach = list(itertools.accumulate((end for _, end in specific), max))  # furthest end so far
    kept = []
    for pattern, match in found:
        if pattern.finder is not None:
            i = bisect.bisect_left(starts, match.end()) - 1  # the last specific span starting before this ends
            if i >= 0 and reach[i] > match.start():
                continue
        kept.append((pattern, match))
    return kept


# What documentation writes instead of a real secret.
_EXAMPLE = re.compile(r"(?i)example|your|dummy|fake|sample|placeholder|redacted|secret|token|(.)\1{3}|abcdef|123456")
_VALUE = re.compile(r"[A-Za-z0-9/+=_\-]{16,}")
_KEY_BODY = re.compile(r"(?:\s|\\[rn]){1,8}[A-Za-z0-9+/=]{40}")  # `\n` too: a PEM inside a JSON string
_URL_PASSWORD = re.compile(r"://[^:/@]*:([^@]*)@")
_PLACEHOLDER_PASSWORD = re.compile(r"(?i)(?:pass(?:word|wd)?|pwd|secret|token|pat|key|[x*]+|\d{1,5}|[$%{<*].*)")
def looks_like_example(value: str) -> bool:
    """Whether a secret-shaped value is an obvious example (`hf_xxx`, `AKIAIOSFODNN7EXAMPLE`, `your_key`)."""
    return bool(_EXAMPLE.search(value))


def find_real_secrets(text: str) -> list[tuple[SecretPattern, re.Match[str]]]:
    """:func:`find_secrets` without the obvious examples documentation shows (what lint and push report)."""
    return [(p, m) for p, m in find_secrets(text) if not _is_example(p, m, text)]


def _is_example(pattern: SecretPattern, match: re.Match[str], text: str) -> bool:
    kind, found = pattern.kind, match.group()
    if kind == "private key":  # a header followed by `...` or `<your key>`
        return not _KEY_BODY.match(text, match.end())
    if kind == "credentials in URL":
        password = _URL_PASSWORD.search(found)
        return password is None or bool(_PLACEHOLDER_PASSWORD.fullmatch(password.group(1)))
    if "secret" in match.re.groupindex:
        value = match.group("secret")
    else:
        values = _VALUE.findall(found)
        value = values[-1] if values else found
    return looks_like_example(value)


def redact(text: str) -> str:
    """``text`` with every secret-looking span replaced by ``<redacted>`` (a named value: the value only)."""
    found = find_secrets(text)
    if not found:
        return text
    parts, last = [], len(text)
    for pattern, match in reversed(found):
        start = match.start("secret") if pattern.finder is not None else match.start()
        if match.end() <= last:
            parts.append(text[match.end() : last])
            parts.append(REDACTED)
        # else: overlaps a later span, already redacted from its start; extend it back
        last = min(start, last)
    parts.append(text[:last])
    return "".join(reversed(parts))


def is_secret_key(key: str) -> bool:
    """Whether a mapping key names a secret (``hub_token``, ``password``…)."""
    return bool(SECRET_KEYS.match(key))
