"""Lint rules: one module per rule, named after it, each defining ``RULE``.

The registry discovers the modules of this package; there is no table to edit.
Helpers that several rules share sit in private modules (``_metadata``,
``_statements``...), which the registry skips.
"""
