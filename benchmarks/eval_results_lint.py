"""Cost of the `.eval_results` checks: what a card without the folder pays, and linting the files.

1. Every card of ``--corpus`` linted with all default rules, and again with
   MC5xx ignored, in one process, alternating: the difference is what the
   `.eval_results` rules cost on cards that have no such folder.
2. ``--files`` result files of a few entries each beside one card, linted with
   MC5xx (positions, every check, the comparison with ``model-index``), against
   the baseline of reading the same files with ``yaml.safe_load`` (libyaml)
   and ``huggingface_hub.parse_eval_result_entries``.

Usage:
    python benchmarks/eval_results_lint.py [--corpus DIR] [--files 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cards"
CARD = ROOT / "tests" / "fixtures" / "eval_results" / "falcon-mamba-7b"


def _best(runs: list[float]) -> str:
    return f"median {statistics.median(runs):.3f} s, best {min(runs):.3f} s"


def corpus_overhead(corpus: Path, repeat: int) -> None:
    from modelcard.checks import runner
    from modelcard.checks.config import config_from_mapping

    configs = {
        "all rules": config_from_mapping({}, root=corpus),
        "MC5xx ignored": config_from_mapping({"ignore": ["MC5"]}, root=corpus),
    }
    targets = runner.discover([str(corpus)], configs["all rules"])
    times: dict[str, list[float]] = {name: [] for name in configs}
    runner.run(targets, config=configs["all rules"])  # warm caches
    for _ in range(repeat):
        for name, config in configs.items():
            start = time.perf_counter()
            runner.run(targets, config=config)
            times[name].append(time.perf_counter() - start)
    with_rules, without = min(times["all rules"]), min(times["MC5xx ignored"])
    print(f"{len(targets):,} cards, no .eval_results/ folder beside them:")
    for name, runs in times.items():
        print(f"  {name:14} {_best(runs)}")
    print(f"  cost of the MC5xx rules: {100 * (with_rules - without) / without:+.2f}% (best against best)")


def files_against_hub(count: int, repeat: int) -> None:
    import yaml
    from huggingface_hub import parse_eval_result_entries

    from modelcard.checks import lint
    from modelcard.checks.config import config_from_mapping

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "card"
        shutil.copytree(CARD, folder)
        results = folder / ".eval_results"
        source = (results / "gpqa.yaml").read_text()
        for i in range(count):
            (results / f"copy{i:04d}.yaml").write_text(source + source.split("\n", 1)[1].replace("8.05", "8.049"))
        files = sorted(results.glob("*.yaml"))
        config = config_from_mapping({"select": ["MC5"]}, root=folder)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def ours() -> int:
            return len(lint(folder / "README.md", config=config))

        def hub() -> int:
            return sum(len(parse_eval_result_entries(yaml.load(f.read_text(), Loader=loader))) for f in files)

        ours(), hub()
        times: dict[str, list[float]] = {"modelcard lint (MC5xx)": [], "safe_load + hub parser": []}
        for _ in range(repeat):
            for name, work in zip(times, (ours, hub)):
                start = time.perf_counter()
                work()
                times[name].append(time.perf_counter() - start)
        print(f"{len(files)} result files ({2 * count + 2} results) beside one card:")
        for name, runs in times.items():
            print(f"  {name:24} {_best(runs)}")
        ratio = min(times["modelcard lint (MC5xx)"]) / min(times["safe_load + hub parser"])
        print(f"  lint / baseline: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files_against_hub(args.files, args.repeat)
    corpus_overhead(args.corpus, args.repeat)


if __name__ == "__main__":
    main()
