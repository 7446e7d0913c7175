"""Reading a 200 MB trainer_state.json (1M log entries): read_run vs json.load.

Writes a synthetic Trainer run into a temporary folder, then times, in
separate child processes, a bare ``json.load`` of the file and
``modelcard.sources.read_run`` of the folder, and prints the wall-time ratio
and each child's peak RSS relative to the file size.

Targets: read_run at most 1.5x json.load's wall time, peak RSS at most 2.5x
the file size.

Usage: python benchmarks/trainer_state_large.py [--entries 1000000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "json":
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle)
    rows = len(value["log_history"])
else:
    from modelcard.sources import read_run
    run = read_run(path)
    rows = len(run.train_log) + len(run.eval_log)
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_bytes": peak_kib * 1024, "rows": rows}))
"""


def write_state(path: Path, entries: int, seed: int = 0) -> None:
    """A trainer_state.json shaped like a recent Trainer's, ``entries`` long."""
    rng = random.Random(seed)
    steps_per_epoch = 10_000
    eval_every = 1_000
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "best_global_step": null,\n  "best_metric": null,\n  "best_model_checkpoint": null,\n')
        out.write(f'  "epoch": {entries / steps_per_epoch},\n  "eval_steps": {eval_every},\n')
        out.write(f'  "global_step": {entries},\n  "is_hyper_param_search": false,\n')
        out.write('  "is_local_process_zero": true,\n  "is_world_process_zero": true,\n  "log_history": [\n')
        lr = 5e-5
        written = 0
        step = 0
        while written < entries:
            step += 1
            entry = {
                "epoch": step / steps_per_epoch,
                "grad_norm": rng.uniform(0.1, 10.0),
                "learning_rate": lr * (1 - step / (entries + 1)),
                "loss": round(rng.uniform(0.01, 3.0), 4),
                "mean_token_accuracy": rng.uniform(0.0, 1.0),
                "step": step,
            }
            if step % eval_every == 0 and written + 1 < entries:
                evaluation = {
                    "epoch": step / steps_per_epoch,
                    "eval_accuracy": rng.uniform(0.5, 1.0),
                    "eval_loss": rng.uniform(0.1, 2.0),
                    "eval_runtime": rng.uniform(10, 20),
                    "eval_samples_per_second": rng.uniform(50, 100),
                    "eval_steps_per_second": rng.uniform(5, 10),
                    "step": step,
                }
                out.write(_entry(entry) + ",\n" + _entry(evaluation) + ",\n")
                written += 2
            else:
                out.write(_entry(entry) + ",\n")
                written += 1
        summary = {
            "epoch": step / steps_per_epoch,
            "step": step,
            "total_flos": 1.2e18,
            "train_loss": 0.5,
            "train_runtime": 86400.0,
            "train_samples_per_second": 12.5,
            "train_steps_per_second": 1.5,
        }
        out.write(_entry(summary) + "\n  ],\n")
        out.write(f'  "logging_steps": 1,\n  "max_steps": {step},\n  "num_input_tokens_seen": 0,\n')
        out.write('  "num_train_epochs": 100,\n  "save_steps": 500,\n  "stateful_callbacks": {\n')
        out.write('    "TrainerControl": {\n      "args": {\n        "should_save": true\n      },\n')
        out.write('      "attributes": {}\n    }\n  },\n  "total_flos": 1.2e18,\n  "train_batch_size": 8,\n')
        out.write('  "trial_name": null,\n  "trial_params": null\n}\n')


def _entry(entry: dict) -> str:
    body = json.dumps(entry, indent=2, sort_keys=True)
    return "    " + body.replace("\n", "\n    ")


def measure(mode: str, path: Path) -> dict:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], check=True, capture_output=True, text=True
    )
    result = json.loads(completed.stdout)
    result["process_seconds"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the run here and keep it")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="modelcard-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        state = folder / "trainer_state.json"
        started = time.perf_counter()
        write_state(state, args.entries)
        size = state.stat().st_size
        print(f"wrote {state} ({size / 1e6:.1f} MB, {args.entries} entries) in {time.perf_counter() - started:.1f}s", file=sys.stderr)

        results: dict[str, list[dict]] = {"json": [], "read_run": []}
        for _ in range(args.repeat):
            results["json"].append(measure("json", state))
            results["read_run"].append(measure("read_run", folder))
        best = {mode: min(runs, key=lambda r: r["seconds"]) for mode, runs in results.items()}
        peak = {mode: max(r["peak_bytes"] for r in runs) for mode, runs in results.items()}
        for mode in ("json", "read_run"):
            b = best[mode]
            print(
                f"{mode:9} {b['seconds']:6.2f}s (process {b['process_seconds']:6.2f}s)  "
                f"peak RSS {peak[mode] / 1e6:7.1f} MB = {peak[mode] / size:4.2f}x file  rows {b['rows']}"
            )
        time_ratio = best["read_run"]["seconds"] / best["json"]["seconds"]
        process_ratio = best["read_run"]["process_seconds"] / best["json"]["process_seconds"]
        memory_ratio = peak["read_run"] / size
        print(f"wall time ratio read_run / json.load: {time_ratio:.2f} (limit 1.50; whole process {process_ratio:.2f})")
        print(f"peak memory ratio read_run / file size: {memory_ratio:.2f} (limit 2.50)")
        return 0 if time_ratio <= 1.5 and memory_ratio <= 2.5 else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
