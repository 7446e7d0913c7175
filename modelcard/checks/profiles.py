"""Lint profiles: named sets of default-off rules for a purpose.

``modelcard lint --profile eu-gpai`` (or ``profile = "eu-gpai"`` in
``[tool.modelcard]``) adds the profile's rules to those selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcard.checks.rules import missing_license
from modelcard.errors import UsageError


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    selectors: tuple[str, ...]


PROFILES: dict[str, Profile] = {
    "eu-gpai": Profile(
        "eu-gpai",
        "what the EU AI Act's documentation of a general-purpose AI model needs from its card: sections on "
        "acceptable use, intended and restricted uses, training data provenance and curation, evaluation and "
        "distribution, the parameter count and training compute with units, a licence",
        ("MC6", missing_license.RULE.code),
    ),
}


def profile_selectors(name: object, where: str = "") -> tuple[str, ...]:
    """The rule selectors of a profile.

    Raises:
        UsageError: not a known profile's name.
    """
    profile = PROFILES.get(name) if isinstance(name, str) else None
    if profile is None:
        import difflib

        known = ", ".join(f"`{p}`" for p in PROFILES)
        close = difflib.get_close_matches(str(name), list(PROFILES), n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise UsageError(f"{where}unknown profile `{name}` (known: {known}){hint}")
    return profile.selectors
