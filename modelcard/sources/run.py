"""The facts of one training run, read from its output folder.

``read_run(run_dir)`` looks at what the folder holds (Trainer, Keras or
Lightning logs, codecarbon's ``emissions.csv``, weights, configs) and returns a
:class:`Run`. Every derived value is a :class:`~modelcard.facts.Fact` whose
``source`` names the file, relative to the run folder, and the key it came
from, as ``"file"`` or ``"file:key"`` (e.g. ``"training_args.json:learning_rate"``,
``"trainer_state.json:log_history[41].eval_accuracy"``).

What cannot be read or is missing goes to ``Run.problems``; only a folder with
nothing recognizable raises :class:`~modelcard.errors.SourceError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelcard.facts import Fact
from modelcard.sources.logtable import LogTable


@dataclass(frozen=True)
class Problem:
    """Something missing or unreadable in the run folder.

    Attributes:
        file: the file concerned, relative to the run folder ("" for the folder).
        message: what is wrong and, where useful, what to do about it
            (short, values in backticks, no trailing period).
    """

    file: str
    message: str


@dataclass(frozen=True)
class Best:
    """The best checkpoint as the trainer recorded it.

    Attributes:
        metric: the metric's name as logged (``"eval_accuracy"``), from
            ``metric_for_best_model``, else found by matching ``best_metric``
            against the evaluation logged at the best step; None when unknown.
        metric_source: where ``metric`` came from.
        value: the best value (``trainer_state.json:best_metric``).
        checkpoint: ``best_model_checkpoint`` (a path as written by the run), or None.
        step: ``best_global_step`` or the step parsed from the checkpoint name, or None.
        greater_is_better: from training arguments, or None.
        loaded_at_end: ``load_best_model_at_end`` from the training arguments
            (True: the saved weights are the best checkpoint's), or None.
    """

    metric: str | None
    value: Fact
    checkpoint: Fact | None = None
    step: Fact | None = None
    greater_is_better: Fact | None = None
    metric_source: str | None = None
    loaded_at_end: Fact | None = None


@dataclass(frozen=True)
class Resume:
    """A run resumed from a checkpoint: the log history covers the whole run,
    the final training summary (``train_results.json``) only the last segment.

    Attributes:
        step: the step training resumed from, or None when unknown.
        checkpoint: the checkpoint's folder name (``checkpoint-20``), or None.
        source: where the resumption was read or how it was inferred.
    """

    step: int | None
    checkpoint: str | None
    source: str


@dataclass
class ModelInfo:
    """What the run says about the model.

    Attributes:
        architecture: first of ``config.json:architectures`` (``"BertForSequenceClassification"``).
        model_type: ``config.json:model_type`` (``"bert"``).
        base_model: a Hub id (``"org/name"`` or a canonical name such as
            ``"bert-base-uncased"``) from ``adapter_config.json:base_model_name_or_path``
            or ``config.json:_name_or_path``; never a local path (a local path
            leaves this None and adds a Problem).
        library_name: a Hub library id (``"transformers"``, ``"peft"``, ``"keras"``...);
            None for a Lightning run, which no Hub library loads.
        pipeline_tag: guessed from the architecture's suffix
            (``*ForSequenceClassification`` -> ``"text-classification"``); the
            source says it is a guess.
        num_labels: from ``id2label`` in config.json.
        labels: the label names in id order (``id2label``), when not the
            default ``LABEL_0``... names.
        peft_type: ``"LORA"``... from adapter_config.json.
        hub_model_id: the repository the run pushed to
            (``training_args.json:hub_model_id``), when it is a Hub id.
        max_input: the largest input as config.json states it, with its unit
            (``"512 tokens"`` from ``max_position_embeddings``).
        layers: the model's top-level layers, one short description each
            (``"Dense (16 units, relu)"``), from a Keras ``.keras`` archive.
    """

    architecture: Fact | None = None
    model_type: Fact | None = None
    base_model: Fact | None = None
    library_name: Fact | None = None
    pipeline_tag: Fact | None = None
    num_labels: Fact | None = None
    labels: Fact | None = None
    peft_type: Fact | None = None
    hub_model_id: Fact | None = None
    max_input: Fact | None = None
    layers: Fact | None = None


@dataclass(frozen=True)
class WeightFile:
    """A weights file of the run. ``format``: ``"safetensors"``, ``"pytorch"``,
    ``"tensorflow"``, ``"keras"``, ``"flax"``, ``"onnx"``, ``"gguf"`` or ``"other"``."""

    path: str
    size_bytes: int
    format: str


@dataclass
class Weights:
    """Weights found in the run folder (headers only; tensors never loaded).

    Attributes:
        parameters: total parameter count from safetensors headers, else as
            the framework counted it when training ended (Keras
            ``fit_params.json:parameters``), else None: other formats are
            never loaded.
        dtypes: ``{"F32": 109482240, ...}`` parameters per dtype (safetensors names).
        files: every weights file with its size.
        total_bytes: the sum of the file sizes.
    """

    parameters: Fact | None
    dtypes: Fact | None
    files: list[WeightFile]
    total_bytes: int


@dataclass
class Emissions:
    """Carbon emissions as codecarbon measured or estimated them.

    Attributes:
        grams: CO2-equivalent in grams (codecarbon writes kilograms).
        energy_kwh: energy consumed in kWh.
        duration_s: tracked seconds (summed over runs).
        hardware: ``cpu_model``, ``gpu_model``, ``cpu_count``, ``gpu_count``, ``ram_total_size``,
            ``os``, ``python_version`` when recorded.
        location: ``country_name``, ``country_iso_code``, ``region``, ``cloud_provider``,
            ``cloud_region``, ``on_cloud`` when recorded.
        source: ``"codecarbon 2.3.4"`` (``"codecarbon"`` when the version is not recorded).
        tracking_mode: ``"machine"`` or ``"process"``, when recorded.
        runs: how many distinct runs were summed (rows sharing a run_id are
            cumulative measurements of one run).
        rows: rows read.
        caveats: what the reader had to assume (e.g. rows without run_id) and
            what the tracker estimated rather than measured, one sentence each.
        energy_basis: ``"measured"`` (every part read an energy counter),
            ``"partly-estimated"`` or ``"estimated"``, from
            ``emissions_caveats.json``; None when no such file covers every
            run counted (a plain ``emissions.csv`` does not say which parts
            codecarbon estimated).
        run_ids: the ``run_id`` of each run counted, in file order (empty
            when the file has no ``run_id`` column).
    """

    grams: Fact
    energy_kwh: Fact | None
    duration_s: Fact | None
    hardware: dict[str, Fact]
    location: dict[str, Fact]
    source: str
    tracking_mode: Fact | None
    runs: int
    rows: int
    caveats: list[str] = field(default_factory=list)
    energy_basis: Fact | None = None
    run_ids: tuple[str, ...] = ()


@dataclass
class Run:
    """Everything ``read_run`` found in a run folder.

    Attributes:
        run_dir: the folder read.
        framework: ``"transformers"``, ``"keras"`` or ``"lightning"`` (source:
            the file that gave it away), or None.
        backend: the framework the run computed with when the training
            framework has several (Keras 3: ``"torch"``, ``"jax"``,
            ``"tensorflow"``...), from ``fit_params.json:backend``; None when
            not recorded.
        hyperparameters: by canonical name (see :data:`HYPERPARAMETERS`).
        extra_hyperparameters: other scalar settings the run recorded under
            its own names (``hparams.yaml`` keys flattened with dots, PEFT
            settings as ``peft.r``, Trainer ``trial_params`` as ``trial.*``).
        train_log: per-step training rows (``step``, ``epoch``, ``loss``,
            ``learning_rate``, ``grad_norm``...) in log order; a ``LogTable``
            (compact columns that read like a list of dicts).
        eval_log: one row per evaluation, in log order, keys as logged
            (``step``, ``epoch``, ``eval_loss``, ``eval_accuracy``...); an
            evaluation at step 0 is kept. Keras/Lightning validation metrics
            keep their names (``val_loss``).
        final_eval: the final evaluation metrics, keys as logged
            (``eval_accuracy``); from ``eval_results.json``/``all_results.json``
            when present, else the last evaluation of the log.
        test_metrics: ``predict_results.json``/``test_*`` metrics, keys as logged.
        best: the best checkpoint, or None.
        resumed: how the run was resumed from a checkpoint, or None.
        train_metrics: ``train_runtime``, ``train_samples_per_second``,
            ``train_steps_per_second``, ``total_flos``, ``train_loss``, ``epoch``, ``global_step``.
        model: what the configs say about the model.
        weights: weights files, parameter count and dtypes, or None.
        emissions: codecarbon measurements, or None.
        framework_versions: ``{"transformers": Fact("4.38.2", "trainer_state.json"...)}``;
            a source of ``"environment"`` means the version comes from the
            installed package, not from the run.
        files_read: every file read, relative to ``run_dir``, in reading order.
        problems: what is missing or unreadable.
    """

    run_dir: Path
    framework: Fact | None = None
    backend: Fact | None = None
    hyperparameters: dict[str, Fact] = field(default_factory=dict)
    extra_hyperparameters: dict[str, Fact] = field(default_factory=dict)
    train_log: LogTable = field(default_factory=LogTable)
    eval_log: LogTable = field(default_factory=LogTable)
    final_eval: dict[str, Fact] = field(default_factory=dict)
    test_metrics: dict[str, Fact] = field(default_factory=dict)
    best: Best | None = None
    resumed: Resume | None = None
    train_metrics: dict[str, Fact] = field(default_factory=dict)
    model: ModelInfo = field(default_factory=ModelInfo)
    weights: Weights | None = None
    emissions: Emissions | None = None
    framework_versions: dict[str, Fact] = field(default_factory=dict)
    files_read: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, file: str, message: str) -> None:
        """Record a problem (once)."""
        entry = Problem(file, message)
        if entry not in self.problems:
            self.problems.append(entry)

    def read(self, file: str) -> None:
        """Record that ``file`` was read."""
        if file not in self.files_read:
            self.files_read.append(file)


_NOT_METRICS = ("_runtime", "_samples_per_second", "_steps_per_second", "_samples", "_flos")


def is_metric(key: str) -> bool:
    """Whether a logged key is a model-quality metric (``eval_accuracy``), not
    bookkeeping (``epoch``, ``step``, ``eval_runtime``, ``eval_mem_*``...)."""
    if key in ("epoch", "step", "total_flos"):
        return False
    return not key.endswith(_NOT_METRICS) and "_mem_" not in key


#: Canonical hyperparameter names a reader may fill, with their meaning.
HYPERPARAMETERS: dict[str, str] = {
    "learning_rate": "initial learning rate",
    "train_batch_size": "per-device training batch size",
    "eval_batch_size": "per-device evaluation batch size",
    "gradient_accumulation_steps": "gradient accumulation steps",
    "num_devices": "number of devices (GPUs/processes); the source says how it was known",
    "total_train_batch_size": "per-device batch size x gradient accumulation x devices",
    "total_eval_batch_size": "per-device eval batch size x devices",
    "seed": "random seed",
    "optimizer": "optimizer name (e.g. adamw_torch)",
    "adam_beta1": "Adam beta1",
    "adam_beta2": "Adam beta2",
    "adam_epsilon": "Adam epsilon",
    "weight_decay": "weight decay",
    "optimizer_args": "extra optimizer arguments (optim_args)",
    "lr_scheduler_type": "learning-rate scheduler",
    "warmup_ratio": "warm-up as a fraction of the training steps",
    "warmup_steps": "warm-up steps",
    "num_epochs": "number of training epochs",
    "max_steps": "maximum training steps",
    "steps_per_epoch": "optimizer steps per epoch",
    "loss": "loss function",
    "mixed_precision": "fp16 / bf16 / tf32 precision settings",
    "label_smoothing_factor": "label smoothing",
    "max_grad_norm": "gradient clipping norm",
}
