"""Batch comparisons over folders of agreements; see run.py."""

from moadiff.batch.run import BatchResult, run_batch

__all__ = ["BatchResult", "run_batch"]
