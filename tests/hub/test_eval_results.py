"""`.eval_results/` travels with the card: one commit, lint-gated, verified on pull (real client, local Hub)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from huggingface_hub import EvalResultEntry, HfApi

from modelcard.cli.main import main
from modelcard.errors import HubError
from modelcard.hub import load, push

REPO = "acme/tiny-sentiment"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "eval_results"
GPQA = FIXTURES / "falcon-mamba-7b" / ".eval_results" / "gpqa.yaml"
HLE = "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 4.2\n  date: \"2025-01-15\"\n"


@pytest.fixture
def with_results(model_dir: Path) -> Path:
    folder = model_dir / ".eval_results"
    folder.mkdir()
    shutil.copy(GPQA, folder / "gpqa.yaml")
    (folder / "hle.yaml").write_text(HLE)
    return model_dir


def test_results_go_in_the_card_commit_and_pull_reads_them(hub, with_results, tmp_path):
    result = push(with_results, REPO, endpoint=hub.url)
    assert [f.path for f in result.files] == [
        ".eval_results/gpqa.yaml", ".eval_results/hle.yaml", "README.md", "config.json", "model.safetensors", "tokenizer.json",
    ]
    assert hub.commits(REPO) == [result.commit, result.parent]
    api = HfApi(endpoint=hub.url)
    assert {f.path for f in api.list_repo_tree(REPO, revision=result.commit, recursive=True)} >= {
        ".eval_results/gpqa.yaml", ".eval_results/hle.yaml", "README.md"
    }

    model = load(REPO, endpoint=hub.url, local_dir=tmp_path / "pulled")
    assert model.commit == result.commit
    assert (model.folder / ".eval_results" / "gpqa.yaml").read_bytes() == GPQA.read_bytes()
    assert model.eval_results == (
        EvalResultEntry(
            dataset_id="Idavidrein/gpqa",
            task_id="gpqa_diamond",
            value=8.05,
            dataset_revision="90b8e5be2b1d3d2dbfe016cdab47981150600c4a",
            verify_token="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
            date="2024-08-12",
            source_url="https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard?query=tiiuae/falcon-mamba-7b",
            source_name="Open LLM Leaderboard",
            source_user="open-llm-leaderboard",
            source_org="open-llm-leaderboard",
            notes="0-shot, acc_norm",
        ),
        EvalResultEntry(dataset_id="cais/hle", task_id="hle", value=4.2, date="2025-01-15"),
    )
    # What the server answers to model_info(expand=["evalResults"]) is what pull read from the files.
    info = api.model_info(REPO, revision=result.commit, expand=["evalResults"])
    assert tuple(info.eval_results) == model.eval_results


def test_a_result_file_with_lint_errors_stops_the_push(hub, with_results):
    (with_results / ".eval_results" / "hle.yaml").write_text(HLE.replace('"2025-01-15"', "2025-01-15"))
    with pytest.raises(HubError) as caught:
        push(with_results, REPO, endpoint=hub.url)
    assert str(caught.value).splitlines()[:2] == [
        "the card has 1 error(s); nothing was sent:",
        '  .eval_results/hle.yaml:5:9: MC503 `date` `2025-01-15` is read as a YAML timestamp, not a string; quote it: `"2025-01-15"`',
    ]
    assert list(hub.stats.requests) == []
    assert hub.store.list_repos("model") == []


def test_an_excluded_result_file_is_neither_sent_nor_gating(hub, with_results):
    (with_results / ".eval_results" / "hle.yaml").write_text("- value: 1\n")
    result = push(with_results, REPO, endpoint=hub.url, exclude=[".eval_results/hle.yaml"])
    assert ".eval_results/hle.yaml" in result.ignored
    assert ".eval_results/gpqa.yaml" in [f.path for f in result.files]


def test_pull_refuses_results_that_were_pushed_broken(hub, with_results, tmp_path):
    (with_results / ".eval_results" / "hle.yaml").write_text("- dataset:\n    id: cais/hle\n  value: 4.2\n")
    push(with_results, REPO, endpoint=hub.url, verify=False)
    with pytest.raises(HubError) as caught:
        load(REPO, endpoint=hub.url, local_dir=tmp_path / "pulled")
    lines = str(caught.value).splitlines()
    assert lines[1:] == [
        "  .eval_results/hle.yaml:2:5: MC502 `dataset.task_id` is missing: a task id of the benchmark's eval.yaml",
        "  `.eval_results/hle.yaml`: huggingface_hub cannot read its results (KeyError: 'task_id')",
    ]


def test_pull_cli_counts_the_results_and_shows_their_warnings(hub, with_results, tmp_path, capsys):
    (with_results / ".eval_results" / "hle.yaml").write_text(HLE + "  harness: lighteval\n")
    push(with_results, REPO, endpoint=hub.url)
    capsys.readouterr()
    assert main(["pull", REPO, "--endpoint", hub.url, "--dir", str(tmp_path / "pulled")]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].endswith(": 7 files verified, 786,432 parameters, 2 evaluation results")
    assert ".eval_results/hle.yaml:6:3: MC504 warning unknown key `harness`: the Hub ignores it\n" in err
