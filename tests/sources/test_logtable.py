from __future__ import annotations

import math

from modelcard.sources.logtable import LogTable


def test_rows_read_back_as_logged() -> None:
    table = LogTable("log.json")
    rows = [
        {"step": 10, "loss": 1.5, "learning_rate": 5e-05},
        {"step": 20, "loss": 1.25, "learning_rate": 4e-05},
    ]
    table.extend(rows)
    assert list(table) == rows
    assert type(table[0]["step"]) is int
    assert table[-1] == rows[-1]
    assert table[0:1] == rows[:1]
    assert table.columns == ("step", "loss", "learning_rate")
    assert list(table.array("loss")) == [1.5, 1.25]


def test_sparse_and_odd_values_keep_their_type() -> None:
    table = LogTable()
    table.extend([{"step": 1, "loss": 2.0}, {"step": 2, "grad_norm": None}], positions=[5, 9])
    table.extend([{"step": 3, "loss": float("nan"), "note": "warm-up"}])
    table.append({"step": 4, "loss": 1})
    assert table[0] == {"step": 1, "loss": 2.0}
    assert table[1] == {"step": 2, "grad_norm": None}
    assert table[2]["note"] == "warm-up" and math.isnan(table[2]["loss"])
    assert table[3] == {"step": 4, "loss": 1}
    assert list(table.positions) == [5, 9, 2, 3]
    assert table.column("grad_norm") == [None, None, None, None]
    assert table.has(1, "grad_norm") and not table.has(0, "grad_norm")
    assert table.non_finite() == ["loss"]


def test_mixed_int_and_float_column_is_float() -> None:
    table = LogTable()
    table.extend([{"epoch": 1}, {"epoch": 1.5}])
    assert [row["epoch"] for row in table] == [1.0, 1.5]
    assert type(table[0]["epoch"]) is float


def test_a_float_column_that_later_holds_a_string() -> None:
    table = LogTable()
    table.extend([{"x": 1.0}, {"x": "n/a"}, {"x": float("inf")}])
    assert [row["x"] for row in table] == [1.0, "n/a", float("inf")]
    assert table.non_finite() == ["x"]


def test_drop_secrets_removes_secret_strings_and_columns() -> None:
    table = LogTable()
    token = "hf_" + "a" * 34
    table.extend([{"step": 1, "note": token, "hub_token": "x", "run": "fine"}])
    dropped = table.drop_secrets()
    assert token not in repr(list(table))
    assert "hub_token" not in table.columns
    assert table[0]["run"] == "fine"
    assert sorted(dropped) == ["hub_token", "note (row 0)"]
