"""``.eval_results/<name>.yaml`` for a run evaluated on a Hub benchmark.

Written only when the user names the benchmark's task (``--eval-task-id`` or
``eval_results: {task_id: ...}`` in ``--metadata``): a task id is never
guessed, and neither is the benchmark dataset (``--eval-dataset``, else the
evaluation dataset of ``model-index``) or which logged metric is its score
(``--eval-metric``, else the evaluation's only quality metric). The entry is
built and serialised by ``huggingface_hub`` (`EvalResultEntry`,
`eval_result_entries_to_yaml`); other results already in the file are kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.errors import UsageError

if TYPE_CHECKING:
    from modelcard.sources.run import Run

#: ``eval_results:`` keys of ``--metadata`` and the flags that override them.
REQUEST_KEYS = ("dataset", "task_id", "metric", "notes", "source")
FLAGS = {"eval_dataset": "dataset", "eval_task_id": "task_id", "eval_metric": "metric"}
_SOURCE_KEYS = ("url", "name", "user", "org")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class EvalFiles:
    """The files to write beside the card (paths relative to its folder) and what was not written."""

    files: dict[str, bytes] = field(default_factory=dict)
    previous: dict[str, bytes | None] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # what a file needs that is not known

    @property
    def changed(self) -> list[str]:
        return [path for path, data in self.files.items() if self.previous.get(path) != data]


def take_request(user: dict[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Remove the ``eval_results`` request from the user's metadata and flags; return it checked.

    Raises:
        UsageError: a request that is not a mapping, has unknown keys or values of the wrong kind.
    """
    request = user.pop("eval_results", None)
    if request is None:
        request = {}
    if not isinstance(request, Mapping):
        raise UsageError("`eval_results` in --metadata must be a mapping with `task_id` (and `dataset`, `metric`)")
    request = dict(request)
    unknown = sorted(str(k) for k in request if k not in REQUEST_KEYS)
    if unknown:
        raise UsageError(f"`eval_results` in --metadata: unknown key `{unknown[0]}` (known: {', '.join(REQUEST_KEYS)})")
    for flag, key in FLAGS.items():
        value = (overrides or {}).get(flag)
        if value is not None:
            request[key] = value
    for key in ("dataset", "task_id", "metric", "notes"):
        if key in request and (not isinstance(request[key], str) or not request[key].strip()):
            raise UsageError(f"`eval_results.{key}` must be a non-empty string")
    source = request.get("source")
    if source is not None and (not isinstance(source, Mapping) or not isinstance(source.get("url"), str)
                               or any(k not in _SOURCE_KEYS for k in source)):
        raise UsageError("`eval_results.source` must be a mapping with `url` (and `name`, `user`, `org`)")
    _refuse_secrets(request)
    if request and "task_id" not in request:
        raise UsageError("`eval_results` needs `task_id`, the task of the benchmark's eval.yaml (--eval-task-id)")
    return request


def _refuse_secrets(request: Mapping[str, Any]) -> None:
    from modelcard.secrets import find_secrets

    values = [(k, v) for k, v in request.items() if k != "source"]
    values += [(f"source.{k}", v) for k, v in (request.get("source") or {}).items()]
    for key, value in values:
        found = find_secrets(value) if isinstance(value, str) else []
        if found:
            raise UsageError(f"`eval_results.{key}` holds a {found[0][0].kind}; a results file never carries one")


def build(run: Run, request: Mapping[str, Any], *, metadata: Mapping[str, Any], card_dir: Path | None) -> EvalFiles:
    """The ``.eval_results`` file for ``request`` (empty when there is no request)."""
    out = EvalFiles()
    if not request:
        return out
    dataset = request.get("dataset") or _evaluation_dataset(metadata)
    if dataset is None:
        out.missing.append("the benchmark dataset (`--eval-dataset`, or `--dataset` for the evaluation dataset)")
        return out
    _check_dataset_id(dataset)
    score = _score(run, request.get("metric"), out)
    if score is None:
        return out
    from huggingface_hub import EvalResultEntry

    source = request.get("source") or {}
    entry = EvalResultEntry(
        dataset_id=dataset,
        task_id=request["task_id"],
        value=score[1],
        notes=request.get("notes"),
        source_url=source.get("url"),
        source_name=source.get("name"),
        source_user=source.get("user"),
        source_org=source.get("org"),
    )
    relative = f".eval_results/{file_name(dataset, request['task_id'])}.yaml"
    existing = _read(card_dir / relative) if card_dir is not None else None
    out.previous[relative] = existing
    out.files[relative] = _merged(entry, existing, relative, header=f"# value: {score[2]} (modelcard generate)\n")
    return out


def file_name(dataset: str, task_id: str) -> str:
    """``Idavidrein/gpqa`` + ``gpqa_diamond`` -> ``gpqa_gpqa_diamond``; ``cais/hle`` + ``hle`` -> ``hle``."""
    name = dataset.rsplit("/", 1)[-1]
    stem = name if task_id in (name, "default") else f"{name}_{task_id}"
    return _UNSAFE_NAME.sub("-", stem).strip(".-") or "results"


def _evaluation_dataset(metadata: Mapping[str, Any]) -> str | None:
    datasets = metadata.get("datasets")
    dataset = datasets[0] if isinstance(datasets, list) and datasets else datasets
    return dataset if isinstance(dataset, str) and dataset else None


def _check_dataset_id(dataset: str) -> None:
    from modelcard.checks.schema import schema_pattern

    if not re.match(schema_pattern("repoId"), dataset):
        raise UsageError(f"`{dataset}` is not a Hub dataset id (`namespace/name`): the benchmark of `.eval_results`")


def _score(run: Run, metric: str | None, out: EvalFiles) -> tuple[str, float, str] | None:
    """``(logged key, value, source)`` of the benchmark score, or None with a note."""
    from modelcard.generate.derive import quality_metrics

    values = run.test_metrics or run.final_eval
    found = quality_metrics(values) if values else []
    if not found:
        out.missing.append("a final evaluation metric, and the logs hold none")
        return None
    if metric is None:
        if len(found) > 1:
            names = ", ".join(f"`{key}`" for key, *_ in found)
            out.missing.append(f"the metric that is the benchmark's score (`--eval-metric`: one of {names})")
            return None
        key, logged, value, source = found[0]
        return logged, value, source
    for key, logged, value, source in found:
        if metric in (key, logged):
            return logged, value, source
    names = ", ".join(f"`{key}`" for key, *_ in found)
    raise UsageError(f"--eval-metric `{metric}` is not a metric of the evaluation (its metrics: {names})")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror or e}") from None


def _merged(entry: Any, existing: bytes | None, relative: str, *, header: str) -> bytes:
    """The file with ``entry`` in place of the result about the same task and setup; the others kept.

    An existing file whose results already say the same is returned unchanged, comments and all.
    """
    import yaml
    from huggingface_hub import eval_result_entries_to_yaml

    [new] = eval_result_entries_to_yaml([entry])
    results: list[Any] = []
    if existing is not None:
        from modelcard.card import eval_results

        parsed = eval_results.parse(existing, relative, relative)
        if parsed.error is not None or not isinstance(parsed.data, list):
            problem = parsed.error or f"{relative}:1:1: it is not a list of results"
            raise UsageError(f"cannot update {relative}: {problem}; fix or remove it (`modelcard lint`)")
        results = list(parsed.data)
        same = [i for i, r in enumerate(results) if _about(r) == _about(new)]
        if same:
            if results[same[0]] == new:
                return existing
            results[same[0]] = new
        else:
            results.append(new)
    else:
        results = [new]
    body = yaml.dump(results, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=1000)
    return (header + body).encode("utf-8")


def _about(result: Any) -> tuple[Any, ...]:
    """What identifies a result in a file: the benchmark, the task and the setup notes."""
    if not isinstance(result, dict):
        return (None,)
    dataset = result.get("dataset") if isinstance(result.get("dataset"), dict) else {}
    return dataset.get("id"), dataset.get("task_id"), result.get("notes")
