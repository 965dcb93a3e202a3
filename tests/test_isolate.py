"""Reading runs in a child process under time, CPU and memory limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from moadiff.cli import cli
from moadiff.errors import EmptyDocument, ExtractionError, InputError, UnsupportedFormat
from moadiff.extractors import extract, isolate
from moadiff.model import Document, Resources

pytestmark = pytest.mark.skipif(not isolate.supported(), reason="no fork or rlimits on this system")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(job, resources: Resources | None = None) -> Document:  # type: ignore[no-untyped-def]
    return isolate.run(job, "hostile.pdf", resources or Resources())


def test_a_hang_is_killed_at_the_time_limit() -> None:
    start = time.monotonic()
    with pytest.raises(ExtractionError, match="longer than 2 s, the time limit"):
        _run(lambda: time.sleep(60), Resources(time_limit=2))  # type: ignore[arg-type,return-value]
    assert time.monotonic() - start < 10


def test_a_busy_loop_is_stopped_by_a_limit() -> None:
    def spin() -> Document:
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(ExtractionError, match="time limit"):
        _run(spin, Resources(time_limit=1))
    assert time.monotonic() - start < 10


def test_extend_gives_slow_legitimate_work_more_time() -> None:
    def slow() -> Document:
        isolate.extend(3)
        time.sleep(2)
        return Document("x", "0" * 64, "txt", ())

    assert _run(slow, Resources(time_limit=1)).path == "x"


def test_a_memory_hog_hits_the_memory_limit() -> None:
    def hog() -> Document:
        blocks = [bytearray(50 * 2**20) for _ in range(100)]  # 5 GB
        return Document(str(len(blocks)), "", "txt", ())

    with pytest.raises(ExtractionError, match="memory"):
        _run(hog, Resources(memory_limit=512 * 2**20))


def test_a_crash_in_the_child_is_one_line_naming_the_file() -> None:
    with pytest.raises(ExtractionError) as info:
        _run(lambda: os.abort())  # type: ignore[arg-type,return-value]
    assert str(info.value).startswith("hostile.pdf: ") and "\n" not in str(info.value)


@pytest.mark.parametrize("error", [
    UnsupportedFormat("a.pdf", "an HTML page"),
    ExtractionError("a.pdf", "damaged", page=3),
    EmptyDocument("a.pdf", "no text", pages=(1, 2)),
])
def test_moadiff_errors_cross_with_their_type_and_details(error: InputError) -> None:
    def fail() -> Document:
        raise error

    with pytest.raises(type(error)) as info:
        _run(fail)
    assert str(info.value) == str(error)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert getattr(info.value, "pages", None) == getattr(error, "pages", None)


def test_other_exceptions_become_an_extraction_error_in_moadiffs_words() -> None:
    def fail() -> Document:
        raise KeyError("boom")

    with pytest.raises(ExtractionError) as info:
        _run(fail)
    assert str(info.value) == "hostile.pdf: could not be read: the file's content is damaged (the reader crashed on it)"
    # The library's words and where it failed are kept, for --debug only.
    assert "KeyError: 'boom'" in info.value.__notes__[0] and "in fail" in info.value.__notes__[0]


@pytest.mark.parametrize("isolated", [True, False])
def test_a_library_crash_is_one_line_and_its_details_only_under_debug(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, isolated: bool) -> None:
    """Whether the reader runs in a child or in this process, a user reads
    what happened, never a third-party exception's text."""
    import moadiff.extractors.text

    def crash(*args: object) -> Document:
        raise KeyError("/Kids")

    monkeypatch.setattr(moadiff.extractors.text, "extract_text", crash)
    agreement = tmp_path / "agreement.txt"
    agreement.write_text("I. PURPOSE\nThe LEA and ICE agree.\n")
    limits = [] if isolated else ["--no-cache"]
    if not isolated:
        monkeypatch.setattr(isolate, "supported", lambda: False)
    args = ["compare", str(agreement), str(SAMPLES / "new.txt"), *limits]
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == 2
    assert plain.stderr == (f"moadiff: {agreement}: could not be read: the file's content is damaged "
                            "(the reader crashed on it)\n")
    monkeypatch.setattr("sys.argv", ["moadiff", *args, "--debug"])  # where the CLI looks for --debug
    debug = CliRunner().invoke(cli, [*args, "--debug"])
    assert debug.exit_code == 2 and "KeyError: '/Kids'" in debug.stderr and "Traceback" in debug.stderr


@pytest.mark.parametrize("isolated", [True, False])
def test_a_fault_in_moadiffs_own_code_is_not_blamed_on_the_file(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, isolated: bool) -> None:
    """A programming error raised in moadiff's own module (here the text
    reader, handed None for the decoded text) is named as moadiff's fault,
    with the module, never as a damaged file."""
    import moadiff.extractors.text

    monkeypatch.setattr(moadiff.extractors.text, "decode", lambda data: None)
    agreement = tmp_path / "agreement.txt"
    agreement.write_text("I. PURPOSE\nThe LEA and ICE agree.\n")
    limits = [] if isolated else ["--no-cache"]
    if not isolated:
        monkeypatch.setattr(isolate, "supported", lambda: False)
    result = CliRunner().invoke(cli, ["compare", str(agreement), str(SAMPLES / "new.txt"), *limits])
    assert result.exit_code == 2
    assert result.stderr == (f"moadiff: {agreement}: could not be read: moadiff failed on it (AttributeError in "
                             "moadiff.extractors.text), a fault in moadiff, not known to be in the file; please "
                             "report it (--debug shows where)\n")


def test_isolated_and_in_process_reading_agree() -> None:
    for name in ("old.pdf", "old.docx", "old.txt"):
        assert extract(SAMPLES / name) == extract(SAMPLES / name, resources=Resources(isolate=False))


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct xref table from numbered object bodies."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _page(contents: bytes, filters: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d %s >>\nstream\n" % (len(contents), filters) + contents + b"\nendstream",
    ]


def test_flate_bomb_ends_in_one_line_within_the_limits(tmp_path: Path) -> None:
    from hostile_pdf import flate_bomb  # a content stream of 1 GB of spaces in a few KB

    data = flate_bomb()
    assert len(data) < 64 * 1024
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    start = time.monotonic()
    res = CliRunner().invoke(cli, ["compare", str(path), str(SAMPLES / "old.txt"), "--memory-limit", "1024",
                                   "--time-limit", "20"])
    assert time.monotonic() - start < 60
    assert res.exit_code == 2, res.output
    line = res.output.strip()
    assert line.startswith(f"moadiff: {path}") and "\n" not in line and "Traceback" not in line


def test_huge_page_count_is_refused_quickly(tmp_path: Path) -> None:
    objects = _page(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"
    path = tmp_path / "count.pdf"
    path.write_bytes(_pdf(objects))
    start = time.monotonic()
    res = CliRunner().invoke(cli, ["compare", str(path), str(SAMPLES / "old.txt")])
    assert time.monotonic() - start < 30
    assert res.exit_code == 2 and res.output.count("\n") == 1 and str(path) in res.output


# --- several files at once (run_all) ----------------------------------------------


def _doc(name: str) -> Document:
    return Document(name, "0" * 64, "txt", ())


def test_files_are_read_at_the_same_time(tmp_path: Path) -> None:
    # The first reader waits for a mark that only the second one makes: it
    # finishes only if both run at once.
    mark = tmp_path / "mark"

    def waits() -> Document:
        while not mark.exists():
            time.sleep(0.01)
        return _doc("first")

    def marks() -> Document:
        mark.touch()
        return _doc("second")

    jobs = [(waits, "a.pdf"), (marks, "b.pdf")]
    assert [d.path for d in isolate.run_all(jobs, Resources(time_limit=20))] == ["first", "second"]


def _fails(reason: str, after: float = 0.0):  # type: ignore[no-untyped-def]
    def job() -> Document:
        time.sleep(after)
        raise UnsupportedFormat("x", reason)

    return job


def test_the_first_file_s_error_wins_whichever_fails_first() -> None:
    jobs = [(_fails("old is bad", after=1.0), "old.pdf"), (_fails("new is bad"), "new.pdf")]
    with pytest.raises(UnsupportedFormat, match="old is bad"):
        isolate.run_all(jobs, Resources())
    jobs = [(lambda: _doc("ok"), "old.pdf"), (_fails("new is bad", after=0.5), "new.pdf")]
    with pytest.raises(UnsupportedFormat, match="new is bad"):
        isolate.run_all(jobs, Resources())


def test_a_failure_stops_the_readers_after_it() -> None:
    # The second reader would hang until its time limit; the first one's
    # error ends the wait at once.
    start = time.monotonic()
    jobs = [(_fails("old is bad", after=0.2), "old.pdf"), (lambda: time.sleep(60), "new.pdf")]
    with pytest.raises(UnsupportedFormat, match="old is bad"):
        isolate.run_all(jobs, Resources(time_limit=30))  # type: ignore[arg-type]
    assert time.monotonic() - start < 15


def test_each_file_has_its_own_time_limit() -> None:
    jobs = [(lambda: _doc("quick"), "old.pdf"), (lambda: time.sleep(60), "new.pdf")]
    with pytest.raises(ExtractionError, match="new.pdf.*longer than 2 s") as info:
        isolate.run_all(jobs, Resources(time_limit=2))  # type: ignore[arg-type]
    assert info.value.path == "new.pdf"


def test_the_parent_works_meanwhile_while_the_readers_read(tmp_path: Path) -> None:
    # The reader waits for a mark that only the parent's meanwhile makes:
    # it finishes only if meanwhile runs in the parent while it reads.
    mark = tmp_path / "mark"
    ran: list[int] = []

    def waits() -> Document:
        while not mark.exists():
            time.sleep(0.01)
        return _doc("read")

    def meanwhile() -> None:
        ran.append(os.getpid())
        mark.touch()

    assert [d.path for d in isolate.run_all([(waits, "a.pdf")], Resources(time_limit=20), meanwhile)] == ["read"]
    assert ran == [os.getpid()]


def _whose(tag: str) -> Document:
    """A job for a kept reader (module level: it is pickled to the reader)."""
    return Document(f"{tag}:{os.getpid()}", "0" * 64, "txt", ())


def _hang(tag: str) -> Document:
    time.sleep(60)
    return _whose(tag)


def _fail(tag: str) -> Document:
    raise KeyError(tag)


def test_a_kept_reader_reads_file_after_file_in_one_child() -> None:
    from functools import partial

    reader = isolate.Reader(Resources())
    try:
        pids = {reader.run(partial(_whose, str(n)), f"{n}.pdf").path.split(":")[1] for n in range(5)}
        assert len(pids) == 1 and pids != {str(os.getpid())}
        for n in range(isolate._RECYCLE):  # then it is replaced
            pids.add(reader.run(partial(_whose, "x"), "x.pdf").path.split(":")[1])
        assert len(pids) == 2
    finally:
        reader.close()


def test_a_kept_reader_s_failures_are_one_line_and_the_next_file_is_read() -> None:
    from functools import partial

    reader = isolate.Reader(Resources(time_limit=1))
    try:
        first = reader.run(partial(_whose, "a"), "a.pdf").path
        with pytest.raises(ExtractionError, match=r"^b\.pdf: could not be read: the file's content is damaged"):
            reader.run(partial(_fail, "b"), "b.pdf")
        start = time.monotonic()
        with pytest.raises(ExtractionError, match="longer than 1 s, the time limit"):
            reader.run(partial(_hang, "c"), "c.pdf")
        assert time.monotonic() - start < 10
        last = reader.run(partial(_whose, "d"), "d.pdf").path  # a new reader
        assert last.startswith("d:") and last.split(":")[1] != first.split(":")[1]
    finally:
        reader.close()


def test_a_batch_worker_s_kept_reader_reads_as_a_child_per_file_does(tmp_path: Path) -> None:
    from moadiff.extractors import extract_all

    sample = SAMPLES / "old.pdf"
    alone = extract(sample)
    isolate.keep_readers()
    try:
        kept = [extract(sample) for _ in range(2)]
        assert isolate.kept_reader(Resources()) is not None
        assert kept == [alone, alone] == extract_all([sample], resources=Resources(isolate=False)) * 2
    finally:
        if isolate._kept is not None:
            for reader in isolate._kept.values():
                reader.close()
        isolate._kept = None


def test_each_thread_has_its_own_kept_reader() -> None:
    # A Dask worker runs tasks in threads: one reader's pipe must never be
    # shared by two files at once.
    import threading

    isolate.keep_readers()
    try:
        readers: list[isolate.Reader | None] = []
        both = threading.Barrier(2)  # alive together (an ended thread's id may be given again)

        def take() -> None:
            readers.append(isolate.kept_reader(Resources()))
            both.wait()

        threads = [threading.Thread(target=take) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({id(r) for r in readers}) == 2 and None not in readers
        assert isolate.kept_reader(Resources()) is isolate.kept_reader(Resources())
    finally:
        isolate._close_kept()
        isolate._kept = None


def test_a_process_forked_after_its_parent_kept_a_reader_reads_with_its_own() -> None:
    # A batch reads one file in-process (a pool maps one item there), then
    # forks its pool's workers: a worker using the parent's reader would share
    # its pipe with the parent and the other workers, and take their answers.
    sample = SAMPLES / "old.pdf"
    isolate.keep_readers()
    try:
        parents = isolate.kept_reader(Resources())
        assert parents is not None
        expected = extract(sample)
        pid = os.fork()
        if pid == 0:  # the worker: its own reader, which reads the file; the parent's left alone
            ok = False
            try:
                own = isolate.kept_reader(Resources())
                ok = own is not None and own is not parents and extract(sample) == expected
                isolate._close_kept()
            finally:
                os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert isolate.kept_reader(Resources()) is parents and extract(sample) == expected
    finally:
        isolate._close_kept()
        isolate._kept = None
