"""The preview: markdown like the Hub renders it, with nothing that can run or leave the page."""

from __future__ import annotations

from modelcard.web.preview import relative_target, render_markdown
from modelcard.web.results import eval_results_rows, model_index_rows
from modelcard.web.state import carbon_text


def files(path: str) -> str:
    return "/file/" + path


def test_tables_images_and_links() -> None:
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n\n![curve](plots/loss.png) [logs](logs/run.txt) [doc](https://example.org)", files)
    assert "<table>" in html and "<td>1</td>" in html
    assert '<img src="/file/plots/loss.png" alt="curve">' in html
    assert '<a href="/file/logs/run.txt" rel="noopener noreferrer nofollow">logs</a>' in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">doc</a>' in html


def test_nothing_runs_and_nothing_is_fetched_from_elsewhere() -> None:
    html = render_markdown(
        '<script>x()</script><img src=a.png onerror="x()"><a href="javascript:x()">j</a>'
        '<iframe src="https://e.example"></iframe><svg onload="x()"><script>x()</script></svg>'
        '<style>*{background:url(https://e.example/b)}</style><p style="background:url(https://e.example/c)">p</p>'
        '\n\n![remote](https://e.example/t.png) <img src="//e.example/u.png">',
        files,
    )
    for bad in ("script", "onerror", "javascript", "iframe", "svg", "onload", "style", "e.example"):
        assert bad not in html, bad
    assert '<img src="/file/a.png">' in html and '<img alt="remote">' in html


def test_only_paths_inside_the_folder_are_relative_targets() -> None:
    assert relative_target("a/b.png") == "a/b.png"
    assert relative_target("./a/../b.png") == "b.png"
    for url in ("../x", "a/../../x", "/etc/passwd", "//host/x", "https://h/x", "#anchor", "\\\\host\\x", "c:x"):
        assert relative_target(url) is None, url


def test_too_much_markup_is_not_rendered() -> None:
    assert "too much markup" in render_markdown("*" * 200_000, files)


def test_results_from_model_index_and_eval_results_files() -> None:
    metadata = {"model-index": [{"name": "m", "results": [{
        "task": {"type": "image-classification"}, "dataset": {"name": "Masks", "type": "masks", "split": "test"},
        "metrics": [{"type": "accuracy", "value": 0.9894}, {"name": "Loss", "type": "loss", "value": 0.0395}],
    }]}]}
    rows = model_index_rows(metadata)
    assert [(r.task, r.dataset, r.metric, r.value) for r in rows] == [
        ("image-classification", "Masks (test)", "accuracy", "0.9894"),
        ("image-classification", "Masks (test)", "Loss", "0.0395"),
    ]
    data = b"- dataset:\n    id: Idavidrein/gpqa\n    task_id: gpqa_diamond\n  value: 63.3\n  source:\n    name: Model Card\n"
    (row,) = eval_results_rows([(".eval_results/gpqa.yaml", data), (".eval_results/bad.yaml", b"- [")])
    assert (row.source, row.dataset, row.task, row.value) == (".eval_results/gpqa.yaml", "Idavidrein/gpqa", "gpqa_diamond", "63.3")


def test_carbon_as_a_phrase() -> None:
    assert carbon_text(12.5) == "12.5 g CO2eq"
    assert carbon_text({"emissions": 3.3, "source": "codecarbon", "geographical_location": "France"}) == (
        "3.3 g CO2eq, measured with codecarbon, in France"
    )
    assert carbon_text(None) == "" and carbon_text(True) == ""


def test_hostile_eval_results_files_are_skipped() -> None:
    nested = b"[" * 200_000 + b"]" * 200_000
    aliases = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        b"%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n" % ((bytes([98 + i]),) * 2 + (bytes([97 + i]),) * 10)
        for i in range(8)
    )
    binary = b"\xff\xfe\x00b\x00a\x00d"
    good = b"- dataset: {id: x/y, task_id: t}\n  value: 3\n"
    rows = eval_results_rows([("nested", nested), ("aliases", aliases), ("binary", binary), ("good", good)])
    assert [(r.source, r.dataset, r.value) for r in rows] == [("good", "x/y", "3")]
