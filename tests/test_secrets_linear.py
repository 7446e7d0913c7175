"""Every secret pattern runs in linear time: 1 MB adversarial inputs, each under a bounded budget.

A pattern that backtracks quadratically takes minutes on these inputs; the
per-test timeout (generous, far from the ~0.1 s a linear scan takes) fails it.
`benchmarks/secrets_linear.py` prints the times at 100 KB and 1 MB.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modelcard.secrets import SECRET_PATTERNS, SecretPattern, find_real_secrets, redact

SIZE = 1_000_000
#: Literal beginnings of matches, beyond the hints.
PREFIXES = {
    "AWS secret access key": ("aws_secret_access_key=",),
    "OpenAI API key": ("sk-proj-", "sk-" + "a" * 20),
    "Anthropic API key": ("sk-ant-api03-",),
    "Stripe live key": ("sk_live_",),
    "GitHub token": ("github_pat_",),
    "Weights & Biases API key": ("wandb_api_key=", "wandb login "),
    "Slack token": ("xoxb-",),
    "Slack webhook URL": ("https://hooks.slack.com/services/TABCDEFGH/",),
    "JSON Web Token": ("eyJa.", "eyJaaaaaaaaaa.eyJ"),
    "Azure storage key": ("AccountKey=",),
    "private key": ("-----BEGIN RSA PRIVATE KEY-----",),
    "credentials in URL": ("://", "a-", "a://a:", "a://a:a@"),
    "secret under a secret's name": ("token=", "x_token: ", "api_key = '", "token=a/"),
}
FILLERS = ("", "a", "-", ":", "a:", "aA0/")


def adversarial(pattern: SecretPattern) -> Iterator[str]:
    """About 1 MB texts that repeat the pattern's prefixes with the characters it repeats."""
    for prefix in (*pattern.hints[:1], *PREFIXES.get(pattern.kind, ())):
        for filler in FILLERS:
            unit = prefix + filler
            yield (unit * (SIZE // len(unit) + 1))[:SIZE]
            if filler:
                yield filler * (SIZE // len(filler)) + prefix


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("pattern", SECRET_PATTERNS, ids=lambda p: p.kind)
def test_every_pattern_is_linear_on_1mb_adversarial_input(pattern: SecretPattern) -> None:
    texts = 0
    for text in adversarial(pattern):
        for _ in pattern.finditer(text):
            pass
        texts += 1
    assert texts >= 2 * len(FILLERS) - 1


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_the_whole_scan_is_linear_on_the_same_inputs() -> None:
    for pattern in SECRET_PATTERNS:
        prefix = (*pattern.hints, *PREFIXES.get(pattern.kind, ()))[-1]
        for filler in ("", "a:"):
            text = ((prefix + filler) * (SIZE // len(prefix + filler) + 1))[:SIZE]
            find_real_secrets(text)
            assert len(redact(text)) <= len(text) + SIZE
