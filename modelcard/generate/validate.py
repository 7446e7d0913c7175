"""Check the metadata a user gives ``generate`` before anything is read or written.

Flags (``--license``, ``--task``...) and ``--metadata`` values go through the
linter's own front-matter rules (the Hub's license, task, library and language
lists with their did-you-mean, the metadata schema, local base-model paths),
so ``generate`` never writes a card that ``lint`` then rejects. A dataset must
be a Hub id (``imdb``, ``org/name``): the card links it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelcard.errors import UsageError

#: The linter's rules on front-matter values (the file and YAML rules, the metadata rules).
RULES = ("MC0", "MC1")

_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
HUB_ID = re.compile(rf"^(?:{_PART}/)?{_PART}$")

#: Flag name by front-matter key, as the user typed it.
FLAGS = {"license": "--license", "datasets": "--dataset", "base_model": "--base-model", "pipeline_tag": "--task", "language": "--language"}


def is_hub_id(name: Any) -> bool:
    """Whether ``name`` can be a Hub repository id (``imdb``, ``stanfordnlp/imdb``)."""
    return isinstance(name, str) and bool(HUB_ID.match(name)) and ".." not in name and "--" not in name


def validate(*, metadata_file: Path | None, metadata: Mapping[str, Any], flags: Mapping[str, Any]) -> None:
    """Raise :class:`UsageError` listing every bad value (``where: CODE message``).

    Args:
        metadata_file: the ``--metadata`` YAML file (its text is linted, so
            problems have its line and column), or None.
        metadata: the ``--metadata`` values (a mapping given in Python is
            linted as YAML written from it).
        flags: front-matter values from flags, by front-matter key.
    """
    problems: list[str] = []
    if metadata_file is not None:
        text = metadata_file.read_text(encoding="utf-8")
        problems += _lint(text, lambda line, column: f"{metadata_file}:{line - 1}:{column}")
    elif metadata:
        problems += _lint(_yaml({k: v for k, v in metadata.items() if k != "model_name"}), lambda line, column: "metadata")
    for key, value in flags.items():
        flag = FLAGS.get(key, key)
        problems += _lint(_yaml({key: value}), lambda line, column, flag=flag: flag)
    for where, datasets in (("--metadata" if metadata_file is None else str(metadata_file), metadata.get("datasets")), ("--dataset", flags.get("datasets"))):
        for name in [datasets] if isinstance(datasets, str) else datasets if isinstance(datasets, list) else []:
            if not is_hub_id(name):
                problems.append(f"{where}: `{name}` is not a Hub dataset id (`name` or `org/name`)")
    if problems:
        raise UsageError("nothing written; fix these values:\n" + "\n".join(f"  {p}" for p in dict.fromkeys(problems)))


def _yaml(values: Mapping[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(dict(values), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)


def _on_what_is_missing() -> list[str]:
    """The rules on metadata or a key that is not there: a missing license or an
    empty front-matter is not the user's value being wrong."""
    from modelcard.checks.registry import all_rules

    return [rule.code for rule in all_rules() if rule.no_metadata or rule.missing_key]


def _lint(text: str, where: Any) -> list[str]:
    from modelcard.checks.config import Config
    from modelcard.checks.engine import lint

    config = Config().with_overrides(select=RULES, ignore=_on_what_is_missing())
    found = lint(f"---\n{text}{'' if text.endswith(chr(10)) else chr(10)}---\n", config=config)
    return [f"{where(d.location.line, d.location.column)}: {d.code} {d.message}" for d in found]
