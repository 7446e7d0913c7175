"""Template variables built from a run's facts (documented in :mod:`.variables`).

A fact the run does not provide is absent from the context (never ``None``),
so a template tests it with ``{% if name is defined %}``. Secrets are dropped
here, before any template sees a value.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any

from modelcard.facts import Fact
from modelcard.generate.derive import metric_key, metric_name, quality_metrics
from modelcard.generate.training import best_vs_final, distinct_evaluations, repeats_note, training, training_loss_key
from modelcard.secrets import find_secrets, is_secret_key, redact
from modelcard.sources.run import HYPERPARAMETERS, Run
from modelcard.version import __version__

#: Most rows a training-results table shows; longer logs show evenly spaced
#: rows (always the first, the best and the last) and say so.
MAX_TABLE_ROWS = 100

#: Names the Trainer's own cards use, so readers find what they know.
HYPERPARAMETER_LABELS = {
    "max_steps": "training_steps",
    "warmup_steps": "lr_scheduler_warmup_steps",
    "warmup_ratio": "lr_scheduler_warmup_ratio",
    "mixed_precision": "mixed_precision_training",
}


def scrub(value: Any) -> Any:
    """``value`` without secret keys and with secret-looking text redacted."""
    if isinstance(value, Mapping):
        return {k: scrub(v) for k, v in value.items() if not (isinstance(k, str) and is_secret_key(k))}
    if isinstance(value, (list, tuple)):
        return [scrub(v) for v in value]
    if isinstance(value, str) and find_secrets(value):
        return redact(value)
    return value


def _is_secret(name: str, value: Any) -> bool:
    return is_secret_key(name) or bool(find_secrets(str(value)))


def _file(source: str) -> str:
    return source.split(":", 1)[0]


def _max_steps_rule(run: Run) -> bool:
    """Whether ``max_steps`` decided the length of training (the Trainer then ignores the epochs)."""
    fact = run.hyperparameters.get("max_steps")
    return fact is not None and _finite(fact.value) and fact.value > 0


def hyperparameters(run: Run) -> list[dict[str, Any]]:
    order = list(HYPERPARAMETERS) + [k for k in run.hyperparameters if k not in HYPERPARAMETERS]
    rows = []
    for name in order:
        fact = run.hyperparameters.get(name)
        if fact is None or fact.value is None or _is_secret(name, fact.value):
            continue
        if name == "num_epochs" and _max_steps_rule(run):
            continue  # not in effect: the training summary says how many epochs max_steps came to
        value = fact.value
        if isinstance(value, Mapping):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if not _is_secret(str(k), v))
        elif isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        rows.append({
            "name": HYPERPARAMETER_LABELS.get(name, name),
            "value": value,
            "source": fact.source,
            "meaning": HYPERPARAMETERS.get(name, ""),
        })
    return rows


def _row_indices(total: int, must: set[int]) -> list[int]:
    if total <= MAX_TABLE_ROWS:
        return list(range(total))
    step = (total - 1) / (MAX_TABLE_ROWS - 1 - len(must))
    picked = {round(i * step) for i in range(MAX_TABLE_ROWS - len(must))} | must
    return sorted(i for i in picked if 0 <= i < total)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def provenance(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where table values come from, grouped by file: ``[{"file", "names": ["name (`key`)"...]}]``;
    a key is shown only where it differs from the row's name."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        file, _, key = str(row["source"]).partition(":")
        if file.startswith("inferred") or " " in key or " " in file:  # derived from several values
            groups.setdefault(str(row["source"]), []).append(str(row["name"]))
            continue
        groups.setdefault(file, []).append(row["name"] if key in ("", row["name"]) else f"{row['name']} (`{key}`)")
    return [{"file": file, "names": names} for file, names in groups.items()]


def training_results(
    run: Run, best_step: Any = None, evaluations: tuple[list[int], list[tuple[int, int]]] | None = None
) -> dict[str, Any] | None:
    """One row per evaluation (repeats shown once): training loss since the previous evaluation,
    epoch, step, metrics. ``evaluations``: :func:`distinct_evaluations` of the run, when known."""
    evals = run.eval_log
    kept, repeats = evaluations if evaluations is not None else distinct_evaluations(run)
    total = len(kept)
    if total == 0:
        return None
    metric_cols: list[tuple[str, str]] = []  # (logged key, header)
    loss_col = None
    for logged in evals.columns:
        key = metric_key(logged)
        if key is None or logged in ("step", "epoch"):
            continue
        if key == "loss":
            loss_col = logged
            continue
        metric_cols.append((logged, metric_name(key)))
    has_steps = "step" in evals.columns
    train_steps = run.train_log.array("step") if "step" in run.train_log.columns else None
    loss_key = training_loss_key(run.train_log.columns)
    train_loss = run.train_log.array(loss_key) if loss_key else None
    all_steps = evals.array("step") if has_steps else None
    eval_steps = [all_steps[i] for i in kept] if all_steps is not None else None
    must = {0, total - 1}
    if best_step is not None and eval_steps is not None:
        for i, s in enumerate(eval_steps):
            if s == best_step:
                must.add(i)
                break
    header = []
    if train_loss is not None:
        header.append("Training Loss")
    header.append("Epoch")
    if has_steps:
        header.append("Step")
    if loss_col:
        header.append("Validation Loss")
    header += [h for _, h in metric_cols]
    epoch_losses = _epoch_losses(run, train_loss) if train_loss is not None and not has_steps else None
    rows = []
    for i in _row_indices(total, must):
        row = evals[kept[i]]
        cells: list[Any] = []
        if epoch_losses is not None:
            cells.append(epoch_losses[kept[i]])
        elif train_loss is not None:
            cells.append(_training_loss_at(train_steps, train_loss, row.get("step"), eval_steps, i))
        cells.append(row.get("epoch", "—"))
        if has_steps:
            cells.append(row.get("step", "—"))
        if loss_col:
            cells.append(row.get(loss_col, "—"))
        cells += [row.get(logged, "—") for logged, _ in metric_cols]
        rows.append(cells)
    return {
        "columns": header,
        "rows": rows,
        "shown": len(rows),
        "total": total,
        "source": evals.source or "the training log",
        "repeats": repeats_note(run, repeats),
    }


def _epoch_losses(run: Run, train_loss: Any) -> list[Any]:
    """The training loss of each evaluation's epoch, for logs with one row per
    epoch and no steps (Keras): the training row of the same log line, else of
    the same epoch; ``"No log"`` when that epoch has none."""
    train, evals = run.train_log, run.eval_log
    by_key: dict[Any, Any] = {}
    same_file = train.source == evals.source
    train_keys = train.positions if same_file else train.column("epoch")
    for key, loss in zip(train_keys, train_loss):
        if key is not None and loss == loss:  # NaN: a gap in the column
            by_key[key] = loss
    keys = evals.positions if same_file else evals.column("epoch")
    return [by_key.get(key, "No log") for key in keys]


def _training_loss_at(train_steps: Any, train_loss: Any, step: Any, eval_steps: Any, i: int) -> Any:
    """The last training loss logged at or before ``step`` and after the previous evaluation."""
    if train_steps is None or not _finite(step) or len(train_steps) == 0:
        return "No log"
    j = bisect_right(train_steps, step) - 1
    if j < 0:
        return "No log"
    previous = eval_steps[i - 1] if eval_steps is not None and i > 0 else -math.inf
    if train_steps[j] <= previous:
        return "No log"
    loss = train_loss[j]
    if loss != loss:  # a gap in the column
        return "No log"
    return int(loss) if float(loss).is_integer() and abs(loss) > 1e6 else loss


def _metrics(values: Mapping[str, Fact]) -> dict[str, Any] | None:
    from modelcard.generate.derive import non_finite_metrics

    metrics = quality_metrics(values)
    loss = [(k, f) for k, f in values.items() if metric_key(k) == "loss" and _finite(f.value)]
    rows = [{"name": metric_name(t), "key": logged, "value": v, "source": src} for t, logged, v, src in metrics]
    if loss and all(r["key"] != loss[0][0] for r in rows):
        rows.insert(0, {"name": "Loss", "key": loss[0][0], "value": loss[0][1].value, "source": loss[0][1].source})
    notes = []
    for logged in non_finite_metrics(values):
        fact = values[logged]
        rows.append({"name": metric_name(metric_key(logged) or logged), "key": logged, "value": fact.value, "source": fact.source})
        notes.append(
            f"`{logged}` was logged as {_fmt_non_finite(fact.value)}: the metric is undefined on this evaluation "
            "(for instance a correlation of predictions that are all the same); it is shown as logged and left out of `model-index`."
        )
    if not rows:
        return None
    return {"metrics": rows, "source": ", ".join(sorted({_file(r["source"]) for r in rows})), "notes": notes}


def _fmt_non_finite(value: float) -> str:
    return "NaN" if value != value else ("infinity" if value > 0 else "minus infinity")


def best(run: Run) -> dict[str, Any] | None:
    b = run.best
    if b is None or not _finite(b.value.value):
        return None
    out: dict[str, Any] = {"value": b.value.value, "source": b.value.source}
    metric = b.metric or _metric_with_value(run, b.value.value, b.step.value if b.step is not None else None)
    if metric:
        key = metric_key(metric)
        out["metric"] = metric
        out["name"] = metric_name(key) if key else metric
        if not b.metric:
            out["inferred"] = True
    if b.checkpoint is not None and b.checkpoint.value:
        out["checkpoint"] = str(b.checkpoint.value).replace("\\", "/").rsplit("/", 1)[-1]
    if b.step is not None and b.step.value is not None:
        out["step"] = b.step.value
    return out


def _metric_with_value(run: Run, value: Any, step: Any) -> str | None:
    """The evaluation metric logged at ``step`` with exactly ``value`` (the run did not name it)."""
    if step is None or "step" not in run.eval_log.columns:
        return None
    steps = run.eval_log.array("step")
    for i in range(len(steps)):
        if steps[i] == step:
            found = [k for k, v in run.eval_log[i].items() if k not in ("step", "epoch") and v == value]
            return found[0] if len(found) == 1 else None
    return None


def framework_versions(run: Run) -> list[dict[str, Any]]:
    from modelcard.sources.environment import backend_package

    backend = backend_package(str(run.backend.value)) if run.backend is not None else None
    rows = []
    for name, fact in run.framework_versions.items():
        if fact.value is None:
            continue
        row = {"name": name, "version": fact.value, "source": fact.source, "from_environment": fact.source == "environment"}
        if name == backend and run.framework is not None:
            row["backend_of"] = run.framework.value
            row["backend_source"] = run.backend.source  # type: ignore[union-attr]
        rows.append(row)
    return rows


def emissions(run: Run) -> dict[str, Any] | None:
    em = run.emissions
    if em is None or not _finite(em.grams.value):
        return None
    from modelcard.generate.derive import geographical_location, hardware_used

    out: dict[str, Any] = {
        "grams": em.grams.value,
        "kg": em.grams.value / 1000,
        "source": em.source,
        "file": _file(em.grams.source),
        "runs": em.runs,
        "rows": em.rows,
        "caveats": list(em.caveats),
    }
    if em.energy_kwh is not None and _finite(em.energy_kwh.value):
        out["energy_kwh"] = em.energy_kwh.value
    if em.duration_s is not None and _finite(em.duration_s.value):
        out["duration_s"] = em.duration_s.value
        out["duration_h"] = em.duration_s.value / 3600
    if em.tracking_mode is not None and em.tracking_mode.value:
        out["tracking_mode"] = em.tracking_mode.value
    if em.energy_basis is not None:
        out["energy_basis"] = em.energy_basis.value
        out["energy_basis_file"] = _file(em.energy_basis.source)
    hardware = hardware_used(em)
    if hardware:
        out["hardware"] = hardware
    location = geographical_location(em)
    if location:
        out["location"] = location
    return out


def parameters(run: Run) -> dict[str, Any] | None:
    w = run.weights
    if w is None:
        return None
    out: dict[str, Any] = {
        "files": [{"path": f.path, "size_bytes": f.size_bytes, "format": f.format} for f in w.files],
        "size_bytes": w.total_bytes,
    }
    if w.parameters is not None and isinstance(w.parameters.value, int):
        out["total"] = w.parameters.value
        out["source"] = w.parameters.source
    if w.dtypes is not None and isinstance(w.dtypes.value, Mapping):
        out["dtypes"] = [{"dtype": k, "count": v} for k, v in w.dtypes.value.items()]
    return out


def techspecs(run: Run, metadata: Mapping[str, Any]) -> dict[str, Any]:
    from modelcard.techspecs import technical_specs
    from modelcard.techspecs.specs import template_view

    base = metadata.get("base_model")
    return template_view(technical_specs(run, base_model=str(base) if base else None))


def missing_notes(run: Run, derived_missing: list[str], ctx: Mapping[str, Any]) -> list[str]:
    notes = list(derived_missing)
    if "hyperparameters" not in ctx:
        notes.append(
            "hyperparameters: no readable `training_args.json` or `trainer_state.json` settings "
            "(`training_args.bin` is a pickle and is never loaded: save `trainer.args.to_json_string()` "
            "as `training_args.json`)"
        )
    if "evaluation" not in ctx and "training_results" not in ctx:
        notes.append("evaluation results: the logs hold no evaluation")
    if "emissions" not in ctx:
        notes.append("carbon emissions: no `emissions.csv` (measure them with `modelcard track -- COMMAND`)")
    if "parameters" not in ctx or "total" not in ctx.get("parameters", {}):
        notes.append("number of parameters: no `*.safetensors` weights in the run folder")
    for problem in run.problems:
        where = f"`{problem.file}`: " if problem.file else ""
        note = f"{where}{problem.message}"
        if note not in notes:
            notes.append(note)
    return notes


def build_context(
    run: Run,
    *,
    metadata: Mapping[str, Any],
    model_name: str,
    derived_missing: list[str],
    metadata_sources: Mapping[str, str],
) -> dict[str, Any]:
    """Every template variable this run provides (see :data:`modelcard.generate.variables.VARIABLES`)."""
    ctx: dict[str, Any] = {
        "model_name": model_name,
        "metadata": dict(metadata),
        "metadata_sources": dict(metadata_sources),
        "generator": f"modelcard {__version__}",
        "files_read": list(run.files_read),
    }
    for key in ("base_model", "pipeline_tag", "license", "library_name"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            ctx[key] = value
    if isinstance(metadata.get("base_model"), list) and metadata["base_model"]:
        ctx["base_model"] = ", ".join(map(str, metadata["base_model"]))
    if "pipeline_tag" in ctx:
        from modelcard.generate.derive import task_name

        ctx["task_name"] = task_name(ctx["pipeline_tag"])
    datasets = metadata.get("datasets")
    if isinstance(datasets, str):
        datasets = [datasets]
    if isinstance(datasets, list) and datasets:
        ctx["datasets"] = [str(d) for d in datasets]
    if isinstance(metadata.get("language"), (str, list)) and metadata["language"]:
        lang = metadata["language"]
        ctx["languages"] = [lang] if isinstance(lang, str) else [str(x) for x in lang]
    if run.framework is not None and run.framework.value:
        ctx["framework"] = run.framework.value
    optional = {
        "hyperparameters": hyperparameters(run) or None,
        "best": best(run),
        "training_results": None,
        "evaluation": _metrics(run.final_eval) if run.final_eval else None,
        "test_results": _metrics(run.test_metrics) if run.test_metrics else None,
        "framework_versions": framework_versions(run) or None,
        "emissions": emissions(run),
        "parameters": parameters(run),
    }
    evaluations = distinct_evaluations(run)
    optional["training_results"] = training_results(run, (optional["best"] or {}).get("step"), evaluations)
    optional["techspecs"] = techspecs(run, metadata)
    optional["training"] = training(run)
    optional["best_vs_final"] = best_vs_final(run, evaluations[0])
    if optional["hyperparameters"]:
        optional["hyperparameter_sources"] = provenance(optional["hyperparameters"])
    train_summary = {k: f.value for k, f in run.train_metrics.items() if _finite(f.value)}
    if train_summary:
        optional["train_metrics"] = train_summary
    if run.model.labels is not None and isinstance(run.model.labels.value, (list, tuple)) and run.model.labels.value:
        optional["labels"] = [str(x) for x in run.model.labels.value]
    if run.model.architecture is not None and run.model.architecture.value:
        optional["architecture"] = str(run.model.architecture.value)
    if run.model.layers is not None and run.model.layers.value:
        optional["layers"] = {"names": [str(x) for x in run.model.layers.value], "source": _file(run.model.layers.source)}
    for key, value in optional.items():
        if value is not None:
            ctx[key] = value
    ctx["missing"] = missing_notes(run, derived_missing, ctx)
    return scrub(ctx)
