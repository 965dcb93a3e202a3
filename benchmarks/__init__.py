"""Accuracy and speed benchmarks for moadiff, run from the repository root as
``python -m benchmarks.<name>`` (planted, corpus, redline, adversarial, ...).

A package so that the benchmarks, the samples script and the tests import
one another by name (``benchmarks.docwriter``, ``benchmarks.planted``) without
touching ``sys.path``; pytest finds it through ``pythonpath`` in pyproject.toml.
"""
