"""``model_info`` as the Hub answers it, ``expand=["evalResults"]`` included."""

from __future__ import annotations

import pytest
from huggingface_hub import CommitOperationAdd, HfApi

REPO = "acme/tiny-sentiment"
GPQA = b"""\
- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_diamond
  value: 0.412
  date: "2026-01-15"
  source:
    url: https://example.org/logs
    name: run logs
- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_main
  value: 0.398
"""


def test_eval_results_are_read_from_the_repository_files(hub, token):
    hub.store.create_repo("model", REPO)
    api = HfApi(endpoint=hub.url, token=token)
    files = {
        ".eval_results/gpqa.yaml": GPQA,
        ".eval_results/broken.yaml": b"- dataset: [unclosed\n",
        ".eval_results/notes.txt": b"not a result file\n",
    }
    api.create_commit(
        REPO,
        operations=[CommitOperationAdd(path_in_repo=p, path_or_fileobj=data) for p, data in files.items()],
        commit_message="results",
    )
    info = api.model_info(REPO, expand=["evalResults"])
    assert [(e.dataset_id, e.task_id, e.value) for e in info.eval_results] == [
        ("Idavidrein/gpqa", "gpqa_diamond", 0.412),
        ("Idavidrein/gpqa", "gpqa_main", 0.398),
    ]
    first = info.eval_results[0]
    assert (first.date, first.source_url, first.source_name) == ("2026-01-15", "https://example.org/logs", "run logs")
    # The unreadable file is left out (clients before huggingface_hub 2 fail on the Hub's error items).
    # Only what was asked for: the Hub leaves the other properties out.
    assert info.sha is None and info.siblings is None


def test_model_info_without_expand_is_the_full_answer(hub, token):
    hub.store.create_repo("model", REPO)
    info = HfApi(endpoint=hub.url, token=token).model_info(REPO)
    assert info.sha == hub.commits(REPO)[0]
    assert [s.rfilename for s in info.siblings] == [".gitattributes"]
    assert info.eval_results is None


def test_list_models_and_auth_check(hub, token):
    from huggingface_hub.errors import RepositoryNotFoundError

    for repo_id, private in (("acme/public", False), ("acme/secret", True), ("other/model", False)):
        hub.store.create_repo("model", repo_id, private=private)
    owner = HfApi(endpoint=hub.url, token=token)
    anonymous = HfApi(endpoint=hub.url, token=False)
    assert [m.id for m in owner.list_models(author="acme")] == ["acme/public", "acme/secret"]
    assert [m.id for m in anonymous.list_models(author="acme")] == ["acme/public"]
    assert [m.id for m in owner.list_models(search="MODEL")] == ["other/model"]
    owner.auth_check("acme/secret")
    with pytest.raises(RepositoryNotFoundError):
        anonymous.auth_check("acme/secret")
