from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from modelcard.card import Card
from modelcard.diagnostics import Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_update_rewrites_only_the_changed_key() -> None:
    card = Card.load(FIXTURES / "keremberke_yolov5s-smoke.md")
    new = card.update_metadata({"library_version": "7.0.7", "inference": False})
    assert changed_lines(card.text, new.text) == ["-library_version: 7.0.6\n", "+library_version: 7.0.7\n"]
    assert new.body == card.body
    assert new.metadata == {**card.metadata, "library_version": "7.0.7"}


def test_update_keeps_crlf_and_trailing_comments() -> None:
    text = "---\r\nlicense: mit # the license\r\n# about tags\r\ntags:\r\n- a\r\n- b\r\n# end\r\nx: 1\r\n---\r\n# T\r\n"
    new = Card.from_text(text).update_metadata({"license": "apache-2.0", "tags": ["c"]})
    assert new.text == (
        "---\r\nlicense: apache-2.0 # the license\r\n# about tags\r\ntags:\r\n- c\r\n# end\r\nx: 1\r\n---\r\n# T\r\n"
    )


def test_update_on_a_crlf_real_card() -> None:
    path = FIXTURES / "huggingface_hub__sample_windows_line_breaks.md"
    card = Card.load(path)
    new = card.update_metadata({"language": ["eo", "en"], "pipeline_tag": "fill-mask"})
    assert "\n" not in new.text.replace("\r\n", "")
    assert new.text.endswith("widget:\r\n" + card.text.split("widget:\r\n")[1].split("---\r\n")[0] + "pipeline_tag: fill-mask\r\n---\r\n\r\n# Hello old Windows line breaks\r\n")
    assert new.metadata["language"] == ["eo", "en"]
    assert changed_lines(card.text, new.text) == [
        "-language: eo\r\n",
        "+language:\r\n",
        "+- eo\r\n",
        "+- en\r\n",
        "+pipeline_tag: fill-mask\r\n",
    ]


def test_language_no_restored_as_string() -> None:
    card = Card.load(FIXTURES / "ViktorAlm__electra-base-norwegian-uncased-discriminator.md")
    new = card.update_metadata({"language": "no"})
    assert changed_lines(card.text, new.text) == ["-language: no\n", "+language: 'no'\n"]
    assert new.metadata["language"] == "no"
    assert new.notes == []


def test_unchanged_values_are_not_rewritten() -> None:
    card = Card.load(FIXTURES / "keremberke_yolov5s-smoke.md")
    assert card.update_metadata({"inference": False, "library_name": "yolov5"}) is card
    assert card.update_metadata({"inference": 0}).metadata["inference"] == 0


def test_add_key_appends_at_the_end() -> None:
    card = Card.from_text("---\nlicense: mit\n# last comment\n---\nbody\n")
    new = card.update_metadata({"tags": ["a", "b"], "name": "é"})
    assert new.text == "---\nlicense: mit\n# last comment\ntags:\n- a\n- b\nname: é\n---\nbody\n"


def test_remove_keys() -> None:
    text = "---\nlicense: mit  # c\ntags:\n- a\nlanguage: en\n---\nbody\n"
    card = Card.from_text(text)
    assert card.update_metadata({}, remove=["tags"]).text == "---\nlicense: mit  # c\nlanguage: en\n---\nbody\n"
    assert card.update_metadata({}, remove=["language"]).text == "---\nlicense: mit  # c\ntags:\n- a\n---\nbody\n"
    assert card.update_metadata({}, remove=["license"]).text == "---\ntags:\n- a\nlanguage: en\n---\nbody\n"
    assert card.update_metadata({}, remove=["missing"]) is card
    assert card.update_metadata({}, remove=["license", "tags", "language"]).text == "body\n"


def test_remove_duplicated_key_removes_every_copy() -> None:
    card = Card.load(FIXTURES / "cedpsam__chatbot_fr_2020-08-13_0ed7c00b.md")
    new = card.update_metadata({}, remove=["widget"])
    assert "widget" not in new.front_matter
    assert new.notes == []
    assert new.body == card.body


def test_change_duplicated_key_rewrites_the_last_copy() -> None:
    card = Card.from_text("---\na: 1\nb: 2\na: 3\n---\n")
    assert card.update_metadata({"a": 4}).text == "---\na: 1\nb: 2\na: 4\n---\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title\r\nbody\r\n", "---\r\nlicense: mit\r\n---\r\n# Title\r\nbody\r\n"),
        ("# Title\n", "---\nlicense: mit\n---\n# Title\n"),
        ("---\n---\n# Title\n", "---\nlicense: mit\n---\n# Title\n"),
        ("---\n\n---\n# Title\n", "---\nlicense: mit\n---\n# Title\n"),
        ("---\n# just a comment\n---\n# Title\n", "---\n# just a comment\nlicense: mit\n---\n# Title\n"),
    ],
)
def test_create_front_matter(text: str, expected: str) -> None:
    assert Card.from_text(text).update_metadata({"license": "mit"}).text == expected


def test_fallback_rewrites_a_flow_mapping() -> None:
    card = Card.from_text("---\n{license: mit, tags: [a]}\n---\nbody\n")
    new = card.update_metadata({"license": "apache-2.0"})
    assert new.metadata == {"license": "apache-2.0", "tags": ["a"]}
    assert new.body == "body\n"


def test_fallback_keeps_values_when_an_anchor_is_removed() -> None:
    card = Card.from_text("---\nbase: &b [1]\nx: *b\n---\n")
    new = card.update_metadata({}, remove=["base"])
    assert new.metadata == {"x": [1]}


def test_update_returns_values_as_yaml_reads_them() -> None:
    card = Card.from_text("---\na: 1\n---\n")
    new = card.update_metadata({"t": ("x", "y"), "n": None, "m": {"k": [1, 2.5, True]}})
    assert new.metadata == {"a": 1, "t": ["x", "y"], "n": None, "m": {"k": [1, 2.5, True]}}
    assert yaml.safe_load(new.front_matter) == new.metadata


def test_unrepresentable_value() -> None:
    with pytest.raises(TypeError, match="cannot write this value as YAML metadata"):
        Card.from_text("---\na: 1\n---\n").update_metadata({"a": object()})


def test_with_body() -> None:
    card = Card.load(FIXTURES / "Imran1_sentimen_analysis_yelp.md")
    new = card.with_body("# New body\n")
    assert new.text == card.text + "\n# New body\n"
    assert new.metadata == card.metadata
    assert new.body == "# New body\n"
    plain = Card.from_text("# Old\n").with_body("# New\n")
    assert plain.text == "# New\n"


def test_save_is_atomic_and_byte_exact(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    data = b"\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n# T\r\n"
    path.write_bytes(data)
    path.chmod(0o640)
    card = Card.load(path)
    card.update_metadata({"license": "apache-2.0"}).save()
    assert path.read_bytes() == b"\xef\xbb\xbf---\r\nlicense: apache-2.0\r\n---\r\n# T\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    other = tmp_path / "copy.md"
    card.save(other)
    assert other.read_bytes() == data
    with pytest.raises(ValueError):
        Card.from_text("# x\n").save()


def test_create_front_matter_on_old_mac_line_endings() -> None:
    new = Card.from_text("# Title\rbody\r").update_metadata({"license": "mit"})
    assert new.text == "---\nlicense: mit\n---\n# Title\rbody\r"
    assert new.metadata == {"license": "mit"}


def test_indented_front_matter_keeps_its_indentation() -> None:
    card = Card.load(FIXTURES / "ziemke_ppo-Huggy.md")
    assert card.location(("library_name",)) == Location(9, 21)
    new = card.update_metadata({"library_name": "ml-agents-x", "license": "mit", "tags": ["a", "b"]})
    old_block = card.text[card.text.index("      tags:") : card.text.index("---", 10)]
    assert old_block.startswith("      tags:\n      - unity-ml-agents\n") and old_block.endswith("library_name: ml-agents\n")
    assert new.text == card.text.replace(
        old_block, "      tags:\n      - a\n      - b\n      library_name: ml-agents-x\n      license: mit\n"
    )
    removed = card.update_metadata({}, remove=["tags"])
    assert removed.text == card.text.replace(card.text[card.text.index("      tags:") : card.text.index("      library_name")], "")
    assert removed.metadata == {"library_name": "ml-agents"}
