from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelcard.sources import read_run
from modelcard.sources.config import guess_pipeline_tag, hub_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("google-bert/bert-base-uncased", "google-bert/bert-base-uncased"),
        ("openai/whisper-small", "openai/whisper-small"),
        ("bert-base-uncased", "bert-base-uncased"),
        ("gpt2", "gpt2"),
        ("xlm-roberta-large", "xlm-roberta-large"),
        ("t5-small", "t5-small"),
        ("/content/drive/MyDrive/model", None),
        ("./results/checkpoint-500", None),
        ("results/checkpoint-500", None),
        ("outputs/final", None),
        ("C:\\models\\bert", None),
        ("~/models/bert", None),
        ("my_local_model", None),
        ("org/name/extra", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_hub_id(value: object, expected: str | None) -> None:
    assert hub_id(value) == expected


def test_hub_id_that_exists_on_disk_is_local(tmp_path: Path) -> None:
    (tmp_path / "org" / "model").mkdir(parents=True)
    assert hub_id("org/model", tmp_path) is None


@pytest.mark.parametrize(
    ("architecture", "model_type", "task"),
    [
        ("BertForSequenceClassification", "bert", "text-classification"),
        ("Wav2Vec2ForSequenceClassification", "wav2vec2", "audio-classification"),
        ("RobertaForTokenClassification", "roberta", "token-classification"),
        ("WhisperForConditionalGeneration", "whisper", "automatic-speech-recognition"),
        ("T5ForConditionalGeneration", "t5", "text2text-generation"),
        ("LlavaForConditionalGeneration", "llava", "image-text-to-text"),
        ("GPT2LMHeadModel", "gpt2", "text-generation"),
        ("LlamaForCausalLM", "llama", "text-generation"),
        ("ViTForImageClassification", "vit", "image-classification"),
        ("Wav2Vec2ForCTC", "wav2vec2", "automatic-speech-recognition"),
        ("MarianMTModel", "marian", "translation"),
        ("BertModel", "bert", None),
    ],
)
def test_pipeline_tag_guess(architecture: str, model_type: str, task: str | None) -> None:
    assert guess_pipeline_tag(architecture, model_type) == task


def _config(tmp_path: Path, **values: object) -> Path:
    config = {"architectures": ["ViTForImageClassification"], "model_type": "vit", "transformers_version": "4.38.2"}
    config.update(values)
    (tmp_path / "config.json").write_text(json.dumps(config))
    return tmp_path


def test_config_facts(tmp_path: Path) -> None:
    run = read_run(_config(tmp_path, _name_or_path="google/vit-base-patch16-224-in21k",
                           id2label={"0": "angry", "1": "happy", "2": "sad"}))
    model = run.model
    assert model.architecture.value == "ViTForImageClassification"
    assert model.model_type.value == "vit"
    assert model.base_model.value == "google/vit-base-patch16-224-in21k"
    assert model.base_model.source == "config.json:_name_or_path"
    assert model.pipeline_tag.value == "image-classification"
    assert model.pipeline_tag.source == "guessed from config.json:architectures[0]"
    assert model.library_name.value == "transformers"
    assert model.num_labels.value == 3 and model.labels.value == ["angry", "happy", "sad"]
    assert run.framework_versions["transformers"].value == "4.38.2"
    assert run.framework_versions["transformers"].source == "config.json:transformers_version"


def test_local_name_or_path_is_not_a_base_model(tmp_path: Path) -> None:
    run = read_run(_config(tmp_path, _name_or_path="/content/drive/MyDrive/vit"))
    assert run.model.base_model is None
    assert any("`_name_or_path` is a local path" in p.message and "--base-model" in p.message for p in run.problems)


def test_default_labels_of_a_non_classifier_are_ignored(tmp_path: Path) -> None:
    run = read_run(_config(tmp_path, architectures=["GPT2LMHeadModel"], model_type="gpt2",
                           id2label={"0": "LABEL_0", "1": "LABEL_1"}))
    assert run.model.num_labels is None and run.model.labels is None


def test_adapter_config(tmp_path: Path) -> None:
    adapter = {
        "base_model_name_or_path": "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "r": 8,
        "lora_alpha": 16,
        "lora_dropout": 0.05,
        "target_modules": ["q_proj", "v_proj"],
    }
    (tmp_path / "adapter_config.json").write_text(json.dumps(adapter))
    run = read_run(tmp_path)
    assert run.model.library_name.value == "peft"
    assert run.model.base_model.value == "TinyLlama/TinyLlama-1.1B-Chat-v1.0"
    assert run.model.pipeline_tag.value == "text-generation"
    assert run.model.peft_type.value == "LORA"
    assert run.extra_hyperparameters["peft.r"].value == 8
    assert run.extra_hyperparameters["peft.target_modules"].value == "q_proj, v_proj"


def test_adapter_with_local_base_model(tmp_path: Path) -> None:
    (tmp_path / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "./merged", "peft_type": "LORA"}))
    run = read_run(tmp_path)
    assert run.model.base_model is None
    assert any(p.file == "adapter_config.json" and "local path" in p.message for p in run.problems)
