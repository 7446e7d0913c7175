"""The variables a card template can use (``modelcard template --vars``).

A variable marked optional is absent when the run does not provide it: test
it with ``{% if name is defined %}``. Using an absent variable is an error
that names it; no variable is ever ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    description: str
    optional: bool = True


VARIABLES: tuple[Variable, ...] = (
    Variable("model_name", "str", "the model's name (`--model-name`, `model-index[0].name`, `hub_model_id`, or the run folder's name)", False),
    Variable("metadata", "dict", "the card's final front-matter (user > existing card > derived)", False),
    Variable("metadata_sources", "dict[str, str]", "for derived front-matter keys, the file each came from", False),
    Variable("generator", "str", "`modelcard X.Y.Z`", False),
    Variable("files_read", "list[str]", "the run's files the facts come from, relative to the run folder", False),
    Variable("missing", "list[str]", "what the logs do not tell, one sentence each (may be empty)", False),
    Variable("base_model", "str", "the base model's Hub id (several joined by commas)"),
    Variable("pipeline_tag", "str", "the task, a Hub pipeline tag (`text-classification`)"),
    Variable("task_name", "str", "the task's display name (`Text Classification`)"),
    Variable("license", "str", "the license id"),
    Variable("library_name", "str", "the library (`transformers`, `peft`...)"),
    Variable("datasets", "list[str]", "dataset ids from the metadata"),
    Variable("languages", "list[str]", "language codes from the metadata"),
    Variable("framework", "str", "the training framework (`transformers`, `keras`, `lightning`)"),
    Variable("architecture", "str", "the model class from config.json (`ViTForImageClassification`)"),
    Variable("labels", "list[str]", "class labels in id order, from config.json"),
    Variable("layers", "dict", "`names` (list[str], the model's top-level layers, `Dense (16 units, relu)`), `source` (a Keras `.keras` archive)"),
    Variable("hyperparameters", "list[dict]", "rows of `name`, `value`, `source` (file:key), `meaning`; secrets never appear"),
    Variable("training_results", "dict", "`columns` (list[str]), `rows` (list of cell lists, one per evaluation; a cell is a number, `No log` when no training loss was logged since the previous evaluation, `—` when the row lacks the metric), `shown`, `total` (distinct evaluations), `source`, `repeats` (sentences on evaluations logged twice, shown once)"),
    Variable("hyperparameter_sources", "list[dict]", "where the hyperparameters come from, by file: `file`, `names` (with the logged key where it differs)"),
    Variable("training", "dict", "what the run did: `steps`, `epochs`, `stopped_by_max_steps` (`max_steps`, `planned_epochs`, `source`), `resumed` (`step`, `checkpoint`, `source`, `inferred`), `loss` and `segment_loss` (`value`, `covers`, `source`), `time` (`text`, `source`, `covers` when resumed)"),
    Variable("best_vs_final", "dict", "when the best evaluation is not the last: `name`, `by` (`metric_for_best_model`, `best_metric` when the run named no metric, or `main`: the first metric logged), `best` and `final` (`value`, `step`, `epoch`), `source`, and when known `checkpoint`, `weights` (`best` or `final`), `weights_source`"),
    Variable("best", "dict", "the best checkpoint: `value`, `source`, and when known `metric`, `name`, `checkpoint`, `step`, `inferred`"),
    Variable("train_metrics", "dict[str, float]", "`train_loss`, `train_runtime`, `total_flos`... from the results files"),
    Variable("evaluation", "dict", "the final evaluation: `metrics` (list of `name`, `key`, `value`, `source`; a NaN is kept as logged), `source`, `notes` (one sentence per NaN or infinite metric)"),
    Variable("test_results", "dict", "test-set metrics, same shape as `evaluation`"),
    Variable("emissions", "dict", "what codecarbon measured or estimated: `grams`, `kg`, `source` (`codecarbon X.Y.Z`), `file`, `runs`, `rows`, `caveats` (list[str]); when recorded `energy_kwh`, `duration_s`, `duration_h`, `hardware`, `location`, `tracking_mode` (`machine`: every process on the machine counted; `process`: only the training process), `energy_basis` (`measured`, `partly-estimated` or `estimated`, absent when the run's files do not say) with `energy_basis_file`"),
    Variable("parameters", "dict", "weights: `files` (list of `path`, `size_bytes`, `format`), `size_bytes`; from safetensors headers `total`, `source`, `dtypes` (list of `dtype`, `count`)"),
    Variable("techspecs", "dict", "training resources and weights hashes (see `modelcard.techspecs`), numbers written out: `unknown` (list[str]), `notice`; when known `compute` (`flop`, `text` such as `3.89 × 10^17 FLOP`, `method`, `description`, `sources`, `sources_md`), `time` (`seconds`, `hours`, `method`, `source`, `source_md`, and `devices` (`count`, `kind`, `model`, `source`, `source_md`) with `device_hours`), `energy` (`kwh`, `mwh`, `basis`, `methodology`, `caveats`), `digests` (list of `path`, `size_bytes`, `sha256`), `thresholds` (list[str]); a `*_md` source is ready for Markdown (in a code span unless it holds some)", False),
    Variable("framework_versions", "list[dict]", "`name`, `version`, `source`, `from_environment` (true when the run did not record the version); for the backend a framework ran on (Keras: `torch`, `jax`, `tensorflow`) also `backend_of` (`keras`) and `backend_source`"),
    Variable("plot", "dict", "the training-curve picture beside the card: `path`, `alt` (only with matplotlib installed, an output file and without `--no-plot`)"),
)

#: Filters available to every template besides Jinja's own.
FILTERS: dict[str, str] = {
    "num": "a number as the Trainer's cards print it (floats rounded to 4 decimals)",
    "sig": "a measurement with 3 significant digits (`0.00171`, `3.3`)",
    "count": "a count in short form (`124.4M`)",
    "duration": "seconds in words (`2.1 seconds`, `14 minutes 5 seconds`, `1 hour`)",
    "hub_id (a test)": "`{% if d is hub_id %}`: whether a name can be a Hub repository id (`imdb`, `org/name`)",
    "cell": "text made safe for a Markdown table cell (escapes `|`, joins lines)",
}
