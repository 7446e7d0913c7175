"""The answer to each field of the form, from the run's facts and the card.

One method per field, declared with ``@_fills(field_id)`` beside it, in the
form's order. See :mod:`modelcard.document.fill`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from modelcard.document import form as form_module
from modelcard.document.filled import FILLED, MISSING, PARTIAL, PROVIDER, FilledField, FilledForm
from modelcard.document.form import Field
from modelcard.document.sections import CURATION_WORDS, TOPICS, written
from modelcard.techspecs.numbers import order_of_magnitude, power_of_ten, significant

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.checks.context import CheckContext
    from modelcard.sources.run import Run
    from modelcard.techspecs import TechSpecs


Filler = Callable[["Answers", Field, str], FilledField]
#: Form field id -> the method that fills it.
FILLERS: dict[str, Filler] = {}


def _fills(*field_ids: str) -> Callable[[Filler], Filler]:
    """Declare the method that fills the form fields ``field_ids``."""

    def declare(method: Filler) -> Filler:
        for field_id in field_ids:
            FILLERS[field_id] = method
        return method

    return declare


class Answers:
    """Answers every field of the form for one run and/or card."""

    def __init__(self, run: Run | None, card: Card | None, card_name: str | None) -> None:
        from modelcard.techspecs import technical_specs

        self.run = run
        self.card = card
        self.card_name = card_name or "the card"
        self.meta: dict[str, Any] = dict(card.metadata) if card is not None else {}
        self.ctx: CheckContext | None = None
        self.notes: list[str] = []
        if card is not None:
            from modelcard.checks.context import BodyTooComplex, CheckContext
            from modelcard.checks.rules.body_too_complex import RULE as BODY_TOO_COMPLEX

            self.ctx = CheckContext(card, markup_limit=BODY_TOO_COMPLEX.options["max-markup"])
            try:
                self.ctx.outline  # noqa: B018 - parse once, within the limit lint uses
            except BodyTooComplex as exc:
                self.ctx = None
                self.notes.append(f"{self.card_name}: the body was not read ({exc}): its sections count as missing")
        base = self.meta.get("base_model")
        self.specs: TechSpecs | None = technical_specs(run, base_model=str(base) if base else None) if run else None

    # -- helpers ----------------------------------------------------------------

    def _key(self, key: str) -> str:
        line = self.card.location((key,)).line if self.card is not None else 0
        return f"{self.card_name}:{line} (`{key}`)"

    def _section(self, topic: str) -> tuple[str, str] | None:
        """(text, source) of the provider's section about ``topic``."""
        if self.ctx is None:
            return None
        found = written(self.ctx, TOPICS[topic])
        if found is None:
            return None
        return found.text, f"written by the provider in the card, section `{found.title}` ({self.card_name}:{found.line})"

    def _ask(self, topic: str, *, prefix: bool = True) -> str:
        where = "the card" if self.card is not None else "a card (README.md beside the run)"
        ask = f"add a section such as `{TOPICS[topic].heading}` to {where}"
        return f"{PROVIDER}: {ask}" if prefix else ask

    def _provider(self, f: Field, section: str, topic: str) -> FilledField:
        found = self._section(topic)
        if found:
            return FilledField(f, section, FILLED, found[0], (found[1],))
        return FilledField(f, section, MISSING, note=self._ask(topic))

    def _pipeline_tag(self) -> tuple[str, str] | None:
        tag = self.meta.get("pipeline_tag")
        if isinstance(tag, str) and tag:
            return tag, self._key("pipeline_tag")
        if self.run is not None and self.run.model.pipeline_tag is not None:
            return str(self.run.model.pipeline_tag.value), self.run.model.pipeline_tag.source
        return None

    # -- the form -----------------------------------------------------------------

    def fill(self, run_dir: str | None) -> FilledForm:
        fields = []
        for section in form_module.FORM:
            for f in section.fields:
                fields.append(_redacted(FILLERS[f.id](self, f, section.id)))
        specs = self.specs
        name = next((f.value for f in fields if f.field.id == "model-name" and f.value), None)
        unknown = list(specs.unknown) if specs else ["no training run was read: only the card's content is used"]
        if self.run is not None:
            unknown += [f"`{p.file}`: {p.message}" if p.file else p.message for p in self.run.problems]
        return FilledForm(
            form=form_module.FORM_ID,
            model_name=name.strip("`") if name else None,
            run_dir=run_dir,
            card=self.card_name if self.card is not None else None,
            fields=fields,
            thresholds=list(specs.thresholds) if specs else [],
            unknown=self.notes + list(dict.fromkeys(unknown)),
            specs=specs,
        )

    @_fills("provider-name")
    def _provider_name(self, f: Field, s: str) -> FilledField:
        return FilledField(f, s, MISSING, note=f"{PROVIDER}: neither the card nor the run names the provider's legal entity")

    @_fills("model-name")
    def _model_name(self, f: Field, s: str) -> FilledField:
        index = self.meta.get("model-index")
        if isinstance(index, list) and index and isinstance(index[0], dict) and isinstance(index[0].get("name"), str):
            line = self.card.location(("model-index", 0, "name")).line  # type: ignore[union-attr]
            return FilledField(f, s, PARTIAL, f"`{index[0]['name']}`", (f"{self.card_name}:{line} (`model-index[0].name`)",),
                               "the provider adds the version")  # fmt: skip
        if self.ctx is not None:
            title = next((h for h in self.ctx.headings if h.level == 1), None)
            if title is not None:
                return FilledField(f, s, PARTIAL, f"`{title.text}`", (f"{self.card_name}:{title.line} (the card's title)",),
                                   "the provider adds the version")  # fmt: skip
        if self.run is not None and self.run.model.hub_model_id is not None:
            hub = self.run.model.hub_model_id
            return FilledField(f, s, PARTIAL, f"`{hub.value}`", (hub.source,), "the provider adds the version")
        return FilledField(f, s, MISSING, note=f"{PROVIDER}: no name in the card or the run")

    @_fills("model-authenticity")
    def _model_authenticity(self, f: Field, s: str) -> FilledField:
        digests = self.specs.digests if self.specs else []
        if not digests:
            return FilledField(f, s, MISSING, note="no weights file in the run folder to hash; the provider states the hash of the weights it distributes")
        lines = [f"- `{d.path}` ({d.size_bytes:,} bytes): sha256 `{d.sha256}`" for d in digests]
        value = "sha256 of each weights file, as Git LFS and the Hub record it:\n" + "\n".join(lines)
        return FilledField(f, s, FILLED, value, tuple(f"{d.path} (sha256 of its bytes)" for d in digests))

    @_fills("release-date", "union-release-date")
    def _release_date(self, f: Field, s: str) -> FilledField:
        return FilledField(f, s, MISSING, note=f"{PROVIDER}: a release is not recorded by a training run")


    @_fills("model-dependencies")
    def _model_dependencies(self, f: Field, s: str) -> FilledField:
        base = self.meta.get("base_model")
        if base:
            names = base if isinstance(base, list) else [base]
            relation = self.meta.get("base_model_relation")
            how = f" ({relation})" if isinstance(relation, str) else ""
            return FilledField(f, s, FILLED, ", ".join(f"`{n}`" for n in names) + how, (self._key("base_model"),))
        if self.run is not None and self.run.model.base_model is not None:
            b = self.run.model.base_model
            return FilledField(f, s, FILLED, f"`{b.value}`", (b.source,))
        return FilledField(f, s, MISSING, note=f"{PROVIDER}: no base model is recorded; a model trained from scratch has none, which the provider states")

    @_fills("architecture")
    def _architecture(self, f: Field, s: str) -> FilledField:
        model = self.run.model if self.run is not None else None
        if model is None or model.architecture is None:
            found = self._section("model-description")
            if found:
                return FilledField(f, s, PARTIAL, found[0], (found[1],), "the provider checks that it describes the architecture")
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: the run records no architecture (config.json)")
        value = f"`{model.architecture.value}`"
        sources = [model.architecture.source]
        if model.model_type is not None:
            value += f" (model type `{model.model_type.value}`)"
            sources.append(model.model_type.source)
        return FilledField(f, s, PARTIAL, value, tuple(sources), "the provider adds a short description of the architecture")

    @_fills("design-specification")
    def _design_specification(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "model-description")

    def _modality(self, f: Field, s: str, index: int) -> FilledField:
        from modelcard.document.modalities import MODALITIES

        tag = self._pipeline_tag()
        parts, sources = [], []
        if tag is not None and tag[0] in MODALITIES:
            parts.append(f"{MODALITIES[tag[0]][index]} (the task `{tag[0]}`)")
            sources.append(tag[1])
        limit = self.run.model.max_input if self.run is not None else None
        if index == 0 and limit is not None:
            parts.append(f"at most {limit.value}")
            sources.append(limit.source)
        if not parts:
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: no task (`pipeline_tag`) or configuration tells the modalities")
        note = "the provider adds formats" + (" and the maximum size" if index == 1 or limit is None else "")
        return FilledField(f, s, PARTIAL, "; ".join(parts), tuple(sources), note)

    @_fills("input-modalities")
    def _input_modalities(self, f: Field, s: str) -> FilledField:
        return self._modality(f, s, 0)

    @_fills("output-modalities")
    def _output_modalities(self, f: Field, s: str) -> FilledField:
        return self._modality(f, s, 1)

    @_fills("total-parameters")
    def _total_parameters(self, f: Field, s: str) -> FilledField:
        params = self.specs.parameters if self.specs else None
        if params is None or not isinstance(params.value, int):
            return FilledField(f, s, MISSING, note="no safetensors weights or framework count in the run folder; the provider states the count")
        return FilledField(f, s, FILLED, f"{params.value:,} ({power_of_ten(params.value)})", (params.source,))

    @_fills("distribution-channels")
    def _distribution_channels(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "distribution")

    @_fills("license")
    def _license(self, f: Field, s: str) -> FilledField:
        license_id = self.meta.get("license")
        if not license_id:
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: set `license` in the card's metadata")
        value, sources = f"`{license_id}`", [self._key("license")]
        for key in ("license_name", "license_link"):
            if self.meta.get(key):
                value += f", {key.split('_')[1]} `{self.meta[key]}`"
                sources.append(self._key(key))
        return FilledField(f, s, FILLED, value, tuple(sources))

    @_fills("acceptable-use-policy")
    def _acceptable_use_policy(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "acceptable-use")

    @_fills("intended-uses")
    def _intended_uses(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "intended-uses")

    @_fills("restricted-uses")
    def _restricted_uses(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "restricted-uses")

    @_fills("ai-system-types")
    def _ai_system_types(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "ai-systems")

    @_fills("integration-means")
    def _integration_means(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "integration")

    @_fills("required-hardware")
    def _required_hardware(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "required-hardware")

    @_fills("required-software")
    def _required_software(self, f: Field, s: str) -> FilledField:
        found = self._section("required-software")
        if found:
            return FilledField(f, s, FILLED, found[0], (found[1],))
        recorded = [(n, v) for n, v in (self.run.framework_versions.items() if self.run else []) if v.source != "environment"]
        if not recorded:
            return FilledField(f, s, MISSING, note=self._ask("required-software"))
        value = "libraries the run recorded while training: " + ", ".join(f"{n} {v.value}" for n, v in recorded)
        return FilledField(f, s, PARTIAL, value, tuple(v.source for _, v in recorded),
                           "the provider states what using the model requires")  # fmt: skip

    @_fills("training-process")
    def _training_process(self, f: Field, s: str) -> FilledField:
        found = self._section("training-procedure")
        parts, sources = [], []
        if found:
            parts.append(found[0])
            sources.append(found[1])
        hp = self.run.hyperparameters if self.run is not None else {}
        if hp:
            shown = [(k, v) for k, v in hp.items() if isinstance(v.value, (int, float, str)) and not isinstance(v.value, bool)]
            if shown:
                parts.append("Hyperparameters from the run: " + ", ".join(f"{k} `{v.value}`" for k, v in shown))
                sources.extend(_grouped(v.source for _, v in shown))
        if not parts:
            return FilledField(f, s, MISSING, note=self._ask("training-procedure"))
        if found:
            return FilledField(f, s, FILLED, "\n\n".join(parts), tuple(sources))
        return FilledField(f, s, PARTIAL, parts[0], tuple(sources), self._ask("training-procedure", prefix=False) + " (methods, main steps)")

    @_fills("design-rationale")
    def _design_rationale(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "design-rationale")

    @_fills("data-type")
    def _data_type(self, f: Field, s: str) -> FilledField:
        from modelcard.document.modalities import MODALITIES

        tag = self._pipeline_tag()
        if tag is None or tag[0] not in MODALITIES:
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: no task (`pipeline_tag`) tells the kind of data")
        return FilledField(f, s, PARTIAL, f"{MODALITIES[tag[0]][0]}, as the task `{tag[0]}` takes", (tag[1],),
                           "the provider confirms and details the data's types")  # fmt: skip

    @_fills("data-provenance")
    def _data_provenance(self, f: Field, s: str) -> FilledField:
        found = self._section("training-data")
        datasets = self.meta.get("datasets")
        datasets = [datasets] if isinstance(datasets, str) else datasets if isinstance(datasets, list) else []
        parts, sources = [], []
        if found:
            parts.append(found[0])
            sources.append(found[1])
        if datasets:
            parts.append("Datasets named in the card's metadata: " + ", ".join(f"`{d}`" for d in datasets))
            sources.append(self._key("datasets"))
        if not parts:
            return FilledField(f, s, MISSING, note=self._ask("training-data"))
        status = FILLED if found else PARTIAL
        return FilledField(f, s, status, "\n\n".join(parts), tuple(sources),
                           None if found else self._ask("training-data", prefix=False) + " (where the data comes from)")  # fmt: skip

    @_fills("data-collection")
    def _data_collection(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "data-collection")

    @_fills("data-points")
    def _data_points(self, f: Field, s: str) -> FilledField:
        metrics = self.run.train_metrics if self.run is not None else {}
        parts, sources = [], []
        for key, what in (("train_samples", "training samples"), ("num_input_tokens_seen", "tokens seen in training")):
            fact = metrics.get(key)
            if fact is not None and isinstance(fact.value, (int, float)) and fact.value > 0:
                parts.append(f"{int(fact.value):,} {what}")
                sources.append(fact.source)
        evaluated = self.run.final_eval.get("eval_samples") if self.run is not None else None
        if evaluated is not None and isinstance(evaluated.value, (int, float)):
            parts.append(f"{int(evaluated.value):,} evaluation samples")
            sources.append(evaluated.source)
        if not parts:
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: the run does not log its number of samples (`train_samples`) or tokens")
        return FilledField(f, s, FILLED, "; ".join(parts), tuple(sources))

    @_fills("data-scope")
    def _data_scope(self, f: Field, s: str) -> FilledField:
        language = self.meta.get("language")
        if not language:
            return FilledField(f, s, MISSING, note=f"{PROVIDER}: domains, languages and time span of the data")
        languages = language if isinstance(language, list) else [language]
        return FilledField(f, s, PARTIAL, "languages: " + ", ".join(f"`{x}`" for x in languages), (self._key("language"),),
                           f"{PROVIDER}: domains and time span of the data")  # fmt: skip

    @_fills("data-curation")
    def _data_curation(self, f: Field, s: str) -> FilledField:
        found = self._section("data-curation")
        if found is None:
            data = self._section("training-data")
            if data is not None and CURATION_WORDS.search(data[0]):
                found = data
        if found:
            return FilledField(f, s, FILLED, found[0], (found[1],))
        return FilledField(f, s, MISSING, note=self._ask("data-curation"))

    @_fills("unsuitable-data-measures")
    def _unsuitable_data_measures(self, f: Field, s: str) -> FilledField:
        return self._provider(f, s, "data-suitability")

    @_fills("bias-measures")
    def _bias_measures(self, f: Field, s: str) -> FilledField:
        answer = self._provider(f, s, "bias")
        if answer.status == FILLED and _GENERAL_RISKS.search(answer.sources[0]):
            note = "the section speaks of the model's biases and risks; the form asks how biases in the data were detected"
            return FilledField(f, s, PARTIAL, answer.value, answer.sources, note)
        return answer

    def _unknown(self, prefix: str) -> str | None:
        return next((u for u in (self.specs.unknown if self.specs else []) if u.startswith(prefix)), None)

    @_fills("training-time")
    def _training_time(self, f: Field, s: str) -> FilledField:
        t = self.specs.time if self.specs else None
        if t is None:
            return FilledField(f, s, MISSING, note=self._unknown("training time") or "no training run was read")
        value = f"{significant(t.hours)} hours wall-clock ({significant(t.seconds)} s)"
        sources = [t.source]
        if self.run is not None and self.run.resumed is not None and "train_runtime" in t.source:
            return FilledField(f, s, PARTIAL, value, (t.source, self.run.resumed.source),
                               f"{t.method}: the provider adds the earlier sessions' time (or tracks every "
                               "session with `modelcard track`)")  # fmt: skip
        if t.devices is not None:
            value += f"; {significant(t.device_hours or 0.0)} {t.devices.kind}-hours ({t.devices.count} × {t.devices.kind}"
            value += f" `{t.devices.model}`)" if t.devices.model else ")"
            sources.append(t.devices.source)
            return FilledField(f, s, FILLED, value, tuple(sources), t.method)
        return FilledField(f, s, PARTIAL, value, tuple(sources), f"{t.method}; the devices are not recorded: the provider adds the hardware-time")

    @_fills("training-compute")
    def _training_compute(self, f: Field, s: str) -> FilledField:
        c = self.specs.compute if self.specs else None
        if c is None:
            return FilledField(f, s, MISSING, note=self._unknown("training compute") or "no training run was read")
        bound = "at most " if c.upper_bound else ""
        value = f"{bound}{power_of_ten(c.flop)} FLOP (order of magnitude: 10^{order_of_magnitude(c.flop)})"
        return FilledField(f, s, FILLED, value, c.sources, f"method `{c.method}`, described under the measurement methodology")

    @_fills("compute-methodology")
    def _compute_methodology(self, f: Field, s: str) -> FilledField:
        c = self.specs.compute if self.specs else None
        if c is None:
            return FilledField(f, s, MISSING, note="no training compute to describe")
        return FilledField(f, s, FILLED, c.description, c.sources)

    @_fills("training-energy")
    def _training_energy(self, f: Field, s: str) -> FilledField:
        e = self.specs.energy if self.specs else None
        if e is None:
            return FilledField(f, s, MISSING, note=(self._unknown("training energy") or "no training run was read")
                               + "; the form accepts \"not known\" when the compute provider does not disclose it")  # fmt: skip
        basis = e.basis or "measured or estimated: not recorded"
        return FilledField(f, s, FILLED, f"{significant(e.mwh)} MWh ({significant(e.kwh)} kWh), {basis}",
                           (e.source,) + ((e.basis_source,) if e.basis_source else ()))  # fmt: skip

    @_fills("energy-methodology")
    def _energy_methodology(self, f: Field, s: str) -> FilledField:
        e = self.specs.energy if self.specs else None
        if e is None:
            return FilledField(f, s, MISSING, note="no training energy to describe")
        value = e.methodology
        if e.caveats:
            value += "\n\nCaveats recorded with the measurement:\n" + "\n".join(f"- {c}" for c in e.caveats)
        return FilledField(f, s, FILLED, value, (e.source,))

    @_fills("inference-compute")
    def _inference_compute(self, f: Field, s: str) -> FilledField:
        return FilledField(f, s, MISSING, note=f"{PROVIDER}: a training run does not benchmark inference")


#: A section about the model's risks in general (the Hub template's "Bias, Risks, and Limitations").
_GENERAL_RISKS = re.compile(r"(?i)section `[^`]*\b(?:risks?|limitations?|ethic\w*)\b")


def _grouped(sources: Iterable[str]) -> list[str]:
    """``file:key`` sources as one ``file:key, key...`` per file (other sources as they are)."""
    by_file: dict[str, list[str]] = {}
    for source in sources:
        file, sep, key = source.partition(":")
        if sep and " " not in file:
            by_file.setdefault(file, []).append(key)
        else:
            by_file.setdefault(source, [])
    return [f"{file}:{', '.join(keys)}" if keys else file for file, keys in by_file.items()]


def _redacted(answer: FilledField) -> FilledField:
    """The answer with secret-looking text (a token pasted into a card) replaced."""
    from dataclasses import replace

    from modelcard.secrets import redact

    return replace(
        answer,
        value=redact(answer.value) if answer.value else answer.value,
        sources=tuple(redact(x) for x in answer.sources),
        note=redact(answer.note) if answer.note else answer.note,
    )
