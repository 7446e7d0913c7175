from __future__ import annotations

import pytest

from modelcard.generate.regions import RegionError, find_regions, merge_body, region_contents

RENDERED = (
    "# Title\n\n"
    "<!-- modelcard-begin results -->\nnew results\n<!-- modelcard-end results -->\n\n"
    "## Other\n\n"
    "<!-- modelcard-begin env -->\nnew env\n<!-- modelcard-end env -->\n"
)


def test_find_regions_in_order():
    regions = find_regions(RENDERED)
    assert [r.name for r in regions] == ["results", "env"]
    assert region_contents(RENDERED) == {"results": "\nnew results\n", "env": "\nnew env\n"}
    assert regions[0].begin_line == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\n<!-- modelcard-begin x -->\nb\n", "card:2: region `x` has no `<!-- modelcard-end x -->`"),
        ("<!-- modelcard-begin x -->\n<!-- modelcard-begin y -->\n", "card:2: region `y` begins inside region `x`"),
        ("<!-- modelcard-end x -->\n", "card:1: `modelcard-end x` found where no end marker was expected"),
        (
            "<!-- modelcard-begin x --><!-- modelcard-end x -->\n<!-- modelcard-begin x --><!-- modelcard-end x -->",
            "card:2: region `x` appears twice",
        ),
    ],
)
def test_markers_that_do_not_pair_up(text, message):
    with pytest.raises(RegionError) as e:
        find_regions(text, where="card")
    assert str(e.value).startswith(message)


def test_merge_replaces_only_region_contents():
    existing = (
        "# My own title\n\nA paragraph I wrote.\n\n"
        "<!-- modelcard-begin results -->\nold results\n<!-- modelcard-end results -->\n"
        "Text right after the region.\n"
        "<!-- modelcard-begin env -->old env<!-- modelcard-end env -->  trailing spaces  \n"
    )
    merged = merge_body(existing, RENDERED)
    assert merged == (
        "# My own title\n\nA paragraph I wrote.\n\n"
        "<!-- modelcard-begin results -->\nnew results\n<!-- modelcard-end results -->\n"
        "Text right after the region.\n"
        "<!-- modelcard-begin env -->\nnew env\n<!-- modelcard-end env -->  trailing spaces  \n"
    )


def test_merge_keeps_crlf_line_endings():
    existing = "Intro\r\n<!-- modelcard-begin results -->\r\nold\r\n<!-- modelcard-end results -->\r\nOutro\r\n"
    merged = merge_body(existing, RENDERED)
    assert merged == "Intro\r\n<!-- modelcard-begin results -->\r\nnew results\r\n<!-- modelcard-end results -->\r\nOutro\r\n"


def test_a_region_the_author_removed_stays_removed():
    existing = "Mine\n<!-- modelcard-begin env -->\nold\n<!-- modelcard-end env -->\n"
    assert merge_body(existing, RENDERED) == "Mine\n<!-- modelcard-begin env -->\nnew env\n<!-- modelcard-end env -->\n"


def test_a_body_without_regions_gets_them_appended():
    existing = "# A hand-written card\n\nKeep me.\n"
    merged = merge_body(existing, RENDERED)
    assert merged.startswith(existing + "\n## Generated from the training logs\n\n<!-- modelcard-begin results -->")
    assert region_contents(merged) == region_contents(RENDERED)
    assert merge_body(merged, RENDERED) == merged  # from then on, updated in place
