from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.errors import TemplateError, UsageError
from modelcard.generate.render import builtin_templates, render


def _template(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_templates():
    assert builtin_templates() == ["default", "short"]


def test_unknown_variable_names_it_and_the_line(tmp_path):
    path = _template(tmp_path, "# {{ model_name }}\n\nline two\n{{ emissions.grams }} g\n")
    with pytest.raises(TemplateError) as e:
        render(path, {"model_name": "m"})
    message = str(e.value)
    assert message.startswith(f"{path}:4: the template uses `emissions`")
    assert "modelcard template --vars" in message


def test_a_none_value_is_an_error_not_the_text_none(tmp_path):
    path = _template(tmp_path, "a\n{{ metadata.get('license') }}\n")
    with pytest.raises(TemplateError, match=r"mine\.md\.j2:2: an expression has no value \(None\)"):
        render(path, {"metadata": {}})


def test_guarded_optional_variable_renders(tmp_path):
    path = _template(tmp_path, "{% if emissions is defined %}{{ emissions.grams }}{% else %}not measured{% endif %}\n")
    assert render(path, {}) == "not measured"
    assert render(path, {"emissions": {"grams": 3.5}}) == "3.5"


def test_user_templates_render_in_a_sandbox(tmp_path):
    path = _template(tmp_path, "{{ model_name.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(TemplateError, match=r"mine\.md\.j2:1: .*(not allowed|unsafe|__class__)"):
        render(path, {"model_name": "m"})


def test_syntax_error_names_the_line(tmp_path):
    path = _template(tmp_path, "ok\n{% if %}\n")
    with pytest.raises(TemplateError, match=r"mine\.md\.j2:2: template syntax error"):
        render(path, {})


def test_unknown_builtin_name_lists_the_templates():
    with pytest.raises(UsageError, match="no template named `fancy`; built-in templates: default, short"):
        render("fancy", {})


def test_missing_template_file(tmp_path):
    with pytest.raises(UsageError, match="template file not found"):
        render(tmp_path / "nope.md.j2", {})
