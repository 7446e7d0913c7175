"""The model as ``config.json`` describes it: architecture, type, base model, labels.

``_name_or_path`` becomes ``base_model`` only when it is a Hub id: ``org/name``
or a canonical (org-less) name such as ``bert-base-uncased``. A local path
(``/content/out``, ``./results/checkpoint-500``, ``C:\\models\\x``) is never a
base model; it leaves a problem asking for ``--base-model``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import find_file, read_json, rel
from modelcard.sources.run import Run

CONFIG = "config.json"

_REPO_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_HUB_ID = re.compile(rf"^{_REPO_PART}/{_REPO_PART}$")
#: Model families whose first checkpoints were published without an org.
_CANONICAL = re.compile(
    r"^(?:albert|bert|camembert|ctrl|distilbert|distilgpt2|distilroberta|gpt2|openai-gpt|roberta|"
    r"t5|mt5|transfo-xl|xlm|xlm-roberta|xlm-mlm|xlm-clm|xlnet|bart|longformer|flaubert|"
    r"facebook-bart)(?:-[A-Za-z0-9._-]+)?$"
)
#: First path components that name local folders rather than Hub users.
_LOCAL_ROOTS = frozenset(
    {"results", "result", "output", "outputs", "out", "model", "models", "runs", "run", "tmp", "temp",
     "checkpoints", "checkpoint", "content", "drive", "data", "home", "mnt", "workspace", "saved_model",
     "saved_models", "trained_model", "final_model", "logs", "experiments", "artifacts"}
)


def hub_id(value: Any, run_dir: Path | None = None) -> str | None:
    """``value`` when it names a Hub repository, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or value.startswith((".", "/", "~", "\\")) or "\\" in value or ":" in value:
        return None
    if _HUB_ID.match(value):
        org, name = value.split("/")
        if org.lower() in _LOCAL_ROOTS or re.fullmatch(r"checkpoint-\d+", name):
            return None
    elif not _CANONICAL.match(value):
        return None
    if run_dir is not None and ((run_dir / value).exists() or (run_dir.parent / value).exists()):
        return None
    return value


#: Architecture suffix -> pipeline tag (first match wins; order matters).
_SUFFIX_TASKS: tuple[tuple[str, str], ...] = (
    ("ForAudioClassification", "audio-classification"),
    ("ForAudioFrameClassification", "audio-classification"),
    ("ForCTC", "automatic-speech-recognition"),
    ("ForSpeechSeq2Seq", "automatic-speech-recognition"),
    ("ForTokenClassification", "token-classification"),
    ("ForQuestionAnswering", "question-answering"),
    ("ForMultipleChoice", "multiple-choice"),
    ("ForMaskedLM", "fill-mask"),
    ("ForCausalLM", "text-generation"),
    ("LMHeadModel", "text-generation"),
    ("ForImageClassification", "image-classification"),
    ("ForImageClassificationWithTeacher", "image-classification"),
    ("ForObjectDetection", "object-detection"),
    ("ForSemanticSegmentation", "image-segmentation"),
    ("ForInstanceSegmentation", "image-segmentation"),
    ("ForUniversalSegmentation", "image-segmentation"),
    ("ForDepthEstimation", "depth-estimation"),
    ("ForVideoClassification", "video-classification"),
    ("ForZeroShotImageClassification", "zero-shot-image-classification"),
    ("ForMaskGeneration", "mask-generation"),
    ("ForTextToSpeech", "text-to-speech"),
    ("ForTextToWaveform", "text-to-audio"),
    ("MTModel", "translation"),
    ("VisionEncoderDecoderModel", "image-to-text"),
)
_AUDIO_TYPES = frozenset(
    {"wav2vec2", "wav2vec2-bert", "wav2vec2-conformer", "hubert", "wavlm", "whisper", "data2vec-audio",
     "unispeech", "unispeech-sat", "sew", "sew-d", "audio-spectrogram-transformer", "speech_to_text", "seamless_m4t"}
)
_VISION_LANGUAGE = ("Llava", "Blip", "PaliGemma", "Idefics", "Qwen2VL", "Qwen2_5_VL", "Florence", "Kosmos", "Git", "Pix2Struct", "Mllama", "Gemma3")


def guess_pipeline_tag(architecture: str, model_type: str | None) -> str | None:
    """The Hub task an architecture serves, from its class-name suffix."""
    audio = (model_type or "").lower() in _AUDIO_TYPES
    if architecture.endswith("ForSequenceClassification"):
        return "audio-classification" if audio else "text-classification"
    if architecture.endswith("ForConditionalGeneration"):
        if audio:
            return "automatic-speech-recognition"
        if architecture.startswith(_VISION_LANGUAGE):
            return "image-text-to-text"
        return "text2text-generation"
    if architecture == "CLIPModel" or architecture == "SiglipModel":
        return "zero-shot-image-classification"
    for suffix, task in _SUFFIX_TASKS:
        if architecture.endswith(suffix):
            return task
    return None


def read(run: Run) -> None:
    """Fill ``run.model`` (and the recorded transformers version) from config.json."""
    path = find_file(run, CONFIG)
    if path is None:
        return
    config = read_json(run, path, expect="a model configuration (a JSON object)")
    if not config:
        return
    fill(run, config, rel(run, path))


def fill(run: Run, config: dict[str, Any], name: str) -> None:
    """Fill ``run.model`` from a model configuration found in ``name``."""
    model = run.model
    architectures = config.get("architectures")
    if isinstance(architectures, list) and architectures and isinstance(architectures[0], str):
        model.architecture = Fact(architectures[0], f"{name}:architectures[0]")
    if isinstance(config.get("model_type"), str):
        model.model_type = Fact(config["model_type"], f"{name}:model_type")
    if model.architecture is not None:
        task = guess_pipeline_tag(model.architecture.value, config.get("model_type"))
        if task:
            model.pipeline_tag = Fact(task, f"guessed from {name}:architectures[0]")
    _labels(run, config, name)
    _max_input(run, config, name)
    if model.base_model is None:
        read_base_model(run, config, name, "_name_or_path")
    if model.library_name is None and model.architecture is not None:
        model.library_name = Fact("transformers", f"{name}:architectures")
    for key in ("transformers_version",):
        if isinstance(config.get(key), str):
            run.framework_versions.setdefault("transformers", Fact(config[key], f"{name}:{key}"))
    if run.framework is None and model.architecture is not None:
        run.framework = Fact("transformers", name)


def read_base_model(run: Run, config: dict[str, Any], name: str, key: str) -> bool:
    """Set ``run.model.base_model`` from ``config[key]`` when it is a Hub id; a
    local path leaves a problem instead. Returns whether ``key`` named a model."""
    raw = config.get(key)
    base = hub_id(raw, run.run_dir)
    if base:
        run.model.base_model = Fact(base, f"{name}:{key}")
    elif isinstance(raw, str) and raw.strip():
        run.problem(name, f"`{key}` is a local path (`{raw}`), not a Hub id; give the base model with `--base-model`")
    else:
        return False
    return True


def _labels(run: Run, config: dict[str, Any], name: str) -> None:
    id2label = config.get("id2label")
    if isinstance(id2label, dict) and id2label:
        try:
            ordered = [id2label[k] for k in sorted(id2label, key=int)]
        except (TypeError, ValueError):
            ordered = list(id2label.values())
        default = all(re.fullmatch(r"LABEL_\d+", str(label)) for label in ordered)
        architecture = run.model.architecture.value if run.model.architecture else ""
        if default and "Classification" not in architecture:
            return  # every config carries LABEL_0/LABEL_1; they mean nothing here
        run.model.num_labels = Fact(len(ordered), f"{name}:id2label")
        if not default:
            run.model.labels = Fact([str(label) for label in ordered], f"{name}:id2label")
    elif isinstance(config.get("num_labels"), int):
        run.model.num_labels = Fact(config["num_labels"], f"{name}:num_labels")


#: config.json keys giving the largest input, with its unit, first found wins.
_MAX_INPUT = (
    ("max_position_embeddings", "tokens"),
    ("n_positions", "tokens"),
    ("max_sequence_length", "tokens"),
    ("max_source_positions", "encoder positions"),
    ("image_size", "pixels per side"),
)


def _max_input(run: Run, config: dict[str, Any], name: str) -> None:
    """The largest input the model takes, as its configuration states it."""
    for key, unit in _MAX_INPUT:
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            run.model.max_input = Fact(f"{value:,} {unit}", f"{name}:{key}")
            return
