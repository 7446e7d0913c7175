"""PEFT adapters: ``adapter_config.json`` names the base model and the method.

An adapter folder is published with ``library_name: peft`` and the base
model it adapts; LoRA settings become ``peft.*`` extra hyperparameters.
"""

from __future__ import annotations

from modelcard.facts import Fact
from modelcard.sources.config import read_base_model
from modelcard.sources.files import find_file, read_json, rel
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


def read(run: Run) -> None:
    """Base model, ``library_name: peft``, task and LoRA settings."""
    path = find_file(run, ADAPTER)
    if path is None:
        return
    config = read_json(run, path, expect="a PEFT adapter configuration (a JSON object)")
    if not config:
        return
    name = rel(run, path)
    model = run.model
    model.library_name = Fact("peft", name)
    if not read_base_model(run, config, name, "base_model_name_or_path"):
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
