"""Secret patterns run in linear time: each pattern's worst adversarial input at two sizes.

Usage: python benchmarks/secrets_linear.py [--small 100000] [--large 1000000] [--corpus DIR]

For every pattern of `modelcard.secrets.SECRET_PATTERNS`, builds inputs that
repeat the pattern's prefixes with the characters it repeats (`sk-proj-sk-proj-`,
`a-a-a-…://x:y@`), times the regex on each, and prints the slowest input's time at
both sizes and their ratio: about 10 for a tenfold input is linear, 100 quadratic.
The whole scan (`find_real_secrets`, `redact`) is timed on the same inputs.
With ``--corpus`` it also counts MC401 findings on every card of a corpus (false positives).
Exits 1 when a ratio exceeds 20.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from modelcard.secrets import SECRET_PATTERNS, SecretPattern, find_real_secrets, redact

#: Literal beginnings of matches, beyond the hints.
PREFIXES = {
    "AWS secret access key": ("aws_secret_access_key=", "aws_secret_access_key :"),
    "OpenAI API key": ("sk-proj-", "sk-proj-a", "sk-" + "a" * 20, "sk-" + "a" * 20 + "T3BlbkFJ"),
    "Anthropic API key": ("sk-ant-api03-",),
    "Stripe live key": ("sk_live_",),
    "GitHub token": ("github_pat_", "ghp_"),
    "Weights & Biases API key": ("wandb_api_key=", "wandb_key: ", "wandb login "),
    "Slack token": ("xoxb-",),
    "Slack webhook URL": ("https://hooks.slack.com/services/TABCDEFGH/",),
    "JSON Web Token": ("eyJ", "eyJa.", "eyJaaaaaaaaaa.eyJ"),
    "Azure storage key": ("AccountKey=",),
    "private key": ("-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----"),
    "credentials in URL": ("://", "a:", "a:a@", "a-", "a://a:", "a://a:a", "a://a:a@"),
    "secret under a secret's name": ("token=", "x_token: ", "password", "api_key = '", "a_", "token=a/"),
}
FILLERS = ("", "a", "A", "0", "-", "_", ":", "=", "/", "+", "@", " ", ".", "a:", "://", "\\n", "a-", "aA0/")


def adversarial(pattern: SecretPattern, size: int) -> Iterator[tuple[str, str]]:
    """(name, text) pairs of about ``size`` characters built to make ``pattern`` backtrack."""
    for prefix in (*pattern.hints, *PREFIXES.get(pattern.kind, ())):
        for variant in dict.fromkeys((prefix, prefix.upper())):
            for filler in FILLERS:
                unit = variant + filler
                yield f"({variant!r} {filler!r})*", (unit * (size // len(unit) + 1))[:size]
                if filler:
                    yield f"{filler!r}* {variant!r}", filler * (size // len(filler)) + variant


def worst(pattern: SecretPattern, size: int) -> tuple[float, str]:
    slowest = (0.0, "")
    for name, text in adversarial(pattern, size):
        best = float("inf")
        for _ in range(3):  # the best of three: a loaded machine adds noise, never saves time
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            best = min(best, time.perf_counter() - start)
        slowest = max(slowest, (best, name))
    return slowest


def whole_scan(size: int) -> float:
    """The slowest `find_real_secrets` + `redact` over every pattern's inputs."""
    slowest = 0.0
    for pattern in SECRET_PATTERNS:
        for _, text in adversarial(pattern, size):
            start = time.perf_counter()
            find_real_secrets(text)
            redact(text)
            slowest = max(slowest, time.perf_counter() - start)
    return slowest


def corpus_findings(corpus: Path) -> int:
    from modelcard.card import Card, CardError
    from modelcard.checks import registry
    from modelcard.checks.context import CheckContext

    rule = registry.get("MC401")
    assert rule is not None and rule.check is not None
    cards = findings = 0
    for path in sorted(p for p in corpus.rglob("*.md") if p.is_file()):
        try:
            card = Card.from_bytes(path.read_bytes(), path=str(path))
        except CardError:
            continue
        cards += 1
        for finding in rule.check(CheckContext(card, options=rule.options)):
            findings += 1
            print(f"  {path}:{finding.location.line}: {finding.message}")
    print(f"MC401 on {cards} corpus cards: {findings} finding(s)")
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args(argv)
    ratio_limit, failed = 20, False
    print(f"{'pattern':32} {'small ms':>9} {'large ms':>9} {'ratio':>6}  slowest input")
    for pattern in SECRET_PATTERNS:
        small, _ = worst(pattern, args.small)
        large, name = worst(pattern, args.large)
        ratio = large / max(small, 1e-6)
        failed |= ratio > ratio_limit and large > 0.05
        print(f"{pattern.kind:32} {small * 1e3:9.1f} {large * 1e3:9.1f} {ratio:6.1f}  {name}")
    small, large = whole_scan(args.small), whole_scan(args.large)
    print(f"{'find_real_secrets + redact':32} {small * 1e3:9.1f} {large * 1e3:9.1f} {large / max(small, 1e-6):6.1f}")
    if args.corpus is not None:
        corpus_findings(args.corpus)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
