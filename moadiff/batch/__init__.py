"""Batch comparisons over folders of agreements: :func:`run_batch` computes a
typed :class:`BatchResult` (result.py) and writes nothing; :func:`write_batch`
writes its reports, summaries and clause matrix (write.py)."""

from moadiff.batch.plan import Cluster
from moadiff.batch.result import BatchDocument, BatchResult, BatchRow, ClauseMatrix, Revision
from moadiff.batch.run import run_batch
from moadiff.batch.write import output_folder, write_batch

__all__ = ["BatchDocument", "BatchResult", "BatchRow", "ClauseMatrix", "Cluster", "Revision", "output_folder",
           "run_batch", "write_batch"]
