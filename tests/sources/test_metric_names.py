from __future__ import annotations

import pytest

from modelcard.generate.derive import metric_key
from modelcard.sources.metric_names import hub_metric_id


@pytest.mark.parametrize(
    ("logged", "hub_id"),
    [
        ("eval_accuracy", "accuracy"),  # Trainer
        ("val_acc", "accuracy"),  # Lightning
        ("val_acc_epoch", "accuracy"),
        ("train_loss_step", "train_loss"),
        ("val_sparse_categorical_accuracy", "accuracy"),  # Keras
        ("eval/accuracy", "accuracy"),  # TensorBoard tags
        ("test_f1_score", "f1"),
        ("val_auroc", "roc_auc"),
        ("eval_rouge1", "rouge1"),
        ("global_step", "global_step"),
        ("Val_MCC", "matthews_correlation"),
    ],
)
def test_hub_metric_ids(logged: str, hub_id: str) -> None:
    assert hub_metric_id(logged) == hub_id


def test_bookkeeping_is_not_a_metric() -> None:
    assert [metric_key(k) for k in ("eval_runtime", "eval_steps_per_second", "epoch", "step")] == [None] * 4
