"""Edits from the browser become minimal changes of the card's text."""

from __future__ import annotations

import pytest

from modelcard.errors import CardError
from modelcard.web.draft import apply, parts
from modelcard.web.form import field_values, metadata_changes
from modelcard.web.lines import merge_lines

CARD = (
    "---\r\n"
    "# the licence was chosen by legal\r\n"
    "license: MIT  # modelcard: ignore MC101\r\n"
    "language:\r\n"
    "- en\r\n"
    "tags: [vision, 'masks']\r\n"
    "model-index:\r\n"
    "- name: x\r\n"
    "  results: []\r\n"
    "---\r\n"
    "\r\n"
    "# Face masks\r\n"
    "\r\n"
    "Detects masks.\r\n"
)


def test_merge_lines_keeps_the_endings_of_untouched_lines() -> None:
    old = "a\r\nb\rc\n\nd"
    assert merge_lines(old, "a\nb\nc\n\nd") == old
    assert merge_lines(old, "a\nB\nc\n\nd", "\r\n") == "a\r\nB\r\nc\n\nd"
    assert merge_lines(old, "a\nb\nc\n\nd\nnew", "\r\n") == "a\r\nb\rc\n\nd\r\nnew"
    assert merge_lines(old, "", "\r\n") == ""
    assert merge_lines("", "x\ny\n", "\r\n") == "x\r\ny\r\n"


def test_the_form_rewrites_only_the_keys_it_changes() -> None:
    text = apply(CARD, form={"license": "mit", "language": ["en", "fr"], "tags": ["vision", "masks"]})
    assert text == CARD.replace(
        "license: MIT  # modelcard: ignore MC101\r\n", "license: mit  # modelcard: ignore MC101\r\n"
    ).replace("language:\r\n- en\r\n", "language:\r\n- en\r\n- fr\r\n")


def test_an_empty_field_removes_the_key_and_new_keys_go_last() -> None:
    text = apply(CARD, form={"language": [], "base_model": ["google/vit-base-patch16-224"], "datasets": ["a/b", "c"]})
    assert "language" not in text
    assert text.split("---\r\n")[1].endswith("base_model: google/vit-base-patch16-224\r\ndatasets:\r\n- a/b\r\n- c\r\n")
    assert text.endswith("---\r\n\r\n# Face masks\r\n\r\nDetects masks.\r\n")


def test_unknown_values_are_kept_as_typed() -> None:
    text = apply(CARD, form={"license": "Apache License 2.0", "pipeline_tag": "face-mask-finding"})
    assert "license: Apache License 2.0  # modelcard: ignore MC101\r\n" in text
    assert text.split("---\r\n")[1].endswith("pipeline_tag: face-mask-finding\r\n")


def test_the_body_and_the_yaml_box_come_back_with_lf_and_merge_minimally() -> None:
    p = parts(CARD)
    body = p.body.replace("\r\n", "\n").replace("Detects masks.", "Detects masks on faces.")
    assert apply(CARD, body=body) == CARD.replace("Detects masks.", "Detects masks on faces.")
    yaml_box = p.front_matter.replace("\r\n", "\n").replace("- en", "- de")
    assert apply(CARD, front_matter=yaml_box) == CARD.replace("- en\r\n", "- de\r\n")


def test_a_body_that_starts_with_blank_lines_keeps_them() -> None:
    assert apply(CARD, body=parts(CARD).body.replace("\r\n", "\n")) == CARD


def test_fields_the_form_cannot_show_are_left_alone() -> None:
    card = "---\nlicense: {name: custom}\ndatasets: [[a, b]]\n---\n# x\n"
    values = field_values({"license": {"name": "custom"}, "datasets": [["a", "b"]]})
    assert not values["license"].editable and not values["datasets"].editable
    assert apply(card, form={"license": "mit", "datasets": ["a"]}) == card


def test_bad_form_values_are_refused() -> None:
    with pytest.raises(ValueError, match="`owner` is not a field"):
        metadata_changes({}, {"owner": "me"})
    with pytest.raises(ValueError, match="`language` takes a list"):
        metadata_changes({}, {"language": "en"})
    with pytest.raises(CardError):
        apply("---\nlicense: [mit\n---\n", form={"license": "mit"})


def test_a_broken_front_matter_can_still_be_fixed_in_the_yaml_box() -> None:
    broken = "---\nlicense: [mit\n---\n# x\n"
    assert apply(broken, front_matter="license: mit") == "---\nlicense: mit\n---\n# x\n"


def test_an_empty_card_gets_its_front_matter_from_the_form() -> None:
    assert apply("", form={"license": "mit"}, body="# Model\n") == "---\nlicense: mit\n---\n# Model\n"
