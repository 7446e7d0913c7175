"""``/api/validate-yaml`` answers as the Hub does: the client shows its errors and warnings unchanged."""

from __future__ import annotations

import re
import warnings

import pytest
from huggingface_hub import CommitOperationAdd, HfApi

REPO = "acme/tiny-sentiment"
NO_METADATA = "empty or missing yaml metadata in repo card (https://huggingface.co/docs/hub/model-cards#model-card-metadata)"


def _commit_card(hub, token, card: str) -> None:
    api = HfApi(endpoint=hub.url, token=token)
    operation = CommitOperationAdd(path_in_repo="README.md", path_or_fileobj=card.encode())
    api.create_commit(REPO, operations=[operation], commit_message="card")


@pytest.fixture
def repo(hub):
    hub.store.create_repo("model", REPO)
    return hub


def test_metadata_errors_refuse_the_commit_with_the_hub_message_shape(repo, token):
    card = "---\nlicense: MIT\npipeline_tag: text-classifier\n---\n# A card\n"
    with pytest.raises(ValueError) as refused:
        _commit_card(repo, token, card)
    # The client prints each error as "- message"; ours name the rule and the place.
    lines = str(refused.value).splitlines()
    assert lines[0] == "Invalid metadata in README.md."
    assert re.fullmatch(r"- .*`MIT`.* \(MC101 at line 2, column 10\)", lines[1])
    assert re.fullmatch(r"- .*`text-classifier`.* \(MC103 at line 3, column 15\)", lines[2])
    assert len(lines) == 3
    assert ("POST", "/api/validate-yaml", 400) in repo.stats.requests
    assert len(repo.commits(REPO)) == 1


def test_a_card_without_metadata_is_committed_with_the_hub_warning(repo, token):
    with pytest.warns(UserWarning) as caught:
        _commit_card(repo, token, "# Just a body\n")
    assert [str(w.message) for w in caught] == [f"Warnings while validating metadata in README.md:\n- {NO_METADATA}"]
    assert len(repo.commits(REPO)) == 2


def test_the_body_is_not_judged(repo, token):
    # No recommended section, a placeholder, a heading jump: lint findings, not the Hub's business.
    card = "---\nlicense: mit\n---\n# Card\n\n### Deep\n\n[More Information Needed]\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _commit_card(repo, token, card)
    assert len(repo.commits(REPO)) == 2
