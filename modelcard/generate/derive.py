"""Front-matter values derived from a run's facts.

Nothing is invented: when the task or the dataset of an evaluation is not
known, ``model-index`` is left out and a note says what to provide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.run import Emissions, Run

#: Logged evaluation keys that are bookkeeping, not quality metrics.
NOT_METRICS = frozenset(
    {"runtime", "samples_per_second", "steps_per_second", "epoch", "step", "num_input_tokens_seen",
     "gen_len", "samples", "mem_cpu_alloc_delta", "mem_cpu_peaked_delta", "mem_gpu_alloc_delta",
     "mem_gpu_peaked_delta", "total_flos", "model_preparation_time"}
)

#: Display names of common metrics (the rest are title-cased).
METRIC_NAMES = {
    "wer": "Wer", "cer": "Cer", "f1": "F1", "accuracy": "Accuracy", "loss": "Loss", "bleu": "Bleu",
    "sacrebleu": "Sacrebleu", "rouge1": "Rouge1", "rouge2": "Rouge2", "rougel": "Rougel",
    "rougelsum": "Rougelsum", "precision": "Precision", "recall": "Recall",
    "matthews_correlation": "Matthews Correlation", "pearsonr": "Pearsonr", "spearmanr": "Spearmanr",
}


@dataclass
class Derived:
    """Derived metadata and what could not be derived.

    Attributes:
        metadata: front-matter values from the run.
        missing: sentences naming what the logs do not tell and how to supply it.
        sources: for each metadata key, where its value came from.
    """

    metadata: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def metric_key(logged: str) -> str | None:
    """The Hub's metric id of a logged key (``"eval_accuracy"``, ``"val_acc"``
    -> ``"accuracy"``); None for bookkeeping keys."""
    from modelcard.sources.metric_names import hub_metric_id

    key = hub_metric_id(logged)
    if key in NOT_METRICS or key.endswith(("_runtime", "_per_second")):
        return None
    return key


def metric_name(key: str) -> str:
    return METRIC_NAMES.get(key) or " ".join(part.capitalize() for part in key.split("_"))


def quality_metrics(values: Mapping[str, Fact]) -> list[tuple[str, str, float, str]]:
    """(type, logged key, value, source) of the finite numeric quality metrics.

    ``loss`` is kept only when it is the only metric (as the Trainer's own
    cards do, since a loss is not comparable across models).
    """
    found = []
    for logged, fact in values.items():
        key = metric_key(logged)
        value = fact.value
        if key is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if not math.isfinite(value):
            continue
        found.append((key, logged, value, fact.source))
    if any(k != "loss" for k, *_ in found):
        found = [m for m in found if m[0] != "loss"]
    return found


def non_finite_metrics(values: Mapping[str, Fact]) -> list[str]:
    return [
        k for k, f in values.items()
        if isinstance(f.value, float) and not math.isfinite(f.value) and metric_key(k) is not None
    ]


def task_name(pipeline_tag: str) -> str:
    """``"text-classification"`` -> ``"Text Classification"`` (from the schema data when shipped)."""
    try:
        from modelcard.resources import load_json

        data = load_json("data/pipeline_tags.json")
        for entry in data.get("pipeline_tags", []):
            if entry.get("pipeline_tag") == pipeline_tag and entry.get("name"):
                return str(entry["name"])
    except (OSError, ValueError, AttributeError):
        pass
    return " ".join(part.capitalize() for part in pipeline_tag.split("-"))


def model_index(
    run: Run, *, name: str, pipeline_tag: Any, datasets: Any, derived: Derived
) -> list[dict[str, Any]] | None:
    """``model-index`` from the final evaluation (and test metrics), or None with a note."""
    results_from: list[tuple[dict[str, Fact], str | None]] = []
    if run.final_eval:
        results_from.append((run.final_eval, None))
    if run.test_metrics:
        results_from.append((run.test_metrics, "test"))
    for values, _ in results_from:
        bad = non_finite_metrics(values)
        if bad:
            derived.missing.append(
                "not a finite number, left out of `model-index`: " + ", ".join(f"`{k}`" for k in bad)
            )
    metric_sets = [(quality_metrics(v), split) for v, split in results_from]
    metric_sets = [(m, split) for m, split in metric_sets if m]
    if not metric_sets:
        derived.missing.append("`model-index`: the logs hold no final evaluation metric")
        return None
    dataset = datasets[0] if isinstance(datasets, list) and datasets else datasets
    lacking = []
    if not isinstance(pipeline_tag, str) or not pipeline_tag:
        lacking.append("the task (`--task` or `pipeline_tag:` in `--metadata`)")
    if not isinstance(dataset, str) or not dataset:
        lacking.append("the evaluation dataset (`--dataset` or `datasets:` in `--metadata`)")
    if lacking:
        derived.missing.append(
            "`model-index` (evaluation results in the metadata) needs " + " and ".join(lacking)
        )
        return None
    results = []
    for metrics, split in metric_sets:
        ds: dict[str, Any] = {"name": dataset, "type": dataset}
        if split:
            ds["split"] = split
        results.append({
            "task": {"type": pipeline_tag, "name": task_name(pipeline_tag)},
            "dataset": ds,
            "metrics": [{"type": key, "value": value, "name": metric_name(key)} for key, _, value, _ in metrics],
        })
    derived.sources["model-index"] = ", ".join(sorted({m[3].split(":")[0] for ms, _ in metric_sets for m in ms}))
    return [{"name": name, "results": results}]


def hardware_used(emissions: Emissions) -> str | None:
    hw = {k: f.value for k, f in emissions.hardware.items()}
    parts = []
    if hw.get("gpu_model"):
        count = hw.get("gpu_count")
        gpu = str(hw["gpu_model"])
        # codecarbon writes "4 x NVIDIA A100" already in some versions
        parts.append(gpu if "x " in gpu[:6] or not count else f"{_int(count)} x {gpu}")
    if hw.get("cpu_model"):
        count = hw.get("cpu_count")
        cpu = str(hw["cpu_model"])
        parts.append(f"{cpu} ({_int(count)} threads)" if count else cpu)
    return ", ".join(parts) or None


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def geographical_location(emissions: Emissions) -> str | None:
    loc = {k: f.value for k, f in emissions.location.items() if f.value not in (None, "", "nan")}
    parts = []
    if loc.get("cloud_provider") and loc.get("cloud_region"):
        parts.append(f"{loc['cloud_provider']} {loc['cloud_region']}")
    place = [str(loc[k]) for k in ("region", "country_name") if loc.get(k)]
    if place:
        parts.append(", ".join(place))
    elif loc.get("country_iso_code"):
        parts.append(str(loc["country_iso_code"]))
    return "; ".join(parts) or None


def co2_eq_emissions(run: Run, *, base_model: Any) -> dict[str, Any] | None:
    """The Hub's ``co2_eq_emissions`` mapping (grams) from codecarbon's measurements."""
    em = run.emissions
    if em is None:
        return None
    grams = em.grams.value
    if not isinstance(grams, (int, float)) or isinstance(grams, bool) or not math.isfinite(grams):
        return None
    out: dict[str, Any] = {"emissions": float(f"{float(grams):.6g}"), "source": em.source.split(" ")[0] or "codecarbon"}
    if base_model:
        out["training_type"] = "fine-tuning"
    location = geographical_location(em)
    if location:
        out["geographical_location"] = location
    hardware = hardware_used(em)
    if hardware:
        out["hardware_used"] = hardware
    return out


def derive(run: Run, *, final: Mapping[str, Any], model_name: str) -> Derived:
    """Derived metadata, given the values already fixed by the user or the card.

    Args:
        run: the run's facts.
        final: metadata already decided by higher layers (``pipeline_tag``,
            ``datasets``, ``base_model`` given by the user win over the run's).
        model_name: the name for ``model-index``.
    """
    derived = Derived()
    m = run.model
    simple = {
        "library_name": m.library_name,
        "base_model": m.base_model,
        "pipeline_tag": m.pipeline_tag,
    }
    if m.library_name is None and run.framework is not None and run.framework.value in ("transformers", "keras"):
        simple["library_name"] = Fact(run.framework.value, run.framework.source)
    for key, fact in simple.items():
        if fact is not None and fact.value not in (None, ""):
            derived.metadata[key] = fact.value
            derived.sources[key] = fact.source
    tags = []
    if run.framework is not None and run.framework.value == "transformers":
        tags.append("generated_from_trainer")
    if run.framework is not None and run.framework.value == "lightning":
        tags.append("pytorch-lightning")  # the Hub has no Lightning library id: a tag says it
    if m.peft_type is not None and isinstance(m.peft_type.value, str):
        tags.append(m.peft_type.value.lower())
    if tags:
        derived.metadata["tags"] = tags
    pipeline_tag = final.get("pipeline_tag", derived.metadata.get("pipeline_tag"))
    base_model = final.get("base_model", derived.metadata.get("base_model"))
    co2 = co2_eq_emissions(run, base_model=base_model)
    if co2 is not None:
        derived.metadata["co2_eq_emissions"] = co2
        derived.sources["co2_eq_emissions"] = run.emissions.grams.source if run.emissions else ""
    if "model-index" not in final:  # the user's (or the card's own) results stand
        index = model_index(run, name=model_name, pipeline_tag=pipeline_tag, datasets=final.get("datasets"), derived=derived)
        if index is not None:
            derived.metadata["model-index"] = index
    return derived
