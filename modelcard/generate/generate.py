"""Generate (or regenerate) a card from a training run's output folder."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.errors import ModelcardError, UsageError
from modelcard.secrets import find_secrets, is_secret_key

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.generate.eval_results import EvalFiles
    from modelcard.sources.run import Run

PLOT_NAME = "training_curves.png"

#: Framework versions the run did not record come from the environment that
#: generates the card; ``check`` does not count them as staleness (they are
#: not facts of the logs, and CI rarely runs where training did).
ENVIRONMENT_LINE = re.compile(r"^- .*[( ]from the environment that generated this card; the run did not record it\)\r?\n", re.M)

#: Flags of ``modelcard generate`` and the front-matter keys they set.
OVERRIDE_KEYS = {
    "license": "license",
    "dataset": "datasets",
    "datasets": "datasets",
    "base_model": "base_model",
    "task": "pipeline_tag",
    "pipeline_tag": "pipeline_tag",
    "language": "language",
}


class StaleCardError(ModelcardError):
    """``--check``: the card on disk differs from what the logs give now.

    Attributes:
        diff: a unified diff from the card on disk to the regenerated card.
    """

    def __init__(self, message: str, diff: str) -> None:
        super().__init__(message)
        self.diff = diff


@dataclass
class Generated:
    """What :func:`generate_card` produced.

    Attributes:
        card: the new card (not yet written).
        missing: what the logs do not tell (also stated in the card).
        plot: the training-curve PNG to write beside the card, as bytes, or None.
        previous: the bytes of the card on disk, or None when there is none.
        beside: the ``.eval_results`` files to write beside the card, or None.
    """

    card: Card
    missing: list[str] = field(default_factory=list)
    plot: bytes | None = None
    previous: bytes | None = None
    beside: EvalFiles | None = None
    run: Run | None = field(default=None, repr=False)

    @property
    def changed(self) -> bool:
        return self.previous != self.card.to_bytes()

    @property
    def stale(self) -> bool:
        """Whether the card on disk differs from this one in anything the logs say."""
        if self.previous is None or (self.beside is not None and self.beside.changed):
            return True
        old = self.previous.decode("utf-8", "replace")
        return ENVIRONMENT_LINE.sub("", old) != ENVIRONMENT_LINE.sub("", self.card.dumps())

    def diff(self, name: str = "README.md") -> str:
        old = (self.previous or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = self.card.to_bytes().decode("utf-8").splitlines(keepends=True)
        diff = "".join(difflib.unified_diff(old, new, f"{name} (on disk)", f"{name} (from the logs)"))
        for path in self.beside.changed if self.beside is not None else ():
            before = (self.beside.previous.get(path) or b"").decode("utf-8", "replace").splitlines(keepends=True)
            after = self.beside.files[path].decode("utf-8").splitlines(keepends=True)
            diff += "".join(difflib.unified_diff(before, after, f"{path} (on disk)", f"{path} (from the logs)"))
        return diff


def load_user_metadata(metadata: str | Path | Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``--metadata`` YAML file (or a mapping) as a dict; errors name the file."""
    if metadata is None:
        return {}
    if isinstance(metadata, Mapping):
        return dict(metadata)
    import yaml

    path = Path(metadata)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: metadata file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read the metadata file: {e}") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(e, "problem", None) or str(e)
        raise UsageError(f"{where}: not valid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a YAML mapping of card metadata, found {type(data).__name__}")
    return data


def _user_values(metadata: Mapping[str, Any], overrides: Mapping[str, Any] | None) -> tuple[dict[str, Any], str | None]:
    user = dict(metadata)
    model_name = user.pop("model_name", None)
    for flag, value in (overrides or {}).items():
        if value is None:
            continue
        if flag == "model_name":
            model_name = value
            continue
        key = OVERRIDE_KEYS.get(flag, flag)
        if key in ("datasets", "language") and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        user[key] = value
    _refuse_secrets(user)
    return user, model_name if isinstance(model_name, str) and model_name else None


def _refuse_secrets(value: Any, path: str = "") -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(k, str) and is_secret_key(k):
                raise UsageError(f"metadata key `{path}{k}` names a secret; a card never carries one")
            _refuse_secrets(v, f"{path}{k}.")
    elif isinstance(value, list):
        for v in value:
            _refuse_secrets(v, path)
    elif isinstance(value, str) and find_secrets(value):
        kind = find_secrets(value)[0][0].kind
        raise UsageError(f"metadata value of `{path.rstrip('.') or 'metadata'}` looks like a {kind}; a card never carries one")


def _name_from_index(metadata: Mapping[str, Any]) -> str | None:
    index = metadata.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], Mapping):
        name = index[0].get("name")
        if isinstance(name, str) and name:
            return name
    return None


def _model_name(run: Run, given: str | None, user: Mapping[str, Any], existing: Mapping[str, Any]) -> str:
    name = given or _name_from_index(user) or _name_from_index(existing)
    if name:
        return name
    hub_id = run.hyperparameters.get("hub_model_id")
    if hub_id is not None and isinstance(hub_id.value, str) and hub_id.value:
        return hub_id.value.rsplit("/", 1)[-1]
    return Path(run.run_dir).resolve().name


def _dump_front_matter(metadata: Mapping[str, Any]) -> str:
    import yaml

    if not metadata:
        return ""
    text = yaml.dump(
        dict(metadata),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    return f"---\n{text}---\n\n"


def _with_record(rendered: str, record: str) -> str:
    from modelcard.generate.regions import find_regions

    regions = find_regions(rendered, where="rendered template")
    if not regions:
        return rendered
    at = regions[0].start
    return f"{rendered[:at]}\n{record}{rendered[at:]}"


def generate_card(
    run_dir: str | Path,
    *,
    metadata: str | Path | Mapping[str, Any] | None = None,
    template: str | Path | None = None,
    output: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    plot: bool = True,
    draw: bool = True,
) -> Generated:
    """Build the card for ``run_dir`` without writing anything (see :func:`generate`).

    ``plot=False`` leaves the training-curve picture out; ``draw=False`` links
    it as usual but does not draw it (for ``check``, which compares text only).
    """
    from modelcard.generate import eval_results

    values = load_user_metadata(metadata)
    request = eval_results.take_request(values, overrides)
    overrides = {k: v for k, v in (overrides or {}).items() if k not in eval_results.FLAGS}
    user, given_name = _user_values(values, overrides)
    from modelcard.generate.validate import validate

    validate(
        metadata_file=Path(metadata) if isinstance(metadata, (str, os.PathLike)) else None,
        metadata=values,
        flags={k: v for k, v in user.items() if k not in values or values[k] is not v},
    )
    out = Path(output) if output is not None else None
    result = _generate_card(run_dir, user, given_name, template, out, plot, draw)
    if request:
        assert result.run is not None
        result.beside = eval_results.build(
            result.run, request, metadata=result.card.metadata, card_dir=out.parent if out is not None else None
        )
    return result


def _generate_card(
    run_dir: str | Path,
    user: dict[str, Any],
    given_name: str | None,
    template: str | Path | None,
    out: Path | None,
    plot: bool,
    draw: bool,
) -> Generated:
    from modelcard.card import Card
    from modelcard.generate.context import build_context
    from modelcard.generate.derive import derive
    from modelcard.generate.merge import format_record, merge, read_record, value_hash
    from modelcard.generate.regions import merge_body
    from modelcard.generate.render import render
    from modelcard.sources import read_run

    run = read_run(run_dir)
    curves = out is not None and plot and _has_curves(run)
    existing: Card | None = None
    previous: bytes | None = None
    if out is not None and out.exists():
        existing = Card.load(out)
        previous = existing.to_bytes()
    if not curves and not draw and plot and out is not None and previous is not None:
        # --check where matplotlib is not installed: a card linking its picture, which is there, stays up to date
        from modelcard.generate import plot as plotting

        linked = f"]({PLOT_NAME})".encode() in previous and (out.parent / PLOT_NAME).is_file()
        curves = linked and plotting.has_curves(run)
    old_meta = existing.metadata if existing is not None else {}
    record = read_record(existing.body) if existing is not None else {}
    model_name = _model_name(run, given_name, user, old_meta)

    # Values that outrank the run: the user's, and the card's own keys unless the generator wrote them.
    fixed = {k: v for k, v in old_meta.items() if record.get(k) != value_hash(v)} | user
    derived = derive(run, final=fixed, model_name=model_name)
    merged = merge(user=user, existing=old_meta, record=record, derived=derived.metadata)

    ctx = build_context(
        run,
        metadata=merged.metadata,
        model_name=model_name,
        derived_missing=derived.missing,
        metadata_sources=derived.sources,
    )

    if curves:
        ctx["plot"] = {"path": PLOT_NAME, "alt": f"Training loss and evaluation metrics of {model_name} over steps"}
    rendered = render(template, ctx)
    plot_png: bytes | None = None
    if curves and draw:
        from modelcard.generate import plot as plotting

        plot_png = plotting.training_curves(run)
        if plot_png is None:  # nothing could be drawn after all: no link
            del ctx["plot"]
            rendered = render(template, ctx)
    rendered = _with_record(rendered, format_record(merged.generated))

    if existing is None:
        card = Card.from_text(_dump_front_matter(merged.metadata) + rendered.lstrip("\n"), path=str(out) if out else None)
    else:
        changes = {k: v for k, v in merged.metadata.items() if k not in old_meta or old_meta[k] != v}
        remove = [k for k in old_meta if k not in merged.metadata]
        updated = existing.update_metadata(changes, remove) if (changes or remove) else existing
        body = merge_body(existing.body, rendered, where=str(out))
        card = updated.with_body(body) if body != existing.body else updated
    return Generated(card=card, missing=list(ctx["missing"]), plot=plot_png, previous=previous, run=run)


def _has_curves(run: Run) -> bool:
    from modelcard.generate import plot as plotting

    return plotting.available() and plotting.has_curves(run)


def generate(
    run_dir: str | Path,
    *,
    metadata: str | Path | Mapping[str, Any] | None = None,
    template: str | Path | None = None,
    output: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    check: bool = False,
    plot: bool = True,
) -> Card:
    """Generate a model card from a training run's output folder.

    Values the user gives (``metadata``: a YAML file or a mapping; ``overrides``:
    ``license``, ``dataset``, ``base_model``, ``task``, ``language``,
    ``model_name``) win over the card at ``output``, which wins over values
    derived from the logs. Regenerating an existing card replaces only its
    generated regions and the metadata keys the generator wrote.
    ``eval_task_id`` (with ``eval_dataset`` and ``eval_metric``, or
    ``eval_results:`` in ``metadata``) declares a Hub benchmark:
    ``.eval_results/<name>.yaml`` is then written beside the card too.

    Args:
        run_dir: the run's output folder (``trainer_state.json``...).
        metadata: user metadata, a path to a YAML file or a mapping.
        template: a built-in template name (``default``, ``short``) or a path.
        output: where the card lives; written atomically unless ``check``.
            The training-curve PNG is written beside it when matplotlib is installed.
        overrides: flag values, see above.
        check: write nothing; raise :class:`StaleCardError` when the card at
            ``output`` differs from the one the logs give now.
        plot: draw the training-curve picture (needs matplotlib; ``False``
            leaves it and its link out).

    Returns:
        The generated card.

    Raises:
        SourceError: the run folder holds nothing readable.
        TemplateError: the template fails (message names variable and line).
        StaleCardError: with ``check``, the card is missing or stale.
        UsageError: bad metadata file or a secret in user metadata.

    Example:
        >>> card = generate("outputs/run", metadata="card.yaml", output="outputs/run/README.md")  # doctest: +SKIP
    """
    result = generate_card(
        run_dir, metadata=metadata, template=template, output=output, overrides=overrides, plot=plot, draw=not check
    )
    out = Path(output) if output is not None else None
    if check:
        if out is None:
            raise UsageError("--check needs the card's path (-o README.md)")
        if result.previous is None:
            raise StaleCardError(f"{out}: no card yet; run `modelcard generate` to create it", result.diff(out.name))
        if _missing_picture(result.previous, out):
            raise StaleCardError(
                f"{out}: links `{PLOT_NAME}`, which is not beside it; run `modelcard generate` to draw it", ""
            )
        if result.stale:
            diff = result.diff(out.name)
            lines = sum(1 for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))
            raise StaleCardError(f"{out}: stale against the logs in {run_dir} ({lines} lines differ)", diff)
        return result.card
    if out is not None:
        write(result, out)
    return result.card


def sections_to_write(card: Card) -> list[str]:
    """Headings of the sections that still hold the text left for the authors (lint rule MC207)."""
    from modelcard.checks.config import Config
    from modelcard.checks.engine import lint_card
    from modelcard.checks.rules import unwritten_section

    found = lint_card(card, config=Config().with_overrides(select=[unwritten_section.RULE.code]))
    return [d.message.split("`")[1] for d in found if d.message.startswith("section `")]


def _missing_picture(card: bytes, out: Path) -> bool:
    """Whether the card links the training-curve picture and the picture is not there."""
    return f"]({PLOT_NAME})".encode() in card and not (out.parent / PLOT_NAME).is_file()


def write(result: Generated, output: str | Path) -> bool:
    """Write the card, its training-curve PNG and its ``.eval_results`` files atomically.

    Returns False when the card and its files were up to date.
    """
    from modelcard.atomic import atomic_write

    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if result.plot is not None:
        atomic_write(out.parent / PLOT_NAME, result.plot)
    beside = result.beside.changed if result.beside is not None else []
    for path in beside:
        (out.parent / path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out.parent / path, result.beside.files[path])  # type: ignore[union-attr]
    if not result.changed:
        return bool(beside)
    atomic_write(out, result.card.to_bytes())
    return True
