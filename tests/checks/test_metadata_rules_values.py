"""The value logic of the metadata rules: suggestions, language tags, paths, units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelcard.checks import lint
from modelcard.checks.config import config_from_mapping
from modelcard.checks.rules._metadata import looks_like_local_path, repo_id_from_cache_path, yaml_scalar
from modelcard.checks.rules.co2_emissions_units import grams
from modelcard.checks.rules.non_numeric_metric_value import as_number
from modelcard.checks.rules.unknown_language import verdict
from modelcard.checks.rules.unknown_license import suggestion
from modelcard.cli.main import main

CONFIG = config_from_mapping({"select": ["MC1"]}, root=Path.cwd())


def lint_text(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.location.line, d.location.column, d.message) for d in lint(text, config=CONFIG)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MIT", "mit"),
        ("Apache 2.0", "apache-2.0"),
        ("apache2", "apache-2.0"),
        ("Apache-2.0", "apache-2.0"),
        ("Apache License, Version 2.0", "apache-2.0"),
        ("GPL-3", "gpl-3.0"),
        ("GPLv3", "gpl-3.0"),
        ("GPL-3.0-only", "gpl-3.0"),
        ("cc-by-4", "cc-by-4.0"),
        ("CC BY-SA 4.0", "cc-by-sa-4.0"),
        ("BSD 3-Clause", "bsd-3-clause"),
        ("Llama 2", "llama2"),
    ],
)
def test_license_spellings_map_to_one_id(value: str, expected: str) -> None:
    assert suggestion(value) == (expected, True)


@pytest.mark.parametrize("value", ["PUBLIC DOMAIN NOTICE", "proprietary", "see LICENSE file"])
def test_license_without_a_clear_id_gets_no_fix(value: str) -> None:
    assert suggestion(value)[1] is False


def test_license_close_spelling_is_only_suggested() -> None:
    [(code, _, _, message)] = lint_text("---\nlicense: apache-2.1\n---\n")
    assert code == "MC101" and message == "`apache-2.1` is not a license id the Hub knows; did you mean `apache-2.0`?"
    assert [d.fix for d in lint("---\nlicense: apache-2.1\n---\n", config=CONFIG)] == [None]


def test_license_list_of_several_is_reported_without_fix() -> None:
    found = lint("---\nlicense: [mit, apache-2.0]\n---\n", config=CONFIG)
    assert [(d.code, d.message, d.fix) for d in found] == [
        (
            "MC101",
            "`license` must be one id, not a list; for combined terms use `other` with `license_name` and `license_link`",
            None,
        )
    ]


@pytest.mark.parametrize(
    "value",
    ["en", "eng", "ger", "deu", "yue", "zle", "multilingual", "code", "zh-hant", "zh-hant-tw", "pt-br", "es-419", "de-1996", "unk"],
)
def test_valid_languages(value: str) -> None:
    assert verdict(value) is None


@pytest.mark.parametrize(
    ("value", "replacement", "certain"),
    [
        ("EN", "en", True),
        ("zh-CN", "zh-cn", True),
        ("en-US", "en-us", True),
        ("zh-Hans", "zh-hans", True),
        ("English", "en", True),
        ("chinese", "zh", True),
        ("Malay", "ms", True),
        ("iw", "he", True),
        ("jw", "jv", True),
        ("jp", None, False),
        ("de-en", None, False),
        ("en, de", None, False),
        ("python", None, False),
        ("protein", None, False),
        ("en-xx", None, False),
        ("zz-us", None, False),
    ],
)
def test_invalid_languages(value: str, replacement: str | None, certain: bool) -> None:
    found = verdict(value)
    assert found is not None
    assert (found.replacement, found.certain) == (replacement, certain)


def test_language_messages() -> None:
    assert verdict("jp").message == "`jp` is a country code; the language is probably `ja`"
    assert verdict("de-en").message == "`de-en` is not a valid language tag: two languages in one tag; list them separately"
    assert verdict("en-xx").message == "`en-xx` is not a valid language tag: `xx` is not an ISO 3166 region"
    assert verdict("en, de").message == "`en, de` holds several languages; list them one per item: `en`, `de`"


def test_language_types() -> None:
    assert lint_text("---\nlicense: mit\nlanguage: []\n---\n") == [("MC109", 3, 11, "`language` is an empty list")]
    assert lint_text("---\nlicense: mit\nlanguage: [en, 5, true]\n---\n") == [
        ("MC109", 3, 16, "`language` must be a language code, not a number"),
        ("MC109", 3, 19, "`language` must be a language code, not the boolean `true`"),
    ]


@pytest.mark.parametrize(
    ("value", "local"),
    [
        ("./out", True),
        ("../base", True),
        ("/home/x/ckpt", True),
        ("C:\\runs\\base", True),
        ("~/models/m", True),
        ("runs/exp1/checkpoint-500", True),
        ("org/name", False),
        ("bert-base-uncased", False),
        ("https://huggingface.co/org/name", False),
    ],
)
def test_local_paths(value: str, local: bool) -> None:
    assert looks_like_local_path(value) is local


def test_repo_id_from_the_hub_cache_layout() -> None:
    assert repo_id_from_cache_path("/root/.cache/huggingface/hub/models--org--name/snapshots/abc") == "org/name"
    assert repo_id_from_cache_path("/cache/models--bert-base-uncased/snapshots/abc") == "bert-base-uncased"
    assert repo_id_from_cache_path("./out") is None


def test_base_model_list_items_are_checked_one_by_one() -> None:
    assert lint_text("---\nlicense: mit\nbase_model:\n- org/a\n- ../merged\n---\n") == [
        ("MC105", 5, 3, "`base_model` is a local path `../merged`; use the Hub repo id of the base model"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12 kg", "12000"), ("0.5 kgCO2eq", "500"), ("120 g", "120"), ("3.2 kg CO2e", "3200"), ("1.5 t", "1500000"), ("7", "7")],
)
def test_amounts_with_units_in_grams(text: str, expected: str) -> None:
    assert grams(text) == expected


def test_emissions_text_with_a_unit_is_converted() -> None:
    text = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 1.2 kg\n  source: codecarbon\n---\n"
    [d] = lint(text, config=CONFIG)
    assert (d.code, d.location.line, d.location.column) == ("MC108", 4, 14)
    assert d.message == "`co2_eq_emissions.emissions` is `1.2 kg`; write the number of grams, `1200`"
    [edit] = d.fix.edits
    assert text[: edit.start] + edit.replacement + text[edit.end :] == text.replace("1.2 kg", "1200")


def test_emissions_stated_in_kilograms_by_the_body() -> None:
    text = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 2.5\n  source: codecarbon\n---\nCarbon emitted: 2.5 kg\n"
    assert lint_text(text) == [
        ("MC108", 4, 14, "`co2_eq_emissions.emissions` is 2.5, which the card body gives in kilograms; write grams: multiply by 1000"),
    ]


def test_emissions_negative_tiny_and_options() -> None:
    negative = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: -3\n  source: x\n---\n"
    assert lint_text(negative)[0][3] == "`co2_eq_emissions.emissions` is negative (`-3`); emissions are an amount of grams"
    tiny = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 0.0004\n---\n"
    assert [f[3] for f in lint_text(tiny)] == [
        "`co2_eq_emissions` has no `source`; say how the emissions were measured",
        "`co2_eq_emissions.emissions` is 0.0004 g, less than 0.01 g for a training run: "
        "probably kilograms (codecarbon reports kg); multiply by 1000",
    ]
    relaxed = config_from_mapping(
        {"select": ["MC108"], "rules": {"co2-emissions-units": {"min_grams": 0.0001, "require_source": False}}}, root=Path.cwd()
    )
    assert lint(tiny, config=relaxed) == []


def test_emissions_other_schema_errors_are_reported_by_mc108() -> None:
    text = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 10\n  source: codecarbon\n  training_type: training\n---\n"
    [(code, line, column, message)] = lint_text(text)
    assert (code, line, column) == ("MC108", 6, 18)
    assert message == "`training` is not a valid `co2_eq_emissions.training_type`; expected one of `pre-training`, `fine-tuning`"


@pytest.mark.parametrize(
    ("text", "number"),
    [("0.93", "0.93"), (" 12 ", "12"), ("1e-3", "0.001"), ("-5.", "-5."), ("0,857", "0.857"), ("29,6037", "29.6037")],
)
def test_numbers_written_as_text(text: str, number: str) -> None:
    assert as_number(text) == number


@pytest.mark.parametrize("text", ["nan", "inf", "NA", "286.26 +/- 16.68", "85%", "1,234"])
def test_not_numbers(text: str) -> None:
    assert as_number(text) is None


def test_quoted_metric_value_is_unquoted() -> None:
    text = (
        "---\nlicense: mit\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n"
        "    dataset: {type: d, name: D}\n    metrics:\n    - type: acc\n      value: '0.93'\n---\n"
    )
    [d] = lint(text, config=CONFIG)
    assert (d.code, d.location.line, d.location.column) == ("MC107", 10, 14)
    assert d.message == "`model-index[0].results[0].metrics[0].value` is the text `0.93`; write it as a number"
    [edit] = d.fix.edits
    assert text[: edit.start] + edit.replacement + text[edit.end :] == text.replace("'0.93'", "0.93")


def test_replacements_keep_the_quotes_they_replace() -> None:
    assert yaml_scalar("mit", '"MIT"') == '"mit"'
    assert yaml_scalar("no") == '"no"'
    assert yaml_scalar("1.0") == '"1.0"'
    assert yaml_scalar("apache-2.0") == "apache-2.0"


def test_missing_license_and_its_hint() -> None:
    assert lint_text("---\nlicense_name: x-1.0\nlicense_link: LICENSE\n---\n") == [
        ("MC110", 2, 1, "no `license` in the front-matter; with `license_name` and `license_link`, set `license: other`"),
    ]
    assert lint_text("---\nlicense:\ntags: [a]\n---\n") == [("MC110", 2, 1, "`license` is empty")]
    assert lint_text("# no front-matter: MC011's business\n") == []


def test_pipeline_and_library_case_fixes() -> None:
    found = lint("---\nlicense: mit\npipeline_tag: 'Fill Mask'\nlibrary_name: Transformers\n---\n", config=CONFIG)
    assert [(d.code, d.fix.edits[0].replacement) for d in found] == [("MC103", "'fill-mask'"), ("MC104", "transformers")]


def test_pipeline_tag_of_the_wrong_type_is_a_schema_violation() -> None:
    assert lint_text("---\nlicense: mit\npipeline_tag: [fill-mask]\n---\n") == [
        ("MC100", 3, 15, "`pipeline_tag` must be a string, not a list"),
    ]


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from modelcard.checks.schema import schema_text

    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text()
    assert json.loads(printed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = tmp_path / "modelcard.schema.json"
    assert main(["schema", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    assert capsys.readouterr().out == ""
