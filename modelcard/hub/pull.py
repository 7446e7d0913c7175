"""Download a card and its files at a revision, and check they belong together."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.diagnostics import Diagnostic, Severity
from modelcard.errors import CardError, HubError
from modelcard.hub.client import check_repo_id, hub_error, make_api, progress_on_terminal, transport_errors
from modelcard.hub.verify import eval_results, hash_mismatches, missing_links, parameter_mismatch

if TYPE_CHECKING:
    from huggingface_hub import EvalResultEntry, HfApi

    from modelcard.card import Card

CARD = "README.md"


@dataclass(frozen=True)
class LoadedModel:
    """A verified download.

    Attributes:
        card: the parsed model card.
        folder: the local folder (usable with ``from_pretrained``).
        commit: the full commit id the revision resolved to.
        diagnostics: the card's lint findings (warnings; errors refuse the load).
        parameters: the parameter count from the safetensors headers, when any.
        eval_results: the entries of ``.eval_results/*.yaml``, as ``huggingface_hub`` reads them.
    """

    repo_id: str
    revision: str
    commit: str
    folder: Path
    card: Card
    diagnostics: tuple[Diagnostic, ...]
    parameters: int | None
    files: tuple[str, ...]
    eval_results: tuple[EvalResultEntry, ...] = ()


def load(
    repo_id: str,
    *,
    revision: str | None = None,
    local_dir: str | Path | None = None,
    endpoint: str | None = None,
    token: str | None = None,
) -> LoadedModel:
    """Download ``repo_id`` at ``revision`` and verify it.

    The revision may be a branch, a tag, or a full or short commit id. Only
    the download protocol is used (revision info, tree, resolve), so read-only
    mirrors work too.

    Raises:
        HubError: the download failed, or the files do not belong together
            (unparsable or failing card, missing linked file, parameter count
            or file hash disagreeing); the message lists every problem.
        UsageError: ``repo_id`` is not a repository id (found before any request).

    Example:
        >>> model = load("acme/tiny-bert", revision="v1.0")
        >>> model.commit, model.card.metadata["license"]
    """
    from huggingface_hub import snapshot_download

    check_repo_id(repo_id)
    api = make_api(endpoint, token)
    rev = revision or "main"
    try:
        commit = api.repo_info(repo_id, revision=rev).sha
        if not commit:
            raise HubError(f"`{repo_id}@{rev}`: the server did not say which commit this is")
        with progress_on_terminal():
            folder = Path(
                snapshot_download(
                    repo_id,
                    revision=commit,
                    local_dir=local_dir,
                    endpoint=api.endpoint,
                    token=api.token,
                )
            )
        recorded = _recorded(api, repo_id, commit)
    except transport_errors() as e:
        raise hub_error(e, f"cannot download `{repo_id}@{rev}` from {api.endpoint}", api.token) from None

    card, diagnostics, problems = _check_card(folder)
    parameters = None
    if card is not None:
        problems += missing_links(card, folder)
        parameters, mismatch = parameter_mismatch(card, folder)
        problems += mismatch
    problems += hash_mismatches(folder, recorded)
    entries, unreadable = eval_results(folder, recorded)
    problems += unreadable
    if problems or card is None:
        listing = "\n".join(f"  {p}" for p in problems)
        raise HubError(f"`{repo_id}@{rev}` ({commit[:12]}) downloaded to {folder} failed verification:\n{listing}")
    return LoadedModel(
        repo_id=repo_id,
        revision=rev,
        commit=commit,
        folder=folder,
        card=card,
        diagnostics=tuple(diagnostics),
        parameters=parameters,
        files=tuple(sorted(recorded)),
        eval_results=tuple(entries),
    )


def _check_card(folder: Path) -> tuple[Card | None, list[Diagnostic], list[str]]:
    from modelcard.card import Card
    from modelcard.checks import lint_card

    path = folder / CARD
    if not path.exists():
        return None, [], [f"the repository has no `{CARD}`"]
    try:
        card = Card.load(path)
    except CardError as e:
        return None, [], [f"the card cannot be read: {e}"]
    diagnostics = lint_card(card)
    problems = [
        f"{Path(os.path.relpath(d.path, folder)).as_posix()}:{d.location.line}:{d.location.column}: {d.code} {d.message}"
        for d in diagnostics
        if d.severity == Severity.ERROR
    ]
    return card, [d for d in diagnostics if d.severity != Severity.ERROR], problems


def _recorded(api: HfApi, repo_id: str, commit: str) -> dict[str, dict[str, Any]]:
    """The hashes the repository records for each file at ``commit``."""
    from huggingface_hub.hf_api import RepoFile  # also where huggingface_hub 1.x keeps it

    recorded: dict[str, dict[str, Any]] = {}
    for item in api.list_repo_tree(repo_id, revision=commit, recursive=True):
        if isinstance(item, RepoFile):
            if item.lfs is not None:
                recorded[item.path] = {"sha256": item.lfs.sha256, "size": item.size}
            else:
                recorded[item.path] = {"oid": item.blob_id, "size": item.size}
    return recorded
