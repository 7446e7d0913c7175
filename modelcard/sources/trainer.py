"""Hugging Face Trainer output: trainer_state.json (provisional reader)."""

from __future__ import annotations

import json

from modelcard.facts import Fact
from modelcard.sources.run import Run


def read(run: Run) -> None:
    path = run.run_dir / "trainer_state.json"
    if not path.is_file():
        return
    state = json.loads(path.read_text(encoding="utf-8"))
    run.read("trainer_state.json")
    run.framework = Fact("transformers", "trainer_state.json")
    train, evals = [], []
    for entry in state.get("log_history") or []:
        if any(k.startswith("eval_") for k in entry):
            evals.append(entry)
        elif "loss" in entry:
            train.append(entry)
        else:
            for k, v in entry.items():
                run.train_metrics[k] = Fact(v, f"trainer_state.json:{k}")
    run.train_log.source = run.eval_log.source = "trainer_state.json"
    run.train_log.extend(train)
    run.eval_log.extend(evals)
