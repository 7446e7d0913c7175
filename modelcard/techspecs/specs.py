"""The technical specifications of a run, assembled, and their template view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.run import Run
from modelcard.techspecs.authenticity import WeightDigest, weight_digests
from modelcard.techspecs.compute import Compute, training_compute
from modelcard.techspecs.duration import TrainingTime, training_time
from modelcard.techspecs.energy import Energy, training_energy
from modelcard.techspecs.numbers import power_of_ten, significant
from modelcard.techspecs.thresholds import NOTICE, Comparison, compare


@dataclass
class TechSpecs:
    """Compute, time, energy, parameters and weights hashes of one run.

    Attributes:
        compute: training compute with its method, or None.
        time: training time, or None.
        energy: training energy, or None.
        parameters: the parameter count, or None.
        digests: sha256 of each weights file.
        thresholds: compute set beside the indicative thresholds (empty when compute is unknown).
        unknown: what the run's files do not tell, one sentence each.
    """

    compute: Compute | None = None
    time: TrainingTime | None = None
    energy: Energy | None = None
    parameters: Fact | None = None
    digests: list[WeightDigest] = field(default_factory=list)
    thresholds: list[Comparison] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def technical_specs(run: Run, *, base_model: str | None = None) -> TechSpecs:
    """Everything the run's files tell about its training resources and weights.

    Args:
        run: the run's facts.
        base_model: the model this one was trained from, when known beyond the
            run's files (the card's ``base_model``); it makes the
            modification threshold apply.
    """
    specs = TechSpecs()
    specs.time = training_time(run)
    if specs.time is None:
        specs.unknown.append("training time: no `train_runtime` (Trainer) and no codecarbon `emissions.csv`")
    elif specs.time.devices is None:
        specs.unknown.append("hardware-time: the number and kind of devices are not recorded")
    specs.compute, why = training_compute(run, specs.time)
    if why:
        specs.unknown.append(why)
    specs.energy = training_energy(run)
    if specs.energy is None:
        specs.unknown.append(
            "training energy: no codecarbon `emissions.csv` with `energy_consumed` "
            "(measure it with `modelcard track -- COMMAND`)"
        )
    if run.weights is not None and run.weights.parameters is not None:
        specs.parameters = run.weights.parameters
    else:
        specs.unknown.append("number of parameters: no safetensors weights (or framework count) in the run folder")
    specs.digests, unreadable = weight_digests(run)
    specs.unknown.extend(unreadable)
    if not specs.digests and not unreadable:
        specs.unknown.append("weights hashes: no weights file in the run folder")
    modification = bool(base_model) or run.model.base_model is not None
    if specs.compute is not None:
        specs.thresholds = compare(specs.compute, modification=modification)
    return specs


def markdown_source(source: str) -> str:
    """A source for Markdown: in a code span, unless it holds code spans itself."""
    return source if "`" in source else f"`{source}`"


def template_view(specs: TechSpecs) -> dict[str, Any]:
    """The specifications as template variables: numbers already written out."""
    out: dict[str, Any] = {"unknown": list(specs.unknown), "notice": NOTICE}
    if specs.compute is not None:
        c = specs.compute
        out["compute"] = {
            "flop": c.flop,
            "text": f"{'at most ' if c.upper_bound else ''}{power_of_ten(c.flop)} FLOP",
            "method": c.method,
            "description": c.description,
            "sources": list(c.sources),
            "sources_md": ", ".join(markdown_source(x) for x in c.sources),
        }
    if specs.time is not None:
        t = specs.time
        time: dict[str, Any] = {
            "seconds": t.seconds,
            "hours": significant(t.hours),
            "method": t.method,
            "source": t.source,
            "source_md": markdown_source(t.source),
        }
        if t.devices is not None:
            time["devices"] = {
                "count": t.devices.count,
                "kind": t.devices.kind,
                "source": t.devices.source,
                "source_md": markdown_source(t.devices.source),
            }
            if t.devices.model:
                time["devices"]["model"] = t.devices.model
            time["device_hours"] = significant(t.device_hours or 0.0)
        out["time"] = time
    if specs.energy is not None:
        e = specs.energy
        out["energy"] = {
            "kwh": significant(e.kwh),
            "mwh": significant(e.mwh),
            "basis": e.basis or "not recorded",
            "methodology": e.methodology,
            "caveats": list(e.caveats),
        }
    if specs.digests:
        out["digests"] = [{"path": d.path, "size_bytes": d.size_bytes, "sha256": d.sha256} for d in specs.digests]
    if specs.thresholds:
        out["thresholds"] = [t.text for t in specs.thresholds]
    return out
