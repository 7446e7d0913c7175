"""PEFT adapters: ``adapter_config.json`` names the base model and the method.

An adapter folder is published with ``library_name: peft`` and the base
model it adapts; LoRA settings become ``peft.*`` extra hyperparameters.
"""

from __future__ import annotations

from pathlib import Path

from modelcard.facts import Fact
from modelcard.sources.config import hub_id
from modelcard.sources.files import read_json, rel
from modelcard.sources.run import Run

ADAPTER = "adapter_config.json"
_TASKS = {
    "CAUSAL_LM": "text-generation",
    "SEQ_CLS": "text-classification",
    "SEQ_2_SEQ_LM": "text2text-generation",
    "TOKEN_CLS": "token-classification",
    "QUESTION_ANS": "question-answering",
    "FEATURE_EXTRACTION": "feature-extraction",
}
_SETTINGS = ("r", "lora_alpha", "lora_dropout", "target_modules", "bias", "use_dora", "use_rslora", "num_virtual_tokens")


def find_adapter(run: Run) -> Path | None:
    """adapter_config.json at the root, else in the latest checkpoint."""
    from modelcard.sources.trainer import checkpoints

    for folder in [run.run_dir, *reversed(checkpoints(run.run_dir))]:
        if (folder / ADAPTER).is_file():
            return folder / ADAPTER
    return None


def read(run: Run) -> None:
    """Base model, ``library_name: peft``, task and LoRA settings."""
    path = find_adapter(run)
    if path is None:
        return
    config = read_json(run, path, expect="a PEFT adapter configuration (a JSON object)")
    if not config:
        return
    name = rel(run, path)
    model = run.model
    model.library_name = Fact("peft", name)
    raw = config.get("base_model_name_or_path")
    base = hub_id(raw, run.run_dir)
    if base:
        model.base_model = Fact(base, f"{name}:base_model_name_or_path")
    elif isinstance(raw, str) and raw.strip():
        run.problem(name, f"`base_model_name_or_path` is a local path (`{raw}`), not a Hub id; give the base model with `--base-model`")
    else:
        run.problem(name, "has no `base_model_name_or_path`; give the base model with `--base-model`")
    if isinstance(config.get("peft_type"), str):
        model.peft_type = Fact(config["peft_type"], f"{name}:peft_type")
    task = _TASKS.get(str(config.get("task_type")))
    if task:
        model.pipeline_tag = Fact(task, f"{name}:task_type")
    for key in _SETTINGS:
        value = config.get(key)
        if isinstance(value, list):
            value = ", ".join(map(str, value)) if value else None
        if value is not None and not isinstance(value, dict):
            run.extra_hyperparameters[f"peft.{key}"] = Fact(value, f"{name}:{key}")
    version = config.get("peft_version")
    if isinstance(version, str):
        run.framework_versions.setdefault("peft", Fact(version, f"{name}:peft_version"))
