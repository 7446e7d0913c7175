"""``modelcard document --form eu-gpai`` on real runs: every field, its source, or missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from modelcard.cli.main import main
from modelcard.document import document
from modelcard.document.form import fields
from modelcard.document.render import to_json, to_markdown
from modelcard.sources.weights import count_parameters, safetensors_header

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / "tests" / "fixtures" / "document"
SCHEMA = json.loads((ROOT / "schemas" / "eu-gpai-form.schema.json").read_text())

#: What a provider writes into a generated card, under the headings real cards use.
PROVIDER_SECTIONS = """
## Acceptable use policy

Use is governed by the policy at https://example.org/aup.

## Out-of-scope use

Not for medical or legal decisions.

## Training data

Synthetic token sequences generated with a fixed seed; duplicates were filtered out before training.

## Distribution

Published as a Hugging Face Hub repository.
"""


def _by_id(filled):  # noqa: ANN001, ANN202
    return {f.field.id: f for f in filled.fields}


def _validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


def test_schema_is_valid_and_names_every_field() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$defs"]["field"]["properties"]["id"]["enum"] == [f.id for f in fields()]


@pytest.mark.parametrize("name", ["trainer-resumed", "keras", "lightning"])
def test_every_field_in_order_each_filled_with_a_source_or_missing_with_a_note(name: str) -> None:
    filled = document(RUNS / name)
    assert [f.field.id for f in filled.fields] == [f.id for f in fields()]
    for f in filled.fields:
        if f.status == "missing":
            assert f.value is None and not f.sources and f.note, f.field.id
        else:
            assert f.value and f.sources, f.field.id
    _validate(to_json(filled))


def test_trainer_run_fills_what_its_files_support() -> None:
    run_dir = RUNS / "trainer-resumed"
    state = json.loads((run_dir / "trainer_state.json").read_text())
    got = _by_id(document(run_dir))
    filled = {k for k, f in got.items() if f.status == "filled"}
    assert filled == {
        "model-authenticity", "total-parameters", "license", "data-points", "training-time",
        "training-compute", "compute-methodology", "training-energy", "energy-methodology",
    }  # fmt: skip
    assert got["training-compute"].value == "1.18 × 10^7 FLOP (order of magnitude: 10^7)"
    assert f"{state['total_flos']:.3g}" == "1.18e+07"
    assert got["training-compute"].sources == ("trainer_state.json:log_history[6].total_flos",)
    params = sum(count_parameters(safetensors_header(run_dir / "model.safetensors")).values())
    assert got["total-parameters"].value.startswith(f"{params:,} (")
    assert got["data-points"].value == "48 training samples; 768 tokens seen in training"
    assert got["license"].value == "`apache-2.0`" and got["license"].sources[0].endswith("README.md:2 (`license`)")
    assert "tracked runs added up" in got["training-time"].note
    assert got["input-modalities"].status == "partial"
    assert got["input-modalities"].value == "text (the task `text-classification`); at most 64 tokens"
    assert "config.json:max_position_embeddings" in got["input-modalities"].sources


def test_template_text_never_passes_for_the_provider_s() -> None:
    """The generated card has `## Intended uses & limitations` with the template's stock text: still missing."""
    card = (RUNS / "trainer-resumed" / "README.md").read_text()
    assert "## Intended uses & limitations" in card and "The authors have not documented intended uses" in card
    got = _by_id(document(RUNS / "trainer-resumed"))
    for field_id in ("acceptable-use-policy", "intended-uses", "restricted-uses", "data-provenance", "data-curation",
                     "distribution-channels", "design-specification", "provider-name", "release-date"):  # fmt: skip
        assert got[field_id].status == "missing", field_id
        assert got[field_id].note.startswith("for the provider to write"), field_id


def test_sections_the_provider_wrote_fill_their_fields_with_section_and_line(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(RUNS / "trainer-resumed", run_dir)
    card = run_dir / "README.md"
    card.write_text(card.read_text() + PROVIDER_SECTIONS)
    lines = card.read_text().splitlines()
    got = _by_id(document(run_dir))
    for field_id, title, text in (
        ("acceptable-use-policy", "Acceptable use policy", "Use is governed by the policy at https://example.org/aup."),
        ("restricted-uses", "Out-of-scope use", "Not for medical or legal decisions."),
        ("distribution-channels", "Distribution", "Published as a Hugging Face Hub repository."),
    ):
        line = lines.index(f"## {title}") + 1
        assert got[field_id].status == "filled"
        assert got[field_id].value == text
        assert got[field_id].sources == (f"written by the provider in the card, section `{title}` ({card}:{line})",)
    assert got["data-provenance"].status == "filled" and got["data-provenance"].value.startswith("Synthetic token sequences")
    assert got["data-curation"].status == "filled"  # the data section says how it was filtered
    assert got["intended-uses"].status == "missing"


def test_a_resumed_run_s_last_session_runtime_only_partly_answers_training_time(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(RUNS / "trainer-resumed", run_dir)
    (run_dir / "emissions.csv").unlink()  # no tracked sessions: only the Trainer's runtime of the last one
    got = _by_id(document(run_dir))["training-time"]
    runtime = json.loads((run_dir / "train_results.json").read_text())["train_runtime"]
    assert got.status == "partial" and got.value == f"{runtime / 3600:.7f} hours wall-clock ({runtime:.3g} s)"
    assert "of the last session only" in got.note and "the provider adds the earlier sessions' time" in got.note
    assert got.sources[0] == "train_results.json:train_runtime" and "4 steps run in the last session" in got.sources[1]


def test_keras_and_lightning_runs() -> None:
    keras = _by_id(document(RUNS / "keras"))
    assert keras["total-parameters"].value == "49 (4.90 × 10^1)"
    assert keras["total-parameters"].sources == ("fit_params.json:parameters",)
    assert keras["training-compute"].status == "missing" and "samples processed" in keras["training-compute"].note
    assert keras["training-energy"].status == "filled" and keras["model-authenticity"].status == "filled"
    assert "keras 3.15.1" in keras["required-software"].value
    lightning = _by_id(document(RUNS / "lightning"))
    assert lightning["training-compute"].value == f"{6 * 49 * 12 * 16 / 1e4:.2f} × 10^4 FLOP (order of magnitude: 10^4)"
    assert "6 × parameters × training samples" in lightning["compute-methodology"].value
    assert lightning["license"].value == "`mit`"


def test_a_token_pasted_into_a_section_never_reaches_the_form(tmp_path: Path) -> None:
    token = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"
    card = tmp_path / "README.md"
    card.write_text(f"---\nlicense: mit\n---\n# m\n\n## Acceptable use policy\n\nAsk for access with {token}.\n")
    filled = document(card)
    assert _by_id(filled)["acceptable-use-policy"].value == "Ask for access with <redacted>."
    assert token not in to_markdown(filled) and token not in json.dumps(to_json(filled))


def test_the_hub_template_s_risk_section_only_partly_answers_the_data_bias_field(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(RUNS / "typeform__mobilebert-uncased-mnli.md", card)
    lines = card.read_text().splitlines()
    got = _by_id(document(card))
    assert got["bias-measures"].status == "partial" and "biases in the data" in got["bias-measures"].note
    assert got["bias-measures"].sources == (
        f"written by the provider in the card, section `Bias, Risks, and Limitations` "
        f"({card}:{lines.index('# Bias, Risks, and Limitations') + 1})",
    )
    assert got["distribution-channels"].status == "missing"  # "How to Get Started" is about integration
    assert got["integration-means"].status == "filled"
    # "- **Shared by [Optional]:** More information needed" lines are the template's, not the provider's
    assert "More information needed" not in (got["design-specification"].value or "")


def test_a_card_alone_is_documented_from_its_content(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\nbase_model: google-bert/bert-base-uncased\n---\n# tiny\n" + PROVIDER_SECTIONS)
    filled = document(card)
    got = _by_id(filled)
    assert filled.run_dir is None and filled.model_name == "tiny"
    assert got["model-dependencies"].value == "`google-bert/bert-base-uncased`"
    assert got["training-compute"].status == "missing"
    assert filled.unknown == ["no training run was read: only the card's content is used"]
    _validate(to_json(filled))


def test_the_form_never_overwrites_the_card_it_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(RUNS / "keras", run_dir)
    before = (run_dir / "README.md").read_bytes()
    assert main(["document", str(run_dir), "-o", str(run_dir / "README.md")]) == 2
    assert "is the card the form is filled from" in capsys.readouterr().err
    assert (run_dir / "README.md").read_bytes() == before


def test_a_fifo_is_refused_without_waiting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    assert main(["document", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_audiences_get_their_own_parts() -> None:
    filled = document(RUNS / "trainer-resumed")
    downstream = {f.field.id for f in filled.for_audience("downstream").fields}
    authorities = {f.field.id for f in filled.for_audience("authorities").fields}
    assert "training-compute" not in downstream and "training-compute" in authorities
    assert {"license", "intended-uses", "data-curation", "required-software"} <= downstream & authorities
    assert filled.for_audience("downstream").thresholds == [] and filled.for_audience("authorities").thresholds
    data = to_json(filled.for_audience("downstream"))
    _validate(data)
    assert all("downstream-providers" in f["audiences"] for s in data["sections"] for f in s["fields"])


def test_markdown_states_thresholds_as_information() -> None:
    text = to_markdown(document(RUNS / "trainer-resumed"))
    assert "This comparison is information for the provider, not a legal assessment." in text
    assert "- 1.18 × 10^7 FLOP is at or below 10^23 FLOP" in text
    assert "### Acceptable use policy" in text and "**Missing**: for the provider to write" in text


def test_json_facts_are_the_run_s_numbers() -> None:
    run_dir = RUNS / "trainer-resumed"
    state = json.loads((run_dir / "trainer_state.json").read_text())
    data = to_json(document(run_dir))
    _validate(data)
    facts = data["facts"]
    assert facts["training_compute"]["flop"] == state["total_flos"]
    assert facts["training_compute"]["method"] == "trainer-total-flos" and not facts["training_compute"]["upper_bound"]
    assert facts["training_time"]["segments"] == 2
    assert facts["training_energy"]["mwh"] == pytest.approx(facts["training_energy"]["kwh"] / 1000)
    assert [w["path"] for w in facts["weights"]] == ["model.safetensors"]
    assert to_json(document(run_dir).for_audience("downstream"))["facts"] == {}


def test_a_body_too_complex_to_parse_is_not_read_and_says_so(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n# m\n\n## Acceptable use policy\n\nSee the policy.\n\n" + "*a* " * 60_000)
    filled = document(card)
    assert _by_id(filled)["acceptable-use-policy"].status == "missing"
    assert filled.unknown[0].startswith(f"{card}: the body was not read (")
    assert _by_id(filled)["license"].status == "filled"


def test_unreadable_run_files_are_listed(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(RUNS / "lightning", run_dir)
    (run_dir / "hparams.yaml").write_text("batch_size: [unclosed\n")
    filled = document(run_dir)
    assert any(u.startswith("`hparams.yaml`: is not valid YAML") for u in filled.unknown)
    assert _by_id(filled)["training-compute"].status == "missing"  # no batch size: no estimate, none invented


def test_cli_writes_json_atomically_and_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "form.json"
    assert main(["document", str(RUNS / "lightning"), "--form", "eu-gpai", "--format", "json", "-o", str(out)]) == 0
    _validate(json.loads(out.read_text()))
    assert capsys.readouterr().err.startswith(f"wrote {out}: ")
    assert [p.name for p in tmp_path.iterdir()] == ["form.json"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["document", "no-such-run"], 2, "no-such-run: does not exist"),
        (["document", "RUN", "--form", "eu-other"], 2, "invalid choice: 'eu-other'"),
        (["document", "RUN", "-o", "OUT/missing/form.md"], 2, "cannot write"),
        (["document", "EMPTY"], 1, "EMPTY: no training logs found"),
        (["document", "BAD_CARD"], 1, "README.md:2:"),
    ],
)
def test_cli_errors(args: list[str], status: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "README.md").write_text("---\nlicense: [unclosed\n---\n# x\n")
    names = {"RUN": str(RUNS / "keras"), "EMPTY": str(tmp_path / "empty"), "BAD_CARD": str(bad / "README.md"), "OUT": str(tmp_path)}
    argv = [next((a.replace(k, v) for k, v in names.items() if k in a), a) for a in args]
    assert main(argv) == status
    err = capsys.readouterr().err
    assert message.replace("EMPTY", names["EMPTY"]) in err and "Traceback" not in err


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "modelcard", "document", str(RUNS / "keras"), "--form", "eu-gpai", "--format", "json"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    _validate(json.loads(out.stdout))


def test_linting_with_the_profile_imports_no_run_reader(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from modelcard.cli.main import main; "
        f"main(['lint', '--profile', 'eu-gpai', '-q', '--exit-zero', {str(RUNS / 'keras' / 'README.md')!r}]); "
        "print(sorted(m for m in sys.modules if m.startswith(('modelcard.sources', 'modelcard.techspecs', "
        "'modelcard.document.fill', 'jinja2', 'huggingface_hub'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_every_field_of_the_form_has_its_answer_and_no_answer_is_for_another_form() -> None:
    from modelcard.document.answers import FILLERS
    from modelcard.document.form import FORM

    assert set(FILLERS) == {f.id for section in FORM for f in section.fields}
