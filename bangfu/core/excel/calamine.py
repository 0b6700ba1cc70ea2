"""Reading .xlsx and .xls with python-calamine, in a child process with memory and time limits.

What python-calamine 0.9 does and does not give us:

* It parses a whole worksheet into memory on the Rust side when the sheet is opened
  (about 40-60 MB for 100,000 x 12 cells); `iter_rows()` then creates the Python objects
  one row at a time, so the Python side stays flat.
* `iter_rows()` yields absolute rows from spreadsheet row 1 (leading empty rows come back
  as empty lists), but the columns start at the first used column of the sheet.
* Numbers come back as floats (130821100201 -> 130821100201.0); date-formatted cells as
  `date`/`datetime`; error cells (#N/A, #DIV/0!) and blanks as "".
* `merged_cell_ranges` lists merged ranges as absolute 0-based ((row, col), (row, col))
  for .xlsx and .xls (None for other formats); only the top-left cell holds the value.
  We fill a vertical merge down its first column in data rows, and use a vertical merge as
  the header of the rows it covers; horizontal merges in data rows are *not* spread
  sideways (the value belongs to the first column only).
* Hidden rows and columns, cell comments and cell formats are not exposed; a hidden row
  is read like any other row.
* The grid is dense, from the top-left to the bottom-right used cell: a 5 kB .xlsx with
  values in A1 and XFD1048576 asks for ~700 GB, and a forged DIMENSIONS record in an .xls
  for petabytes. The failed allocation *aborts the process* (SIGABRT, no exception), and
  damaged .xls files make the Rust side panic. So workbooks are parsed in a child process
  (`_CHILD`: the same interpreter, python-calamine only, address space limited to
  `READ_MEMORY_LIMIT` and CPU to `READ_TIME_LIMIT`), which streams the cells as marshal
  batches into an unlinked temporary file that the `Table` reads *while* the child writes
  it (`_Output`): the header is searched and the rows checked on one core while the
  workbook is parsed on the other, and the file is replayed for the error report. A file
  that kills the child costs a refused upload (raised where the reading catches up with
  the dead child), never a web or task worker.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from .base import MB, UNREADABLE, Source, UploadError, lazy_format, open_binary
from .table import (
    HeaderCandidate,
    Table,
    duplicate_column_error,
    missing_columns_error,
    search_header,
)

#: a damaged .xls can do the same. Parsing therefore runs in a child process with this
#: limit, and such a file costs a refused upload instead of a dead worker.
READ_MEMORY_LIMIT = 2048 * MB
#: CPU seconds (and, doubled, wall-clock seconds) allowed for parsing one workbook.
READ_TIME_LIMIT = 300
_BATCH = 1000

# The child program: it imports python-calamine only (no Django), limits itself, parses
# the workbook from stdin and writes marshal records to stdout (a temporary file):
# ("sheet", name, first_column, merged_ranges), ("rows", [row, ...])..., ("end",) per
# sheet, where dates, times and durations are sent as tagged tuples ("rowsx" batches);
# each record is framed by its length (4 bytes, little-endian).
_CHILD = r"""
import marshal, resource, sys
memory, cpu = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
import datetime as dt, io, python_calamine as pc

def tagged(v):
    t = type(v)
    if t is str or t is float or t is bool or t is int:
        return v
    if t is dt.datetime:
        return ("T", v.isoformat())
    if t is dt.date:
        return ("D", v.isoformat())
    if t is dt.time:
        return ("t", v.isoformat())
    if t is dt.timedelta:
        return ("S", v.total_seconds())
    return str(v)

def flush(batch, out):
    try:
        data = marshal.dumps(("rows", batch))
    except ValueError:
        data = marshal.dumps(("rowsx", [[tagged(v) for v in row] for row in batch]))
    write(data, out)

def write(data, out):
    out.write(len(data).to_bytes(4, "little"))
    out.write(data)

out = sys.stdout.buffer
try:
    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
    if len(sys.argv) > 3:
        names = [sys.argv[3]]
        if names[0] not in book.sheet_names:
            sys.exit(5)
    else:
        names = [m.name for m in book.sheets_metadata
                 if m.typ == pc.SheetTypeEnum.WorkSheet
                 and m.visible == pc.SheetVisibleEnum.Visible]
    for name in names:
        sheet = book.get_sheet_by_name(name)
        start = sheet.start
        merged = [list(map(list, r)) for r in (sheet.merged_cell_ranges or [])]
        write(marshal.dumps(("sheet", name, start[1] if start else 0, merged)), out)
        if start is not None:
            batch = []
            for row in sheet.iter_rows():
                batch.append(row)
                if len(batch) >= %(batch)d:
                    flush(batch, out)
                    batch = []
            if batch:
                flush(batch, out)
        write(marshal.dumps(("end",)), out)
        del sheet
    out.flush()
except MemoryError:
    sys.exit(4)
""".replace("%(batch)d", str(_BATCH))

_TAGS: dict[str, Callable[[Any], Any]] = {
    "T": dt.datetime.fromisoformat,
    "D": dt.date.fromisoformat,
    "t": dt.time.fromisoformat,
    "S": lambda seconds: dt.timedelta(seconds=seconds),
}

TOO_LARGE = _(
    "The sheet is too large to read: it has more cells than the server reads at once, or a "
    "stray value far below or to the right of the data. Delete the rows and columns after "
    "the data (or copy the data to a new workbook) and upload it again."
)


def _untag(row: list[Any]) -> list[Any]:
    return [_TAGS[v[0]](v[1]) if type(v) is tuple else v for v in row]


class _Output:
    """The child's records, read while the child is still writing them.

    The child writes to a temporary file through a descriptor of its own (append mode); we
    read it through another, so the rows are checked on one core while the workbook is
    still being parsed on the other. Where we catch up with the child we wait for more;
    once it has ended, a short read is the end of its output, and a child that failed
    raises the same UploadError as a refused workbook. The file is unlinked once both have
    it open, and `close()` stops a child that is still running.
    """

    POLL = 0.002  # seconds between looks at a child we have caught up with

    def __init__(self, process: subprocess.Popen, file: IO[bytes], errors: IO[bytes], sheet):
        self._process = process
        self._file = file
        self._errors = errors
        self._sheet = sheet
        self._deadline = time.monotonic() + READ_TIME_LIMIT * 2

    @property
    def closed(self) -> bool:
        return self._file.closed

    def tell(self) -> int:
        return self._file.tell()

    def seek(self, offset: int) -> int:
        return self._file.seek(offset)

    def read(self, size: int) -> bytes:
        data = self._file.read(size) or b""
        while len(data) < size:
            if self._process.poll() is not None:
                data += self._file.read(size - len(data)) or b""  # written before it ended
                if len(data) < size:
                    self.check()
                return data
            if time.monotonic() > self._deadline:
                self.close()
                raise UploadError(TOO_LARGE)
            time.sleep(self.POLL)
            data += self._file.read(size - len(data)) or b""
        return data

    def wait(self) -> None:
        """Until the child has ended; its failure raises (the whole output is then here)."""
        try:
            self._process.wait(timeout=max(0.0, self._deadline - time.monotonic()))
        except subprocess.TimeoutExpired as exc:
            self.close()
            raise UploadError(TOO_LARGE) from exc
        self.check()

    def check(self) -> None:
        """Raise the upload's error if the child failed (after it has ended)."""
        code = self._process.returncode
        if not code:
            return
        self._errors.seek(0)
        stderr = self._errors.read()
        self.close()
        if code == 5:
            raise UploadError(
                lazy_format(_("The workbook has no sheet named “%(name)s”."), name=self._sheet)
            )
        died = code in (4, -signal.SIGABRT, -signal.SIGKILL, -signal.SIGXCPU)
        if died or b"memory allocation" in stderr:
            raise UploadError(TOO_LARGE)
        raise UploadError(UNREADABLE)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._file.close()
        self._errors.close()

    def __del__(self) -> None:  # a Table dropped unclosed must not leave a child behind
        if not self._file.closed:
            self.close()


def _parse_in_child(source: Source, sheet: str | None) -> _Output:
    """Start the child parser; return its output, to be read while it parses."""
    command = [sys.executable, "-I", "-c", _CHILD, str(READ_MEMORY_LIMIT), str(READ_TIME_LIMIT)]
    if sheet is not None:
        command.append(sheet)
    fd, path = tempfile.mkstemp(prefix="bangfu-calamine-")
    try:
        os.close(fd)
        writer = open(path, "ab")  # noqa: SIM115 - the child's stdout, closed below
        reader = open(path, "rb", buffering=0)  # noqa: SIM115 - owned by the Table
    finally:
        os.unlink(path)
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - owned by the output
    try:
        if isinstance(source, str | os.PathLike):
            stdin = open(source, "rb")  # noqa: SIM115 - a fresh descriptor at offset 0
        else:  # a file object's buffered position and its descriptor's offset may differ
            stdin = tempfile.TemporaryFile()  # noqa: SIM115
            with open_binary(source) as fh:
                shutil.copyfileobj(fh, stdin)
            stdin.seek(0)
        with stdin, writer:
            process = subprocess.Popen(  # noqa: S603 - our interpreter, our program
                command, stdin=stdin, stdout=writer, stderr=errors
            )
    except BaseException:
        reader.close()
        errors.close()
        raise
    return _Output(process, reader, errors, sheet)


def _load(dump: IO[bytes]) -> Any:
    """One record from the child's output: a temporary file only we and our child wrote."""
    size = dump.read(4)
    if not size:
        raise EOFError
    data = dump.read(int.from_bytes(size, "little"))
    return marshal.loads(data)  # noqa: S302 - trusted: written by _CHILD, never by a user


def _replay(dump: _Output, offset: int) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of the sheet whose batches start at `offset`, numbered from 1."""
    dump.seek(offset)
    number = 0
    while True:
        record = _load(dump)
        if record[0] == "end":
            dump.wait()  # a failure anywhere in the workbook refuses it, as before any row
            return
        untag = record[0] == "rowsx"
        for cells in record[1]:
            number += 1
            yield number, _untag(cells) if untag else cells


def read_workbook(
    source: Source,
    wanted: Mapping[str, str],
    required: list[str],
    others: Mapping[str, list[str]],
    template_name: str | None,
    max_scan_rows: int,
    sheet_name: str | None,
) -> Table:
    dump = _parse_in_child(source, sheet_name)
    try:
        return _find_in_dump(dump, wanted, required, others, template_name, max_scan_rows)
    except BaseException:
        dump.close()
        raise


def _find_in_dump(
    dump: IO[bytes],
    wanted: Mapping[str, str],
    required: list[str],
    others: Mapping[str, list[str]],
    template_name: str | None,
    max_scan_rows: int,
) -> Table:
    candidates: list[HeaderCandidate] = []
    try:
        while True:
            try:
                header = _load(dump)
            except EOFError:
                break
            _tag, name, first_column, ranges = header
            offset = dump.tell()
            scanned: list[Sequence[Any]] = []
            ended = False
            while len(scanned) < max_scan_rows:
                record = _load(dump)
                if record[0] == "end":
                    ended = True
                    break
                untag = record[0] == "rowsx"
                scanned.extend(_untag(cells) if untag else cells for cells in record[1])
            del scanned[max_scan_rows:]
            merged = [
                ((top, left - first_column), (bottom, right - first_column))
                for (top, left), (bottom, right) in ranges
                if left >= first_column
            ]
            candidate = search_header(scanned, merged, wanted, required, others, name)
            if candidate.header_index is None:
                candidates.append(candidate)
                while not ended:  # skip the rest of this sheet
                    ended = _load(dump)[0] == "end"
                continue
            if candidate.duplicate:
                raise duplicate_column_error(candidate.duplicate)
            header_index = candidate.header_index
            mapped = {column for column, _name in candidate.columns}
            fills: dict[int, list[tuple[int, int]]] = {}
            for (top, left), (bottom, _right) in merged:
                if top > header_index and bottom > top and left in mapped:
                    fills.setdefault(top + 1, []).append((left, bottom + 1))
            return Table(
                headers=[column_name for _column, column_name in candidate.columns],
                header_row=header_index + 1,
                sheet_name=name,
                _columns=candidate.columns,
                _rows=lambda offset=offset: _replay(dump, offset),
                _fills=fills,
                _resource=dump,
                ignored=candidate.ignored,
            )
    except (EOFError, ValueError, TypeError, KeyError) as exc:
        raise UploadError(UNREADABLE) from exc
    raise missing_columns_error(candidates, required, template_name)
