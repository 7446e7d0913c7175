"""`generate` checks the user's values with the linter's rules before writing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.cli.main import main
from modelcard.errors import UsageError
from modelcard.generate import generate
from modelcard.generate.validate import is_hub_id

RUNS = Path(__file__).resolve().parents[1] / "fixtures" / "trainer_runs"


@pytest.fixture
def run(tmp_path: Path) -> Path:
    dest = tmp_path / "run"
    shutil.copytree(RUNS / "duplicate_eval", dest)
    return dest


def test_bad_flags_exit_2_with_did_you_mean_and_write_nothing(run, capsys):
    before = sorted(p.name for p in run.iterdir())
    code = main(["generate", str(run), "--license", "Apache 2.0", "--task", "image-clasification", "--dataset", "not a dataset!!"])
    assert code == 2
    err = capsys.readouterr().err
    assert "  --license: MC101 `Apache 2.0` is not a license id the Hub knows; use `apache-2.0`\n" in err
    assert "  --task: MC103 `image-clasification` is not a Hub task; did you mean `image-classification`?\n" in err
    assert "  --dataset: `not a dataset!!` is not a Hub dataset id (`name` or `org/name`)" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in run.iterdir()) == before


def test_bad_metadata_values_are_located_in_the_file(run, tmp_path, capsys):
    metadata = tmp_path / "card.yaml"
    metadata.write_text("license: MIT\nlanguage:\n- english\nlibrary_name: transformer\nbase_model: ./outputs/bert\n")
    assert main(["generate", str(run), "--metadata", str(metadata)]) == 2
    err = capsys.readouterr().err
    assert f"  {metadata}:1:10: MC101 `MIT` is not a license id the Hub knows; use `mit`\n" in err
    assert f"  {metadata}:3:3: MC109 `english` is a language name; use its ISO 639 code `en`\n" in err
    assert f"  {metadata}:4:15: MC104 `transformer` is not a library the Hub knows; did you mean `transformers`?\n" in err
    assert f"  {metadata}:5:13: MC105" in err
    assert not (run / "README.md").exists()


def test_the_python_api_refuses_the_same_values(run):
    with pytest.raises(UsageError, match=r"--task: MC103 `text-clasification` is not a Hub task"):
        generate(run, output=run / "README.md", overrides={"task": "text-clasification"})
    with pytest.raises(UsageError, match=r"metadata: MC101"):
        generate(run, output=run / "README.md", metadata={"license": "Apache 2.0"})
    assert not (run / "README.md").exists()


def test_good_values_pass_and_datasets_are_linked(run):
    card = generate(run, output=run / "README.md", plot=False, overrides={"license": "apache-2.0", "dataset": "stanfordnlp/imdb", "task": "text-classification"})
    assert "[stanfordnlp/imdb](https://huggingface.co/datasets/stanfordnlp/imdb)" in card.body


def test_a_dataset_that_is_not_a_hub_id_is_named_but_not_linked(run):
    # a name the card kept from earlier (not from a flag, which would be refused)
    (run / "README.md").write_text("---\ndatasets:\n- our crawl (2024)\n---\n# run\n")
    card = generate(run, output=run / "README.md", plot=False)
    assert "our crawl (2024)" in card.body
    assert "https://huggingface.co/datasets/our" not in card.body


@pytest.mark.parametrize("name", ["imdb", "stanfordnlp/imdb", "glue", "HuggingFaceFW/fineweb-edu", "a.b_c-d"])
def test_hub_ids(name):
    assert is_hub_id(name)


@pytest.mark.parametrize("name", ["not a dataset!!", "a/b/c", "/data/train", "-x", "a--b", "a..b", "", "x" * 97])
def test_not_hub_ids(name):
    assert not is_hub_id(name)


def test_base_models_are_linked_only_when_they_are_hub_ids(run):
    card = generate(run, output=run / "README.md", plot=False, overrides={"base_model": "google-bert/bert-base-uncased"})
    assert "fine-tuned version of [google-bert/bert-base-uncased](https://huggingface.co/google-bert/bert-base-uncased)" in card.body
    # several base models (a merge) are one text, not one Hub id
    card = generate(run, output=run / "README.md", plot=False, metadata={"base_model": ["org/a", "org/b"]})
    assert "fine-tuned version of org/a, org/b" in card.body
    assert "https://huggingface.co/org/a, org/b" not in card.body
