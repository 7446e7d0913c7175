"""Every kind of unreadable card gives one located CardError, quickly, in bounded memory."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from modelcard.card import Card, CardError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


def load_error(path: Path) -> CardError:
    with pytest.raises(CardError) as info:
        Card.load(path)
    return info.value


def text_error(text: str) -> CardError:
    with pytest.raises(CardError) as info:
        Card.from_text(text, path="README.md")
    return info.value


def write(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "README.md"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_binary_file(fixtures: Path) -> None:
    error = load_error(fixtures / "Jtisch7_bertFinancialSent.md")
    assert error.code_name == "unreadable-file"
    assert "NUL byte at byte offset 7" in error.message
    assert (error.line, error.column) == (1, 1)


def test_utf16_file(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "---\nlicense: mit\n---\n".encode("utf-16")))
    assert error.code_name == "unreadable-file"
    assert error.message == "the file is UTF-16 text; save the card as UTF-8"


def test_invalid_utf8_names_offset_and_line(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, b"---\nlicense: mit\n---\n# Caf\xe9 menu\n"))
    assert error.code_name == "unreadable-file"
    assert error.message == "invalid UTF-8 at byte offset 26 (byte 0xe9); a card must be UTF-8 text"
    assert (error.line, error.column) == (4, 6)
    assert str(error).startswith(f"{tmp_path / 'README.md'}:4:6: invalid UTF-8")


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    error = load_error(write(tmp_path, data))
    assert error.code_name == "empty-file"
    assert error.message == "the file is empty"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nope.md").code_name == "unreadable-file"
    error = load_error(tmp_path)
    assert error.code_name == "unreadable-file"
    assert error.message.startswith("cannot read the file: ")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    with pytest.raises(CardError, match="cannot read the file: it is a FIFO, not a regular file"):
        Card.load(fifo)


@pytest.mark.parametrize("text", ["---", "---\n", "\n  ---\nlicense: mit\n# Title\n"])
def test_unclosed_front_matter(text: str) -> None:
    error = text_error(text)
    assert error.code_name == "unclosed-front-matter"
    assert error.message == "front-matter opened with `---` is never closed by a `---` line"


def test_unclosed_front_matter_location() -> None:
    assert (text_error("\n  ---\nlicense: mit\n").line, text_error("\n  ---\nlicense: mit\n").column) == (2, 3)


def test_unclosed_real_card(fixtures: Path) -> None:
    error = load_error(fixtures / "aicryptogroup_distill-xlm-mrc.md")
    assert error.code_name == "unclosed-front-matter"
    assert (error.line, error.column) == (1, 1)


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [
        ("---\n[]\n---\n", "a list", 2),
        ("---\n- a\n- b\n---\n", "a list", 2),
        ("\n---\njust text\n---\n", "a single value", 3),
        ("---\n!!set\n? a\n---\n", "a set", 2),
        ("---\n!!omap\n- a: 1\n---\n", "a list", 2),
    ],
)
def test_front_matter_not_mapping(text: str, kind: str, line: int) -> None:
    error = text_error(text)
    assert error.code_name == "front-matter-not-mapping"
    assert error.message == f"front-matter is {kind}; it must be a mapping of keys to values"
    assert error.line == line


def test_front_matter_not_mapping_real_card(fixtures: Path) -> None:
    error = load_error(fixtures / "huggingface_hub__sample_invalid_card_data.md")
    assert (error.code_name, error.line, error.column) == ("front-matter-not-mapping", 2, 1)


def test_syntax_error_is_located_in_the_file(fixtures: Path) -> None:
    error = load_error(fixtures / "allenai__wmt19-de-en-6-6-big_2020-09-17_51c4adf5.md")
    assert error.code_name == "yaml-syntax-error"
    assert (error.line, error.column) == (14, 16)
    assert error.message == "invalid YAML: while parsing a block mapping, did not find expected key"


def test_unrendered_template(fixtures: Path) -> None:
    error = load_error(fixtures / "huggingface_hub__sample_template.md")
    assert error.code_name == "yaml-syntax-error"
    assert "template placeholder that was never rendered" in error.message
    assert error.line == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [("---\nlicense: mit\ntags:\n\t- a\n---\n", 4), ("---\na:\n  b: 1\n\tc: 2\n---\n", 4)],
)
def test_tabs_in_indentation(text: str, line: int) -> None:
    error = text_error(text)
    assert error.code_name == "yaml-syntax-error"
    assert "tabs are not allowed for indentation" in error.message
    assert "\t" not in error.message
    assert error.line == line


def test_tab_inside_a_value_is_fine() -> None:
    assert Card.from_text("---\na: 'x\ty'\nb: x\ty\n---\n").metadata == {"a": "x\ty", "b": "x\ty"}


@pytest.mark.parametrize(
    "text",
    [
        "---\nx: !!python/object/apply:os.system ['echo hi']\n---\n",
        "---\nx: !!python/name:os.system\n---\n",
        "---\nx: !!python/object:collections.OrderedDict {}\n---\n",
    ],
)
def test_python_tags_are_refused(text: str) -> None:
    error = text_error(text)
    assert error.code_name == "unsafe-yaml-tag"
    assert error.message.startswith("Python object tag `!!python/")
    assert (error.line, error.column) == (2, 4)


def test_unknown_tags_are_refused() -> None:
    error = text_error("---\nlicense: mit\nx: !custom value\n---\n")
    assert error.code_name == "unsafe-yaml-tag"
    assert error.message == "unknown YAML tag `!custom`: only the standard safe YAML tags are read"
    assert (error.line, error.column) == (3, 4)


@pytest.mark.parametrize("depth", [201, 10_000, 400_000])
def test_deep_nesting(depth: int, work) -> None:
    error = work(lambda: text_error("---\na: " + "[" * depth + "]" * depth + "\n---\n"))
    assert error.code_name == "yaml-too-complex"
    assert error.message == "YAML nesting is deeper than 200 levels"
    assert error.line == 2
    assert work.calls < 10_000  # refused at the limit, whatever the depth


def test_deep_block_nesting() -> None:
    text = "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n---\n"
    assert text_error(text).code_name == "yaml-too-complex"


def test_nesting_at_the_limit_is_fine() -> None:
    assert Card.from_text("---\na: " + "[" * 150 + "]" * 150 + "\n---\n").metadata["a"]


def test_billion_laughs(work) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    tracemalloc.start()
    error = work(lambda: text_error("---\n" + "\n".join(lines) + "\n---\n"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.code_name == "yaml-too-complex"
    assert error.message == "YAML aliases expand to more than 100,000 nodes"
    assert error.line in range(2, 12)
    assert work.calls < 10_000  # not one call per expanded node
    assert peak < 20 * 2**20


def test_a_few_aliases_are_fine() -> None:
    card = Card.from_text("---\nbase: &b [1, 2]\nx: *b\ny: *b\n---\n")
    assert card.metadata == {"base": [1, 2], "x": [1, 2], "y": [1, 2]}


def test_recursive_alias() -> None:
    error = text_error("---\na: &a [1, *a]\n---\n")
    assert error.code_name == "yaml-too-complex"
    assert error.message == "recursive YAML alias"


def test_huge_front_matter_is_refused() -> None:
    error = text_error("---\n" + "".join(f"k{i}: v\n" for i in range(200_000)) + "---\n")
    assert error.code_name == "yaml-too-complex"
    assert error.message.startswith("front-matter is too large (")


def test_unhashable_key() -> None:
    error = text_error("---\n? [a, b]\n: c\n---\n")
    assert error.code_name == "yaml-syntax-error"
    assert error.message == "a sequence cannot be a mapping key"


def test_second_closing_line_belongs_to_the_body() -> None:
    card = Card.from_text("---\na: 1\n---\nb: 2\n---\n# body\n")
    assert card.metadata == {"a": 1}
    assert card.body == "b: 2\n---\n# body\n"


def test_multiple_documents() -> None:
    error = text_error("---\na: 1\n--- b\n---\n# body\n")
    assert error.code_name == "yaml-syntax-error"
    assert error.message == "invalid YAML: expected a single document in the stream, but found another document"
    assert error.line == 3


def test_megabyte_of_brackets() -> None:
    error = text_error("---\na: " + "[" * 2_000_000 + "\n---\n")
    assert error.code_name == "yaml-too-complex"


def test_50_mb_card_loads_without_work_per_line(tmp_path: Path, work) -> None:
    """The body is split off, not walked: the calls made do not grow with its size (wall time:
    benchmarks/hostile_inputs.py)."""
    paragraph = "Some *markdown* text with a [link](https://example.org) and `code`.\n" * 100 + "\n"
    body = paragraph * (50 * 2**20 // len(paragraph) + 1)
    data = ("---\nlicense: mit\ntags:\n- big\n---\n" + body).encode("utf-8")
    path = write(tmp_path, data)
    card = work(lambda: Card.load(path))
    assert card.metadata == {"license": "mit", "tags": ["big"]}
    assert card.body_start_line == 6
    assert card.to_bytes() == data
    assert work.calls < 1_000  # about 100 today, for 1 MB or 50 MB alike


def test_50_mb_unclosed_card_does_not_hang(tmp_path: Path, work) -> None:
    data = ("---\nlicense: mit\n" + "x: y\n" * (10 * 2**20)).encode("utf-8")
    assert work(lambda: load_error(write(tmp_path, data))).code_name == "unclosed-front-matter"
    assert work.calls < 1_000  # no call per line of the 10 million


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcard.card import decode

    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1000)
    error = load_error(write(tmp_path, "# big\n" * 1000))
    assert error.code_name == "unreadable-file"
    assert error.message == "the file is larger than 0 MB"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!bool maybe", "`maybe` is not a valid `!!bool` value"),
        ("!!int abc", "`abc` is not a valid `!!int` value"),
        ("!!float x", "`x` is not a valid `!!float` value"),
        ("!!timestamp 2023-13", "`2023-13` is not a valid `!!timestamp` value"),
        ("!!str [1]", "tag `!!str` does not fit this sequence"),
        ("!!seq x", "tag `!!seq` does not fit this scalar"),
        ("!!omap [1]", "`!!omap` items must be one-key mappings"),
    ],
)
def test_explicit_tags_that_do_not_fit(value: str, message: str) -> None:
    error = text_error(f"---\nlicense: mit\na: {value}\n---\n")
    assert (error.code_name, error.message, error.line) == ("yaml-syntax-error", message, 3)


def test_explicit_safe_tags_like_safe_load() -> None:
    import yaml

    source = "a: !!set {x, y}\nb: !!omap [{x: 1}, {y: 2}]\nc: ! 12\nd: !!str 12\ne: !!int '0b101'\n"
    assert Card.from_text(f"---\n{source}---\n").metadata == yaml.safe_load(source)


@pytest.mark.timeout(60)
def test_a_huge_sexagesimal_int_is_refused_not_computed() -> None:
    # YAML 1.1 reads `1:1:1` as 3661; building a ~1 MB one costs quadratic time (43 s).
    error = text_error("---\nx: " + ":".join(["1"] * 490_000) + "\n---\n")
    assert error.code_name == "yaml-syntax-error"
    assert error.message == "`1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1...` is not a valid `!!int` value"
    assert error.line == 2


def test_a_short_sexagesimal_int_is_still_read() -> None:
    assert Card.from_text("---\nx: 1:1:1\n---\n").metadata == {"x": 3661}
