from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modelcard.card import Card
from modelcard.diagnostics import Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"
READABLE = [
    "huggingface_hub__sample_windows_line_breaks.md",
    "Imran1_sentimen_analysis_yelp.md",
    "ViktorAlm__electra-base-norwegian-uncased-discriminator.md",
    "Helsinki-NLP_opus-mt-no-no.md",
    "cedpsam__chatbot_fr_2020-08-13_0ed7c00b.md",
    "Harveenchadha_hindi_model_with_lm_vakyansh.md",
    "keremberke_yolov5s-smoke.md",
    "aed-es.md",
]


@pytest.mark.parametrize("name", READABLE)
def test_real_cards_round_trip_byte_identical(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    card = Card.load(FIXTURES / name)
    assert card.to_bytes() == data
    assert card.dumps() == data.decode("utf-8")


@pytest.mark.parametrize("name", READABLE)
def test_metadata_matches_safe_load(name: str) -> None:
    card = Card.load(FIXTURES / name)
    expected = yaml.safe_load(card.front_matter) if card.has_front_matter else None
    assert card.metadata == (expected or {})


def test_crlf_card_splits_like_the_hub() -> None:
    from huggingface_hub import ModelCard

    path = FIXTURES / "huggingface_hub__sample_windows_line_breaks.md"
    card = Card.load(path)
    hub = ModelCard.load(path)
    assert card.metadata == hub.data.to_dict()
    assert card.body == hub.text
    assert card.newline == "\r\n"
    assert card.body_start_line == 10
    assert card.body.startswith("\r\n# Hello old Windows line breaks")


def test_leading_blank_line_before_front_matter() -> None:
    card = Card.load(FIXTURES / "Imran1_sentimen_analysis_yelp.md")
    assert card.has_front_matter
    assert card.metadata == {"example_1": "the food is not good.", "example_2": "I like this dish."}
    assert card.body == ""  # the closing `---` ends the file
    assert card.location(("example_2",)) == Location(9, 12)
    assert card.location(("example_2",), key=True) == Location(9, 1)


def test_card_without_front_matter() -> None:
    card = Card.load(FIXTURES / "aed-es.md")
    assert not card.has_front_matter
    assert card.metadata == {}
    assert card.notes == []
    assert card.body == card.text
    assert card.body_start_line == 1
    assert card.body_start_offset == 0
    assert card.location(("license",)) == Location(1, 1)


def test_body_start() -> None:
    card = Card.from_text("\n\n---\nlicense: mit\n---\n# Title\n")
    assert card.body == "# Title\n"
    assert card.body_start_line == 6
    assert card.text[card.body_start_offset :] == "# Title\n"


def test_bom_is_kept_aside_and_written_back(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n# T\r\n"
    path = tmp_path / "README.md"
    path.write_bytes(data)
    card = Card.load(path)
    assert card.bom
    assert card.text.startswith("---")
    assert card.metadata == {"license": "mit"}
    assert card.location(("license",)) == Location(2, 10)
    assert card.to_bytes() == data
    assert Card.from_text(data.decode("utf-8")).to_bytes() == data


def test_mixed_line_endings_round_trip() -> None:
    text = "---\r\nlicense: mit\nlanguage:\r- en\r\n---\n# T\r\nbody\rmore\n"
    card = Card.from_text(text)
    assert card.metadata == {"license": "mit", "language": ["en"]}
    assert card.dumps() == text
    assert card.location(("language", 0)) == Location(4, 3)


def test_quoting_comments_and_order_survive() -> None:
    card = Card.load(FIXTURES / "keremberke_yolov5s-smoke.md")
    assert list(card.metadata) == ["tags", "library_name", "library_version", "inference", "datasets", "model-index"]
    assert "# since mAP@0.5 is not available on hf.co/metrics" in card.front_matter
    assert card.dumps() == (FIXTURES / "keremberke_yolov5s-smoke.md").read_text(encoding="utf-8")


def test_from_text_equals_from_bytes() -> None:
    data = (FIXTURES / "Harveenchadha_hindi_model_with_lm_vakyansh.md").read_bytes()
    assert Card.from_bytes(data) == Card.from_text(data.decode("utf-8"))


def test_timestamps_and_numbers_like_safe_load() -> None:
    text = "---\nd: 2023-01-02\nn: 0o17\nf: 1_000.5\nh: 0x1F\ns: 1:30\ninf: -.inf\nb: !!binary aGk=\nnul: ~\n---\n"
    card = Card.from_text(text)
    assert card.metadata == yaml.safe_load(text.split("---")[1])


def test_merge_keys_like_safe_load() -> None:
    yaml_text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n"
    card = Card.from_text(f"---\n{yaml_text}---\n")
    assert card.metadata == yaml.safe_load(yaml_text)
    assert card.notes == []
    assert card.location(("other", "x")) == Location(2, 14)


def test_pickle_and_copy_reparse() -> None:
    import copy
    import pickle

    card = Card.load(FIXTURES / "Harveenchadha_hindi_model_with_lm_vakyansh.md")
    path = ("model-index", 0, "results", 2, "metrics", 1, "value")
    card.location(path)
    for clone in (pickle.loads(pickle.dumps(card)), copy.deepcopy(card), copy.copy(card)):
        assert clone == card
        assert clone.path == card.path
        assert clone.metadata == card.metadata
        assert clone.location(path) == card.location(path)
