"""Time ``modelcard generate`` on a 200 MB, 1M-entry ``trainer_state.json`` against a bare ``json.load``.

Writes a synthetic run folder (a Trainer log of 1,000,000 entries written the
way the Trainer writes it: ``json.dumps(state, indent=2, sort_keys=True)``,
with ``num_input_tokens_seen`` and an evaluation every 50 steps: about 200 MB), then runs each side in a fresh process, several
times, and reports the best wall time and the peak resident memory:

- time ratio: ``modelcard generate`` / ``json.load`` (target <= 1.5)
- memory ratio: peak RSS of ``modelcard generate`` / file size (target <= 2.5)

With matplotlib installed the default draws the training-curve picture; peak
memory is that of the process tree (sampled), not only the largest process.

Usage::

    python benchmarks/generate_large.py [--entries 1000000] [--dir /tmp/modelcard-bench] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

EVAL_EVERY = 50
FORMAT = 2  # bump when write_state changes, to rewrite a cached file


def write_state(path: Path, entries: int) -> None:
    """A trainer_state.json with ``entries`` log entries, streamed to disk."""
    rng = random.Random(0)
    steps = entries * EVAL_EVERY // (EVAL_EVERY + 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n  "best_global_step": null,\n  "best_metric": null,\n  "best_model_checkpoint": null,\n')
        f.write(f'  "epoch": 3.0,\n  "eval_steps": {EVAL_EVERY},\n  "global_step": {steps},\n')
        f.write('  "is_hyper_param_search": false,\n  "is_local_process_zero": true,\n  "is_world_process_zero": true,\n')
        f.write('  "log_history": [\n')
        written = 0
        step = 0
        loss = 2.5
        while written < entries:
            step += 1
            loss = max(0.01, loss * 0.99999 + rng.uniform(-0.01, 0.01))
            entry = {
                "epoch": 3.0 * step / steps,
                "grad_norm": rng.uniform(0.1, 3.0),
                "learning_rate": 5e-05 * (1 - step / steps),
                "loss": round(loss, 4),
                "num_input_tokens_seen": step * 4096,
                "step": step,
            }
            chunk = [entry]
            if step % EVAL_EVERY == 0:
                chunk.append({
                    "epoch": entry["epoch"],
                    "eval_accuracy": rng.uniform(0.5, 0.95),
                    "eval_f1": rng.uniform(0.5, 0.95),
                    "eval_loss": loss + rng.uniform(0.0, 0.3),
                    "eval_runtime": rng.uniform(10, 20),
                    "eval_samples_per_second": rng.uniform(100, 200),
                    "eval_steps_per_second": rng.uniform(10, 20),
                    "step": step,
                })
            for item in chunk:
                if written >= entries:
                    break
                text = json.dumps(item, indent=2, sort_keys=True).replace("\n", "\n    ")
                f.write(("    " if written == 0 else ",\n    ") + text)
                written += 1
        f.write("\n  ],\n")
        f.write(f'  "logging_steps": 1,\n  "max_steps": {steps},\n  "num_input_tokens_seen": 0,\n')
        f.write('  "num_train_epochs": 3,\n  "save_steps": 500,\n  "stateful_callbacks": {},\n')
        f.write('  "total_flos": 1.2e+18,\n  "train_batch_size": 8,\n  "trial_name": null,\n  "trial_params": null\n}\n')


MEASURE = r"""
import os, resource, subprocess, sys, threading, time

def tree_rss(pid):
    # resident KiB of a process and its descendants (Linux /proc; 0 elsewhere)
    total, stack = 0, [pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                stack += map(int, f.read().split())
        except (OSError, StopIteration):
            pass
    return total

cmd = eval(sys.argv[1])
t = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = [0]
def sample():
    while proc.returncode is None:
        peak[0] = max(peak[0], tree_rss(proc.pid))
        time.sleep(0.01)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
rc = proc.wait()
wall = time.perf_counter() - t
sampler.join()
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, wall, r.ru_utime + r.ru_stime, max(r.ru_maxrss, peak[0]))
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, with any helper processes) and
    peak resident memory (bytes: the largest process, or the whole process tree
    sampled every 10 ms when larger) of a command in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, repr(cmd)], capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return float(out[1]), float(out[2]), int(out[3]) * 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "modelcard-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    run = Path(args.dir) / "run"
    run.mkdir(parents=True, exist_ok=True)
    state = run / "trainer_state.json"
    marker = run / f".entries-{args.entries}-v{FORMAT}"
    if not marker.exists():
        print(f"writing {state} ({args.entries:,} entries)...", file=sys.stderr)
        write_state(state, args.entries)
        for old in run.glob(".entries-*"):
            old.unlink()
        marker.touch()
    size = state.stat().st_size
    card = Path(args.dir) / "card" / "README.md"
    bare = [sys.executable, "-c", f"import json; json.load(open({str(state)!r}, encoding='utf-8'))"]
    ours = [sys.executable, "-m", "modelcard", "generate", str(run), "-o", str(card),
            "--dataset", "imdb", "--task", "text-classification", "--license", "mit"]
    results = {}
    for name, cmd in (("json.load", bare), ("modelcard generate", ours), ("modelcard generate --no-plot", ours + ["--no-plot"])):
        runs = []
        for _ in range(args.repeat):
            if card.exists():
                card.unlink()
            runs.append(measure(cmd))
        # best wall and CPU time of the repeats (the least disturbed by other load), worst peak memory
        results[name] = (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs))
    print(f"trainer_state.json: {size / 1e6:.1f} MB, {args.entries:,} log entries; best of {args.repeat} runs, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    wall0, cpu0, _ = results["json.load"]
    for name, (wall, cpu, rss) in results.items():
        print(f"{name:<30} wall {wall:6.2f} s ({wall / wall0:.2f}x)  cpu {cpu:6.2f} s ({cpu / cpu0:.2f}x)  "
              f"peak RSS {rss / 1e6:7.1f} MB ({rss / size:.2f}x file size)")
    print("targets: time <= 1.5x json.load, peak memory <= 2.5x file size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
