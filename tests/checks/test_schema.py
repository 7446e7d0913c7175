"""The metadata schema: valid, standalone, in step with its data, and precise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from modelcard.checks import schema
from modelcard.resources import load_json, schemas_dir

DATA = schemas_dir() / "data"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _errors(metadata: dict) -> list[tuple[str, str, str]]:
    return [(schema.format_path(v.path), v.keyword, v.message) for v in schema.validate(metadata)]


# -- the file ---------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    loaded = schema.load_schema()
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(loaded)


def test_enums_are_the_data_files() -> None:
    sync = _script("sync_schema")
    defs = schema.load_schema()["$defs"]
    expected = sync.expected_enums()
    assert set(expected) == {"licenseId", "pipelineTag", "libraryName", "languageCode"}
    for name, values in expected.items():
        assert defs[name]["enum"] == values, f"$defs/{name} drifted from schemas/data; run sync_schema.py"
    assert sync.main(["--check"]) == 0


def test_enums_come_from_the_hub_lists() -> None:
    defs = schema.load_schema()["$defs"]
    licenses = load_json("data/licenses.json")
    assert len(defs["licenseId"]["enum"]) == licenses["count"] == 83
    assert {"apache-2.0", "mit", "other", "unknown"} <= set(defs["licenseId"]["enum"])
    assert licenses["source"]["repo"] == "huggingface/hub-docs"
    assert len(defs["pipelineTag"]["enum"]) == load_json("data/pipeline_tags.json")["count"]
    assert len(defs["libraryName"]["enum"]) == load_json("data/library_names.json")["count"]


def test_languages_cover_every_iso_639_part_and_name_their_source() -> None:
    data = load_json("data/languages.json")
    assert data["source"]["package"] == "pycountry" and data["source"]["version"]
    codes = set(schema.load_schema()["$defs"]["languageCode"]["enum"])
    # 639-1, 639-2/T, 639-2/B, 639-3, 639-5 (collective), the Hub's special values
    assert {"en", "no", "deu", "ger", "yue", "zle", "multilingual", "code"} <= codes
    assert not {"english", "en-US", "jp", "iw"} & codes
    assert {"us", "tw", "br"} <= set(data["regions"]) and {"hans", "latn"} <= set(data["scripts"])


def test_languages_json_is_what_the_generator_makes() -> None:
    """The `test` extra pins the pycountry that made languages.json; another one fails here, it is not skipped."""
    make = _script("make_languages")
    data = load_json("data/languages.json")
    built = make.build()
    assert built["source"]["version"] == data["source"]["version"], (
        f"pycountry {built['source']['version']} installed, languages.json made with {data['source']['version']}: "
        "install that version, or re-run make_languages.py and sync_schema.py and pin the new one in pyproject.toml"
    )
    assert make.dumps(built) == (DATA / "languages.json").read_text(encoding="utf-8")


def test_the_schema_stands_alone_for_other_tools() -> None:
    """No reference leaves the file, so editors and check-jsonschema can use it as is."""
    text = schema.schema_text()
    assert '"$ref": "http' not in text and "$ref\": \"data/" not in text
    plain = Draft202012Validator(json.loads(text))
    assert plain.is_valid({"license": "mit", "language": ["en", "fr"], "pipeline_tag": "fill-mask", "extra": 1})
    assert not plain.is_valid({"license": "MIT"})
    assert not plain.is_valid({"language": "english"})


# -- validation ---------------------------------------------------------------------------


def test_valid_metadata_gives_no_violation() -> None:
    metadata = {
        "language": ["en", "zh-hant", "pt-br", "es-419", "multilingual"],
        "license": "other",
        "license_name": "coqui-public-model-license",
        "license_link": "https://coqui.ai/cpml",
        "library_name": "transformers",
        "pipeline_tag": "text-classification",
        "tags": ["nlp"],
        "datasets": "imdb",
        "metrics": ["accuracy"],
        "base_model": ["org/a", "org/b.v2"],
        "base_model_relation": "merge",
        "new_version": "org/model-v2",
        "thumbnail": "https://huggingface.co/front/thumbnails/google.png",
        "inference": {"parameters": {"max_length": 64}},
        "widget": [{"text": "Hello", "example_title": "greeting"}],
        "co2_eq_emissions": {"emissions": 120.5, "source": "codecarbon", "training_type": "fine-tuning"},
        "model-index": [
            {
                "name": "m",
                "results": [
                    {
                        "task": {"type": "text-classification"},
                        "dataset": {"type": "imdb", "name": "IMDb", "split": "test", "args": {"n": 1}},
                        "metrics": [{"type": "accuracy", "value": 0.93, "verified": False}],
                        "source": {"name": "paper", "url": "https://arxiv.org/abs/1"},
                    }
                ],
            }
        ],
        "custom_key": {"anything": [1, 2]},
    }
    assert schema.validate(metadata) == []


GATED = {
    "gated": "manual",
    "extra_gated_prompt": "You agree to not use the model to conduct experiments that cause harm to human subjects.",
    "extra_gated_heading": "Acknowledge license to accept the repository",
    "extra_gated_description": "Our team may take 2-3 days to process your request",
    "extra_gated_button_content": "Acknowledge license",
    "extra_gated_fields": {
        "Company": "text",
        "Country": "country",
        "Specific date": "date_picker",
        "geo": "ip_location",
        "I want to use this model for": {
            "type": "select",
            "options": ["Research", "Education", {"label": "Other", "value": "other"}],
        },
        "I agree to use this model for non-commercial use ONLY": "checkbox",
    },
    "extra_gated_eu_disallowed": True,
    "buckets": ["my-org/my-bucket"],
}


def test_the_hubs_newer_keys_are_known() -> None:
    """Gating (the Hub's models-gated.md example), buckets, new_version, base_model_relation."""
    properties = schema.load_schema()["properties"]
    assert set(GATED) | {"new_version", "base_model_relation"} <= set(properties)
    assert schema.validate(GATED) == []
    assert schema.validate({"gated": True, "new_version": "org/model-v2", "base_model_relation": "quantized"}) == []


def test_the_hubs_newer_keys_are_checked() -> None:
    metadata = {
        "gated": "yes",
        "extra_gated_prompt": ["a", "b"],
        "extra_gated_eu_disallowed": "true",
        "extra_gated_fields": {"Company": {"options": ["a"]}, "Choice": {"type": "select", "options": [{"label": "x"}]}},
        "new_version": "https://huggingface.co/org/model-v2",
        "buckets": [""],
    }
    assert sorted(_errors(metadata)) == sorted(
        [
            ("gated", "anyOf", "`yes` is not a valid `gated`"),
            ("extra_gated_prompt", "type", "`extra_gated_prompt` must be a string, not a list"),
            ("extra_gated_eu_disallowed", "type", "`extra_gated_eu_disallowed` must be a boolean, not a string"),
            ("extra_gated_fields.Company", "required", "`extra_gated_fields.Company` is missing required key `type`"),
            (
                "extra_gated_fields.Choice.options[0]",
                "required",
                "`extra_gated_fields.Choice.options[0]` is missing required key `value`",
            ),
            (
                "new_version",
                "pattern",
                "`https://huggingface.co/org/model-v2` is not a valid `new_version` (a Hub repo id: `name` or `namespace/name`)",
            ),
            ("buckets[0]", "minLength", "`buckets[0]` must not be empty"),
        ]
    )


def test_null_values_mean_not_set() -> None:
    assert schema.validate({"thumbnail": None, "license": None, "model-index": None, "tags": None}) == []


def test_every_violation_is_reported_with_its_path_and_a_precise_message() -> None:
    metadata = {
        "tags": "nlp",
        "metrics": [{"loss": 3.3}],
        "base_model_relation": "finetuned",
        "thumbnail": "kfold.png",
        "widget": {"text": "hi"},
        "base_model": "https://huggingface.co/bert-base-uncased",
        "model-index": [
            {
                "name": "m",
                "results": [
                    {
                        "task": {"name": "t"},
                        "dataset": {"type": "d"},
                        "metrics": [{"type": "acc", "value": True}],
                        "source": {"name": "x"},
                    }
                ],
            }
        ],
    }
    assert sorted(_errors(metadata)) == sorted(
        [
            ("tags", "type", "`tags` must be a list, not a string"),
            ("metrics[0]", "type", "`metrics[0]` must be a string, not a mapping"),
            (
                "base_model_relation",
                "enum",
                "`finetuned` is not a valid `base_model_relation`; expected one of `adapter`, `merge`, `quantized`, `finetune`",
            ),
            ("thumbnail", "format", "`kfold.png` in `thumbnail` is not an absolute URL"),
            ("widget", "type", "`widget` must be a list, not a mapping"),
            (
                "base_model",
                "pattern",
                "`https://huggingface.co/bert-base-uncased` is not a valid `base_model` (a Hub repo id: `name` or `namespace/name`)",
            ),
            ("model-index[0].results[0].task", "required", "`model-index[0].results[0].task` is missing required key `type`"),
            ("model-index[0].results[0].dataset", "required", "`model-index[0].results[0].dataset` is missing required key `name`"),
            (
                "model-index[0].results[0].metrics[0].value",
                "type",
                "`model-index[0].results[0].metrics[0].value` must be a number or a string, not a boolean",
            ),
            ("model-index[0].results[0].source", "required", "`model-index[0].results[0].source` is missing required key `url`"),
        ]
    )


def test_license_other_requires_name_and_link_one_error_each() -> None:
    assert _errors({"license": "other"}) == [
        ("metadata", "required", "`metadata` is missing required key `license_name`"),
        ("metadata", "required", "`metadata` is missing required key `license_link`"),
    ]
    assert _errors({"license": "other", "license_name": "x-1.0", "license_link": "LICENSE"}) == []


def test_any_of_errors_are_narrowed_to_the_failing_branch() -> None:
    # languageTag is anyOf(enum, pattern): a single string error, not a wall of branches
    assert _errors({"language": ["en", "english"]}) == [("language[1]", "anyOf", "`english` is not a valid `language[1]`")]
    [(path, keyword, message)] = _errors({"language": "en-US"})
    assert (path, keyword) == ("language", "anyOf")


def test_big_enums_are_not_spelled_out_in_messages() -> None:
    [(_, keyword, message)] = _errors({"library_name": "cleanrl"})
    assert keyword == "enum" and message == "`cleanrl` is not a valid `library_name`"


@pytest.mark.parametrize(
    "metadata",
    [
        {"license": "MIT", "language": ["english", False, "zh-CN", "en"], "library_name": "Transformers"},
        {"pipeline_tag": ["fill-mask"], "tags": [False, {"name": "x"}], "datasets": [None]},
        {"co2_eq_emissions": {"emissions": "12 kg", "training_type": "training"}, "model_index": []},
        {"license": "other", "license_name": "My License", "base_model": ["./out", "org/ok"], "language": []},
        {"model-index": {"name": "x"}, "inference": "yes", "thumbnail": None},
        {"gated": 1, "extra_gated_fields": {"a": 1, "b": {"type": "text"}}, "buckets": [1]},
    ],
)
def test_the_fast_validator_agrees_with_the_reference_implementation(metadata: dict) -> None:
    """Set lookups for enums and inlined references change speed, not results."""
    reference = Draft202012Validator(schema.load_schema())
    expected = sorted((tuple(map(str, e.absolute_path)), e.validator) for e in reference.iter_errors(metadata))
    got = sorted((tuple(map(str, v.path)), v.keyword) for v in schema.validate(metadata))
    assert got == expected


def test_schema_enum_and_pattern_read_the_schema() -> None:
    assert "apache-2.0" in schema.schema_enum("licenseId")
    assert schema.schema_pattern("languageTag").startswith("^[a-z]{2,3}")
    assert schema.schema_pattern("repoId").startswith("^")


def test_violations_remembers_the_last_metadata() -> None:
    metadata = {"tags": "x"}
    first = schema.violations(metadata)
    assert schema.violations(metadata) is first
    assert schema.violations({"tags": "x"}) is not first


def test_the_packaged_schema_file_is_the_one_validated() -> None:
    assert json.loads(schema.schema_text()) == schema.load_schema()


# -- the quick yes/no check ------------------------------------------------------------------

QUICK_CASES = [
    {},
    {"license": "mit", "language": "en", "tags": ["a"], "datasets": "d"},
    {"license": "other"},
    {"license": "other", "license_name": "x-1.0", "license_link": "LICENSE"},
    {"language": ["en", "zh-hant-tw", "es-419"]},
    {"language": ["en", "en-US"]},
    {"language": [True]},
    {"co2_eq_emissions": 12},
    {"co2_eq_emissions": True},
    {"co2_eq_emissions": -1},
    {"co2_eq_emissions": {"emissions": 1.5, "training_type": "fine-tuning"}},
    {"co2_eq_emissions": {"source": "x"}},
    {"base_model": ["org/a", "org--b/c"]},
    {"base_model": "a/b/c"},
    {"model_index": []},
    {"thumbnail": "https://x.org/a.png"},
    {"thumbnail": "x.png"},
    {"inference": False, "widget": [{"text": "hi"}]},
    {"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "D"}, "metrics": [{"type": "a", "value": 1}]}]}]},
    {"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "D"}, "metrics": []}]}]},
    {"metrics": [1.0], "tags": [None]},
    GATED,
    {"gated": "auto", "extra_gated_fields": {"a": "text"}},
    {"gated": "yes"},
    {"extra_gated_fields": {"a": {"options": []}}},
    {"extra_gated_fields": {"a": {"type": "select", "options": [{"label": "x"}]}}},
    {"extra_gated_fields": ["a"], "extra_gated_eu_disallowed": 1},
    {"buckets": "org/b", "extra_gated_prompt": "x"},
]


@pytest.mark.parametrize("metadata", QUICK_CASES)
def test_the_quick_check_answers_like_jsonschema(metadata: dict) -> None:
    quick = schema._quick_check()
    assert quick is not None, "the schema uses a keyword schema_fast does not compile"
    reference = Draft202012Validator(schema.load_schema(), format_checker=schema.validator().format_checker)
    assert quick(metadata) is reference.is_valid(metadata)


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).parent.parent / "fixtures" / "metadata").glob("*.md")))
def test_the_quick_check_answers_like_jsonschema_on_real_cards(name: str) -> None:
    from modelcard.card import Card

    metadata = Card.load(Path(__file__).parent.parent / "fixtures" / "metadata" / name).metadata
    instance = {k: v for k, v in metadata.items() if v is not None}
    reference = Draft202012Validator(schema.load_schema(), format_checker=schema.validator().format_checker)
    assert schema._quick_check()(instance) is reference.is_valid(metadata)


def test_the_quick_check_refuses_what_it_does_not_know() -> None:
    from modelcard.checks.schema_fast import Unsupported, compile_schema

    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "additionalProperties": False}, {})
    values = compile_schema({"properties": {"n": {"type": "number"}}, "additionalProperties": {"type": "string"}}, {})
    assert values({"n": 1, "a": "x"}) and not values({"n": 1, "a": 2}) and not values({"n": "1"}) and values([1])
    with pytest.raises(Unsupported):
        compile_schema({"enum": [1, 2]}, {})
    number = compile_schema({"type": "number", "minimum": 0}, {})
    assert number(1.5) and number(0) and not number(True) and not number(-1) and not number("1")


@pytest.mark.parametrize(
    "metadata",
    [
        {"license": "MIT", "language": ["english", False], "library_name": "Transformers", "tags": "nlp"},
        {"license": "other", "language": "xx-not-a-code"},  # the top-level `if` still sees `license`
        {"co2_eq_emissions": {"emissions": "12 kg"}, "model_index": [], "model-index": [{"name": "x"}]},
        {"language": "en"},
    ],
)
def test_skipped_keys_drop_exactly_their_violations(metadata: dict) -> None:
    skip = frozenset({"license", "language", "co2_eq_emissions", "model_index"})
    full = schema.validate(metadata)
    assert schema.validate(metadata, skip=skip) == [v for v in full if not (v.path and v.path[0] in skip)]
    assert schema.violations(metadata, skip=skip) == schema.validate(metadata, skip=skip)
    assert schema.violations(metadata) == full  # the memo tells the two apart
