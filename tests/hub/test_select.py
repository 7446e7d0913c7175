"""Which files a push sends by default."""

from __future__ import annotations

from modelcard.hub.select import select_files


def test_default_ignores_and_overrides(tmp_path):
    for name in (
        "README.md",
        "model.safetensors",
        "config.json",
        "tokenizer/vocab.txt",
        "training_args.bin",
        "optimizer.pt",
        "scheduler.pt",
        "rng_state_0.pth",
        "checkpoint-500/model.safetensors",
        "runs/Jan01/events.out.tfevents",
        "wandb/run-1/files/config.yaml",
        ".git/HEAD",
        "__pycache__/x.pyc",
        ".cache/huggingface/download/x.lock",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")

    sent, ignored, _, _ = select_files(tmp_path)
    assert sent == ["README.md", "config.json", "model.safetensors", "tokenizer/vocab.txt"]
    assert "training_args.bin" in ignored and "checkpoint-500/model.safetensors" in ignored

    sent, *_ = select_files(tmp_path, include=["checkpoint-*/", "*.bin", ".git/"], exclude=["tokenizer/"])
    assert "checkpoint-500/model.safetensors" in sent
    assert "tokenizer/vocab.txt" not in sent
    assert "training_args.bin" not in sent and ".git/HEAD" not in sent  # credentials: never
