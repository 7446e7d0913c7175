"""Logged metric names -> the Hub's metric ids.

Frameworks and loggers name one metric many ways: the Trainer writes
``eval_accuracy``, Keras ``val_sparse_categorical_accuracy``, Lightning modules log ``val_acc`` (with ``_step`` /
``_epoch`` when logged both ways), TensorBoard tags read ``eval/accuracy``.
The card and ``model-index`` use the Hub's id (``accuracy``), the one the
Hub's metric pages and leaderboards know.
"""

from __future__ import annotations

#: Prefixes naming the split a value was measured on (the first match is removed).
SPLIT_PREFIXES = ("eval_", "test_", "predict_", "val_", "validation_", "valid_",
                  "eval/", "test/", "val/", "validation/", "valid/")
#: Suffixes Lightning adds when a value is logged per step and per epoch.
_AGGREGATION_SUFFIXES = ("_epoch", "_step")
#: Common short names -> the Hub's metric id.
ALIASES = {
    "acc": "accuracy",
    "top1": "accuracy",
    "top1_acc": "accuracy",
    "f1_score": "f1",
    "f1score": "f1",
    "f1_macro": "f1",
    "macro_f1": "f1",
    "prec": "precision",
    "auc": "roc_auc",
    "auroc": "roc_auc",
    "roc_auc_score": "roc_auc",
    "mcc": "matthews_correlation",
    "ppl": "perplexity",
    "binary_accuracy": "accuracy",
    "categorical_accuracy": "accuracy",
    "sparse_categorical_accuracy": "accuracy",
    "mean_absolute_error": "mae",
    "root_mean_squared_error": "rmse",
    "mean_squared_error": "mse",
    "r2_score": "r_squared",
    "r2": "r_squared",
}


def hub_metric_id(logged: str) -> str:
    """``"val_acc"`` -> ``"accuracy"``, ``"eval_f1"`` -> ``"f1"``,
    ``"val_loss_epoch"`` -> ``"loss"``; unknown names are only lower-cased
    and stripped of their split prefix."""
    key = logged.strip()
    for prefix in SPLIT_PREFIXES:
        if key.lower().startswith(prefix):
            key = key[len(prefix) :]
            break
    key = key.lower()
    for suffix in _AGGREGATION_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) and key != "global_step":
            key = key[: -len(suffix)]
            break
    return ALIASES.get(key, key)
