"""Compare the numbers of our generated cards with the ones authors published from the same logs.

For every card in ``CARD_LOG_PAIRS.tsv`` (corpus ``logs/``), the logs that sat
beside it are put in a run folder, ``modelcard generate`` writes a card from
them, and three groups of numbers are compared with the published card:

- the final evaluation (``model-index`` metrics and the "results on the
  evaluation set" list),
- the training-results table (matched by step, column by column),
- the hyperparameters list (learning rate, batch sizes, seed...).

Numbers match when equal at the precision the published card prints. Every
difference is listed with the likely reason. Usage::

    python benchmarks/card_log_pairs.py [--corpus PATH/TO/corpus] [-v]
"""

from __future__ import annotations

import argparse
import collections
import csv
import math
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

#: Log kinds and the file name they have in a run folder.
KINDS = {
    "trainer_state": "trainer_state.json",
    "all_results": "all_results.json",
    "eval_results": "eval_results.json",
    "train_results": "train_results.json",
    "predict_results": "predict_results.json",
    "training_args": "training_args.json",
}


def assemble_runs(logs: Path, dest: Path) -> dict[str, Path]:
    """Rebuild one run folder per ``trainer_state.json`` of the corpus.

    Corpus files are named ``<kind>/<owner>__<repo>/<dir__>file``; files of
    other kinds with the same folder and prefix belong to the same run.
    """
    runs: dict[str, Path] = {}
    for state in sorted((logs / "trainer_state").glob("*/*trainer_state.json")):
        repo, prefix = state.parent.name, state.name[: -len("trainer_state.json")]
        key = f"{repo}/{prefix.replace('__', '/')}".rstrip("/")
        run = dest / re.sub(r"[^A-Za-z0-9_.-]+", "_", key)
        run.mkdir(parents=True, exist_ok=True)
        for kind, name in KINDS.items():
            src = logs / kind / repo / f"{prefix}{name}"
            if src.is_file():
                shutil.copyfile(src, run / name)
        runs[key] = run
    return runs


def _pairs(logs: Path) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    grouped: dict[tuple[str, str, str], list[tuple[str, str]]] = collections.defaultdict(list)
    with open(logs / "CARD_LOG_PAIRS.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[(row["repo"], row["dir"], row["card"])].append((row["kind"], row["log"]))
    return grouped


#: Metric names recognised in free-form "- **BLEU Score:** 43.12" lines.
STATED_METRICS = frozenset(
    {"accuracy", "f1", "precision", "recall", "wer", "cer", "bleu", "sacrebleu", "rouge1", "rouge2", "rougel",
     "rougelsum", "loss", "evalloss", "perplexity", "exactmatch", "auc", "mae", "mse", "rmse"}
)

_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def _num(text: Any) -> float | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    text = str(text).strip().strip("`*")
    return float(text) if _NUMBER.match(text) else None


def _decimals(text: str) -> int | None:
    text = str(text).strip()
    if "e" in text.lower():
        return None
    return len(text.split(".")[1]) if "." in text else 0


def _same(ours: float, theirs_text: Any) -> bool:
    theirs = _num(theirs_text)
    if theirs is None:
        return False
    if math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12):
        return True
    places = _decimals(str(theirs_text)) if isinstance(theirs_text, str) else None
    return places is not None and abs(round(ours, places) - theirs) < 10 ** (-places) / 2 + 1e-12


def _norm(name: str) -> str:
    # "rogue" is a misspelling of "rouge" found in published cards
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("validation", "eval").replace("rogue", "rouge"))


def _split(text: str) -> tuple[dict[str, Any], str]:
    from modelcard.card import Card
    from modelcard.errors import CardError

    try:
        card = Card.from_text(text)
        return (card.metadata if isinstance(card.metadata, dict) else {}), card.body
    except CardError:
        return {}, text


def eval_numbers(metadata: dict[str, Any], body: str) -> dict[str, list[str]]:
    """Final-evaluation numbers a card states: model-index metrics and the results list."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    index = metadata.get("model-index")
    if isinstance(index, list):
        for model in index:
            for result in (model or {}).get("results") or [] if isinstance(model, dict) else []:
                for m in (result or {}).get("metrics") or [] if isinstance(result, dict) else []:
                    if isinstance(m, dict) and _num(m.get("value")) is not None:
                        found[f"model-index {_norm(str(m.get('type', m.get('name'))))}"].append(str(m["value"]))
    for m in re.finditer(r"^[-*] \*\*([A-Za-z0-9 -]+?):?\*\*:? (-?[0-9.]+)\s*%?\s*$", body, re.M):
        name = _norm(m.group(1)).removesuffix("score")
        if name in STATED_METRICS and _num(m.group(2)) is not None:
            found[f"results {name}"].append(m.group(2))
    m = re.search(r"results on the evaluation set[^\n]*:\n((?:[-*] [^\n]+\n?)+)", body)
    if m:
        for line in m.group(1).splitlines():
            name, _, value = line[2:].partition(":")
            if _num(value) is not None:
                found[f"results {_norm(name)}"].append(value.strip())
    return found


def table_rows(body: str) -> dict[str, dict[str, str]]:
    """The training-results table: step (or epoch) -> {column: text}."""
    rows: dict[str, dict[str, str]] = {}
    lines = body.splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or not any(_norm(c) in ("step", "epoch") for c in cells):
            continue
        if i + 1 >= len(lines) or not re.match(r"^\s*\|?\s*:?-{2,}", lines[i + 1]):
            continue
        header = [_norm(c) for c in cells]
        key_col = header.index("step") if "step" in header else header.index("epoch")
        for row_line in lines[i + 2 :]:
            if not row_line.lstrip().startswith("|"):
                break
            row = [c.strip() for c in row_line.strip().strip("|").split("|")]
            if len(row) == len(header) and _num(row[key_col]) is not None:
                rows[str(_num(row[key_col]))] = dict(zip(header, row))
        break
    return rows


def hyperparameters(body: str) -> dict[str, str]:
    """``- learning_rate: 5e-05`` lines, or our ``| learning_rate | 5e-05 | ... |`` table."""
    found = {}
    for m in re.finditer(r"^[-*] ([a-z_]+): ([^\s]+)\s*$", body, re.M):
        found[m.group(1)] = m.group(2)
    for m in re.finditer(r"^\| ([a-z_]+) \| ([^|]+?) \| `[^`]*` \|$", body, re.M):
        found[m.group(1)] = m.group(2)
    return found


def compare(ours_text: str, theirs_text: str) -> list[tuple[str, str, str, str]]:
    """(kind, what, ours, theirs) for every comparable number; ours is "" when we state none."""
    our_meta, our_body = _split(ours_text)
    their_meta, their_body = _split(theirs_text)
    out = []
    ours_eval = eval_numbers(our_meta, our_body)
    for key, their_values in eval_numbers(their_meta, their_body).items():
        metric = key.split(" ", 1)[1]
        candidates = ours_eval.get(key, []) + ours_eval.get(f"results {metric}", []) + ours_eval.get(f"model-index {metric}", [])
        for theirs in their_values:
            same = [o for o in candidates if _num(o) is not None and _same(_num(o), theirs)]
            ours = same[0] if same else (candidates[0] if candidates else "")
            out.append(("final evaluation", key, ours, theirs))
    our_rows = table_rows(our_body)
    for step, their_row in table_rows(their_body).items():
        our_row = our_rows.get(step, {})
        for col, theirs in their_row.items():
            if _num(theirs) is None or col in ("step",):
                continue
            out.append(("training results", f"step {step} {col}", our_row.get(col, ""), theirs))
    ours_hp = hyperparameters(our_body)
    for name, theirs in hyperparameters(their_body).items():
        if _num(theirs) is None:
            continue
        out.append(("hyperparameters", name, ours_hp.get(name, ""), theirs))
    return out


def _in_logs(run: Path, theirs: str) -> str | None:
    """Where a published number appears in the run's logs, if anywhere."""
    import json

    try:
        state = json.loads((run / "trainer_state.json").read_text(encoding="utf-8"))
        for entry in state.get("log_history") or []:
            for k, v in entry.items():
                if k.startswith("eval_") and isinstance(v, (int, float)) and _same(float(v), theirs):
                    return f"theirs is the evaluation logged at step {entry.get('step')} (a best or earlier checkpoint); ours is the final evaluation"
    except (OSError, ValueError, AttributeError):
        pass
    for name in ("all_results.json", "eval_results.json", "predict_results.json"):
        try:
            results = json.loads((run / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for k, v in results.items():
            if isinstance(v, (int, float)) and _same(float(v), theirs):
                return f"theirs is `{k}` of {name}, reported under another name"
    return None


def _reason(kind: str, what: str, ours: str, theirs: str, run: Path) -> str:
    if kind == "final evaluation":
        found = _in_logs(run, theirs)
        if found:
            return found
        return "the published number is in none of the logs beside the card (written from another run, or by hand)"
    if not ours:
        if kind == "hyperparameters":
            return "not in the logs beside the card (no training_args.json)"
        return "row or column not in our table (the logs do not hold this evaluation)"
    return "the published card was written from a different state of the run (logs continued or restarted)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"),
                        help="the corpus folder (holding logs/ and cards/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    logs = corpus / "logs"
    from modelcard.generate import generate_card

    totals: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n, ((repo, folder, card_path), files) in enumerate(sorted(_pairs(logs).items())):
            run = Path(tmp) / f"run{n}"
            run.mkdir()
            for kind, log in files:
                name = KINDS.get(kind)
                if name:
                    shutil.copyfile(corpus / log, run / name)
            theirs = (corpus / card_path).read_text(encoding="utf-8", errors="replace")
            their_meta, _ = _split(theirs)
            meta = {k: their_meta[k] for k in ("datasets", "pipeline_tag", "base_model", "license") if k in their_meta}
            index = their_meta.get("model-index")
            if isinstance(index, list) and index and isinstance(index[0], dict):
                try:
                    meta.setdefault("pipeline_tag", index[0]["results"][0]["task"]["type"])
                    meta.setdefault("datasets", [index[0]["results"][0]["dataset"]["type"]])
                except (KeyError, IndexError, TypeError):
                    pass
            try:
                ours = generate_card(run, metadata=meta, output=run / "README.md").card.dumps()
            except Exception as e:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"{repo} {folder}: generation failed: {type(e).__name__}: {e}")
                totals["failed"] += 1
                continue
            rows = compare(ours, theirs)
            matched = [r for r in rows if _num(r[2]) is not None and _same(_num(r[2]), r[3])]
            differ = [r for r in rows if r not in matched]
            totals["cards"] += 1
            totals["numbers"] += len(rows)
            totals["matched"] += len(matched)
            label = f"{repo}" + (f" [{folder}]" if folder != "." else "")
            print(f"{label}: {len(matched)}/{len(rows)} numbers match ({', '.join(k for k, _ in files)})")
            for kind, what, o, t in differ:
                reason = _reason(kind, what, o, t, run)
                reasons[f"{kind}: {reason}"] += 1
                if args.verbose or kind != "training results":
                    print(f"    {kind}: {what}: ours {o or '—'} vs published {t}: {reason}")
    print()
    print(f"{totals['cards']} cards compared, {totals['failed']} failed; "
          f"{totals['matched']} of {totals['numbers']} published numbers match ours")
    for reason, count in reasons.most_common():
        print(f"  {count:4d} differ: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
