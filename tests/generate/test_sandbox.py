"""User templates cannot exhaust memory or time, nor read files outside their folder.

Each case runs the real CLI on a real run folder: a clear error naming the
template, exit 1, no traceback and no card written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.cli.main import main
from modelcard.generate import sandbox


def generate_with(copy_run, tmp_path: Path, capsys, template_text: str) -> tuple[int, str, Path]:
    run = copy_run("qlora-checkpoint")
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "mine.md.j2").write_text(template_text)
    out = tmp_path / "card" / "README.md"
    code = main(["generate", str(run), "--template", str(templates / "mine.md.j2"), "-o", str(out), "--no-plot"])
    return code, capsys.readouterr().err, out


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            ":1: not allowed in a template: the loops of this template go over more than 1,000,000 items",
        ),
        (
            "{% for i in range(10**9) %}x{% endfor %}",
            ":1: not allowed in a template: the loops of this template go over more than 1,000,000 items",
        ),
        ("{{ 'x' * 3000000000 }}", ":1: not allowed in a template: `*` would build a value of 3,000,000,000 items; the limit is 10,000,000"),
        ("{{ [1] * 10**9 }}", ":1: not allowed in a template: `*` would build a value of 1,000,000,000 items; the limit is 10,000,000"),
        ("{{ ''.center(3e9) }}", ":1: not allowed in a template: `center`: a width of 3e+09 would build more than 10,000,000 characters"),
        ("{{ ''|center(3000000000) }}", ":1: not allowed in a template: filter `center`: a width of 3e+09 would build more than 10,000,000 characters"),
        ("{{ '{:>3000000000}'.format('x') }}", ":1: not allowed in a template: `format`: a field width of more than 10,000,000 characters"),
        ("{{ '%3000000000s' % 'x' }}", ":1: not allowed in a template: `%`: a format width of more than 10,000,000 characters"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            ":1: not allowed in a template: `s` would hold 16,777,216 items; the limit is 10,000,000",
        ),
        (
            "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}{% endfor %}",
            ":1: not allowed in a template: `extend` would grow a list past 10,000,000 items",
        ),
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", ": not allowed in a template: the card would be longer than 10,000,000 characters"),
        ("{% include 'mine.md.j2' %}", ": templates include or call each other without end"),
        ("# {{ 1 / 0 }}", ":1: the template failed: ZeroDivisionError: division by zero"),
    ],
)
def test_resource_hungry_templates_fail_clearly(copy_run, tmp_path, capsys, text, message):
    code, err, out = generate_with(copy_run, tmp_path, capsys, text + "\n")
    assert code == 1
    assert err.splitlines()[-1] == f"modelcard: error: {tmp_path / 'templates' / 'mine.md.j2'}{message}"
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.timeout(60)
def test_a_render_that_runs_too_long_is_stopped(copy_run, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)  # the default (10 s) would slow the suite down
    text = "{% for c in 'x' * 5000000 %}{% for d in 'y' * 5000000 %}{% endfor %}{% endfor %}\n"
    code, err, out = generate_with(copy_run, tmp_path, capsys, text)
    assert code == 1
    assert err.splitlines()[-1].endswith("mine.md.j2: not allowed in a template: the template took more than 1 seconds to render")
    assert not out.exists()


def test_an_include_through_a_symlink_out_of_the_folder_is_refused(copy_run, tmp_path, capsys):
    outside = tmp_path / "private.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "footer.j2").symlink_to(outside)
    code, err, out = generate_with(copy_run, tmp_path, capsys, "# {{ model_name }}\n{% include 'footer.j2' %}\n")
    assert code == 1
    assert err.splitlines()[-1].endswith(
        "mine.md.j2:2: not allowed in a template: `footer.j2` resolves to a file outside the template's folder"
    )
    assert not out.exists()


def test_includes_inside_the_folder_and_ordinary_loops_still_work(copy_run, tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "footer.j2").write_text("{% for i in range(3) %}{{ i }}{% endfor %} {{ 'ab' * 2 }}\n")
    (tmp_path / "templates" / "linked.j2").symlink_to("footer.j2")
    code, err, out = generate_with(copy_run, tmp_path, capsys, "# {{ model_name }}\n{% include 'linked.j2' %}")
    assert code == 0, err
    assert out.read_text().endswith("012 abab\n")
