"""Lint rules: one module per rule, each defining ``RULE`` (or ``RULES``).

The registry discovers the modules of this package; there is no table to edit.
"""
