from __future__ import annotations

import json
import math
from pathlib import Path

from modelcard.integrations.masking import masked, write_json

TOKEN = "hf_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7"


def test_secret_keys_are_dropped_and_secret_text_redacted() -> None:
    settings = {
        "hub_token": TOKEN,
        "push_to_hub_token": "<PUSH_TO_HUB_TOKEN>",
        "learning_rate": 3e-5,
        "nested": {"password": "hunter2", "api_key": "x", "kept": [1, 2.5, None]},
        "report_to": ["wandb"],
        "note": f"logged with {TOKEN}",
        "dataset_url": "https://user:s3cret@example.org/data",
        "nan": math.nan,
        "path": Path("/runs/1"),
    }
    assert masked(settings) == {
        "learning_rate": 3e-5,
        "nested": {"kept": [1, 2.5, None]},
        "report_to": ["wandb"],
        "note": "logged with <redacted>",
        "dataset_url": "<redacted>/data",
        "nan": None,
        "path": "/runs/1",
    }


def test_write_json_is_strict_json_without_secrets(tmp_path: Path) -> None:
    path = tmp_path / "training_args.json"
    write_json(path, {"hub_token": TOKEN, "inf": math.inf, "seed": 42})
    assert json.loads(path.read_text()) == {"inf": None, "seed": 42}
    assert TOKEN not in path.read_text()
