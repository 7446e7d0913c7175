"""MC401 and the secrets table: real-shaped fake secrets, built here from parts."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint, registry
from modelcard.checks.config import config_from_mapping
from modelcard.checks.context import CheckContext
from modelcard.secrets import SECRET_PATTERNS, find_secrets, redact

FIXTURES = Path(__file__).parent.parent / "fixtures" / "body"
_RANDOM = random.Random(401)
ALNUM = string.ascii_letters + string.digits


def rand(n: int, alphabet: str = ALNUM) -> str:
    return "".join(_RANDOM.choice(alphabet) for _ in range(n))


#: kind -> a value of that shape (never a live secret: random, built at test time)
SAMPLES = {
    "Hugging Face token": "hf" + "_" + rand(34),
    "AWS access key id": "AK" + "IA" + rand(16, string.ascii_uppercase + string.digits),
    "AWS secret access key": "aws_secret_access_key = " + rand(40),
    "Google API key": "AI" + "za" + rand(35),
    "GitHub token": "gh" + "p_" + rand(36),
    "OpenAI API key": "sk" + "-proj-" + rand(48),
    "Anthropic API key": "sk" + "-ant-api03-" + rand(90),
    "GitLab token": "gl" + "pat-" + rand(20),
    "Weights & Biases API key": "WANDB_API_KEY=" + rand(40, "0123456789abcdef"),
    "Slack token": "xo" + "xb-" + rand(24),
    "Azure storage key": "AccountKey=" + rand(86) + "==",
    "private key": "-----BEGIN RSA PRIVATE KEY-----\n" + rand(64) + "\n",
    "credentials in URL": "https://deploy:" + rand(20) + "@example.com/repo.git",
    "Stripe live key": "sk" + "_live_" + rand(24),
    "Slack webhook URL": "https://hooks.slack.com/services/T" + rand(8, string.ascii_uppercase) + "/B" + rand(8, string.ascii_uppercase) + "/" + rand(24),
    "JSON Web Token": "ey" + "JhbGciOiJIUzI1NiJ9.ey" + "J" + rand(30) + "." + rand(43),
    "secret under a secret's name": "DB_PASSWORD=" + rand(20),
}


def secrets_found(text: str, path: str | None = None) -> list[tuple[int, int, str]]:
    rule = registry.get("MC401")
    assert rule is not None and rule.check is not None
    ctx = CheckContext(Card.from_text(text, path=path), options=rule.options)
    return [(f.location.line, f.location.column, f.message) for f in rule.check(ctx)]


def test_the_table_has_a_sample_of_every_kind() -> None:
    assert {p.kind for p in SECRET_PATTERNS} == set(SAMPLES)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_kind_in_the_body_is_reported_without_echoing_it(kind: str) -> None:
    secret = SAMPLES[kind]
    text = f"---\nlicense: mit\n---\n# m\n\n```python\nx = 1\n    {secret}\n```\n"
    found = secrets_found(text)
    if kind == "secret under a secret's name":
        assert found == [(8, 17, "value of `DB_PASSWORD` in the body looks like a secret; remove it")]
    else:
        assert found == [(8, 5, f"{kind} in the body; revoke it and remove it from the card")]
    assert all(part not in found[0][2] for part in secret.split() if len(part) > 8)


def test_secrets_in_front_matter_values_and_comments() -> None:
    token, key = SAMPLES["Hugging Face token"], SAMPLES["AWS access key id"]
    text = f"---\nlicense: mit\nwidget:\n- text: 'use {token}'\n# old key {key}\n---\n# m\n"
    assert secrets_found(text) == [
        (4, 14, "Hugging Face token in the front-matter; revoke it and remove it from the card"),
        (5, 11, "AWS access key id in the front-matter; revoke it and remove it from the card"),
    ]


def test_secret_named_keys_with_secret_looking_values() -> None:
    value = rand(24)
    text = f"---\nlicense: mit\ntraining_args:\n  hub_token: {value}\n  push_to_hub_token: null\n  password: <password>\n---\n"
    assert secrets_found(text) == [(4, 14, "value of `hub_token` in the front-matter looks like a secret; remove it")]


@pytest.mark.parametrize(
    "example",
    [
        "hf_xxx",
        "hf_" + "x" * 34,
        "hf_" + "YOUR" + "TOKEN" + "X" * 26,
        "<token>",
        "AKIA" + "IOSFODNN7EXAMPLE",
        "https://user:password@huggingface.co/org/model",
        "https://user:${HF_TOKEN}@huggingface.co/org/model",
        "https://oauth2:<token>@gitlab.example.com/x.git",
        "http://localhost:8080@service",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        "sk-eo-ta-sh-ab-cd-ef-gh-ij-kl-mn-op-qr-st-uv-wx-yz-ab-cd-ef-gh",
    ],
)
def test_obvious_examples_are_not_reported(example: str) -> None:
    assert secrets_found(f"# m\n\n```\n{example}\n```\n") == []


def test_language_code_lists_are_not_openai_keys() -> None:
    # This card lists XNLI languages as `sk-eo-ta-...`, which the old `sk-` pattern took for a key.
    text = (FIXTURES / "mrm8488__xlm-multi-finetuned-xquadv1.md").read_text(encoding="utf-8")
    assert secrets_found(text) == []


def test_lint_output_never_contains_the_secret(tmp_path: Path) -> None:
    token = SAMPLES["Hugging Face token"]
    card = tmp_path / "README.md"
    card.write_text(f"---\nlicense: mit\n---\n# m\n\nLogin with `huggingface-cli login --token {token}`.\n")
    diagnostics = lint(card, config=config_from_mapping({"select": ["MC401"]}, root=tmp_path))
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics] == [("MC401", 6, 43)]
    assert token not in repr(diagnostics)


# -- the table itself -----------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_find_and_redact_every_kind(kind: str) -> None:
    text = f"before {SAMPLES[kind]} after"
    assert [p.kind for p, _ in find_secrets(text)] == [kind]
    redacted = redact(text)
    assert "<redacted>" in redacted and redacted.startswith("before ")
    assert find_secrets(redacted) == []


def test_hints_are_in_every_match() -> None:
    for pattern in SECRET_PATTERNS:
        text = f"x {SAMPLES[pattern.kind]} y"
        match = next(iter(pattern.finditer(text)), None)
        assert match is not None, pattern.kind
        assert not pattern.hints or any(h in match.group().lower() for h in pattern.hints), pattern.kind
        assert pattern.gate is None or pattern.gate(match.group().lower()), pattern.kind


def test_the_hint_search_finds_every_hint_even_inside_a_longer_one() -> None:
    from modelcard.secrets import _ANY_HINT, _HINTS

    for hint in _HINTS:
        assert _ANY_HINT.findall(f"x {hint} y") == [hint], hint
    # `sk-ant-` wins over `sk-` where both start (and `_candidates` adds `sk-` back).
    assert _ANY_HINT.findall("sk-ant-api03") == ["sk-ant-"]


# -- shapes found in real leaks -------------------------------------------------------

HEX = "0123456789abcdef"
PEM_BODY = rand(64, ALNUM + "+/")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("export AWS_SECRET_ACCESS_KEY=" + rand(39) + "+", "AWS secret access key"),
        ("AWS_SECRET_ACCESS_KEY=" + rand(39) + "/", "AWS secret access key"),
        ('"aws_secret_access_key": "' + rand(38) + '+/"', "AWS secret access key"),
        ("ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIx" + rand(20) + "." + rand(43), "JSON Web Token"),
        ("https://hooks.slack.com/services/T" + rand(8, "ABCDEFGH0123") + "/B" + rand(8, "ABCDEF0123") + "/" + rand(24), "Slack webhook URL"),
        ("stripe.api_key = 'sk" + "_live_" + rand(24) + "'", "Stripe live key"),
        ("WANDB_KEY: " + rand(40, HEX), "Weights & Biases API key"),
        ('"wandb_api_key": "' + rand(40, HEX) + '"', "Weights & Biases API key"),
    ],
)
def test_realistic_secret_shapes_are_reported(text: str, expected: str) -> None:
    found = secrets_found(f"# m\n\n```\n{text}\n```\n")
    assert [message.split(" in the body")[0] for _, _, message in found] == [expected]
    assert all(rand_part not in found[0][2] for rand_part in text.split("=")[-1:])


def test_a_service_account_json_is_reported_by_its_private_key() -> None:
    key = (
        '{"type": "service_account", "project_id": "demo", "private_key_id": "' + rand(40, HEX) + '", '
        '"private_key": "-----BEGIN PRIVATE KEY-----\\n' + PEM_BODY + '\\n-----END PRIVATE KEY-----\\n", '
        '"client_email": "svc@demo.iam.gserviceaccount.com"}'
    )
    found = secrets_found(f"# m\n\n```json\n{key}\n```\n")
    assert [(line, message) for line, _, message in found] == [
        (4, "private key in the body; revoke it and remove it from the card")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "DB_PASSWORD=" + rand(20),
        "api_key = '" + rand(32, HEX) + "'",
        '"hub_token": "' + rand(16) + '"',
        "OPENAI_SECRET: " + rand(24),
    ],
)
def test_a_value_under_a_secret_name_is_a_secret(line: str) -> None:
    found = secrets_found(f"# m\n\n```\n{line}\n```\n")
    name = line.split("=")[0].split(":")[0].strip().strip('"').split(" ")[0]
    assert [message for _, _, message in found] == [f"value of `{name}` in the body looks like a secret; remove it"]
    assert line[-10:].strip("'\"") not in found[0][2]


@pytest.mark.parametrize(
    "line",
    [
        "HF_TOKEN=<your_token>",
        "password: changeme1234567",
        'api_key = os.environ["OPENAI_API_KEY"]',
        "tokenizer.pad_token = tokenizer.eos_token",
        "hub_token: <HUB_TOKEN>",
        "secret_key = ${SECRET_KEY_FROM_VAULT}",
        "token: xxxxxxxxxxxxxxxxxxxx",
        "max_tokens: 4096000000000",
    ],
)
def test_placeholders_and_code_under_a_secret_name_are_not_reported(line: str) -> None:
    assert secrets_found(f"# m\n\n```\n{line}\n```\n") == []


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES.parent / "secrets").glob("*.md")))
def test_real_cards_with_tokens_and_key_names_have_no_findings(name: str) -> None:
    # Copied from the corpus (see tests/fixtures/secrets/SOURCES.tsv): the Hub's public
    # `verifyToken` JWTs, `HF_TOKEN=<your_token>`, `HF_TOKEN=""`.
    text = (FIXTURES.parent / "secrets" / name).read_text(encoding="utf-8")
    assert secrets_found(text) == []


def test_an_aliased_secret_is_reported_once() -> None:
    value = rand(40)
    items = "".join(f"- {{password: *v, n: {i}}}\n" for i in range(5000))
    text = f"---\nlicense: mit\nfirst: &v {value}\nitems:\n{items}---\n# m\n"
    found = secrets_found(text)
    assert found == [(3, 8, "value of `password` in the front-matter looks like a secret; remove it")]


def test_a_value_after_text_whose_lowercase_is_longer_is_found_at_its_place() -> None:
    text = "İİİ DB_PASSWORD=" + SAMPLES["secret under a secret's name"].split("=")[1]
    [(pattern, match)] = find_secrets(text)
    assert match.group("name") == "DB_PASSWORD" and match.start() == 4


@pytest.mark.timeout(120)
def test_a_large_value_aliased_49000_times_is_scanned_once() -> None:
    # 200 KB behind 49,000 aliases (under the 1 MB front-matter cap) took minutes when each
    # alias was scanned again; now the card text is scanned once and each node once.
    value = rand(200_000, "ghjkmnpqrstvwxyzGHJKMNPQRSTVWXYZ2345678")
    while (m := re.search(r"(.)\1{3}|your|fake", value, re.I)) is not None:
        value = value[: m.start()] + value[m.end() :]
    aliases = ", ".join(["*v"] * 49_000)
    text = f"---\nlicense: mit\nx: &v {value}\ny: [{aliases}]\nitems:\n" + "- {password: *v}\n" * 10_000 + "---\n# m\n"
    assert len(text) < 1_000_000
    found = [d for d in lint(text) if d.code == "MC401"]
    assert [(d.location.line, d.message) for d in found] == [
        (3, "value of `password` in the front-matter looks like a secret; remove it")
    ]
