"""Peak memory of reading hostile import files: what an upload can cost a web worker.

    uv run python bench/import_files.py            # the importer as it is
    uv run python bench/import_files.py --before   # also the reader before the limits (08dd5ab)

Each case runs in a fresh Python process that reads one file with the importer's reader and
reports the growth of its peak RSS (ru_maxrss after minus before) and the time taken. The
processes run one after the other under a 4 GB address-space limit, so that the old reader
cannot take the machine down. This is a benchmark, not a test: the tests
(tests/organisations/test_import_export.py) check the messages; this measures the memory.

Results on the development box (2 vCPUs shared with five other sessions), 2026-11-30:

    reader    case                        file KB   peak RSS growth   time      answer
    now       5,000 good rows (baseline)       29              1 MB    0.76 s   read
    now       300 MB inline string            303              0 MB    0.00 s   refused (size)
    now       3 million cells in one row       15              0 MB    0.03 s   refused (cells)
    08dd5ab   5,000 good rows (baseline)       29             12 MB    2.02 s   read
    08dd5ab   300 MB inline string            303            611 MB    7.67 s   read, 300 MB cell
    08dd5ab   3 million cells in one row       15            930 MB   41.62 s   read

(Under gunicorn the old reader grew a worker to 1.6 GB: the request and the job's JSON copy
the 300 MB cell again.)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE_COMMIT = "08dd5ab"
LIMIT_BYTES = 4 * 1024**3

SHEET_START = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'


def _xlsx(sheet_chunks) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name"])
    original = io.BytesIO()
    workbook.save(original)
    result = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for name in source.namelist():
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, source.read(name))
                continue
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in sheet_chunks:
                    part.write(chunk)
    return result.getvalue()


def good_rows():
    yield SHEET_START + HEADER
    for number in range(2, 5002):
        yield (
            b'<row r="%d"><c t="inlineStr"><is><t>Yhdistys %d ry</t></is></c></row>'
            % (number, number)
        )
    yield SHEET_END


def huge_inline_string():
    yield SHEET_START + HEADER + b'<row r="2"><c t="inlineStr"><is><t>'
    for _ in range(300):
        yield b"A" * (1024 * 1024)
    yield b"</t></is></c></row>" + SHEET_END


def wide_row():
    yield SHEET_START + HEADER + b'<row r="2">'
    for _ in range(30):
        yield b"<c/>" * 100_000
    yield b"</row>" + SHEET_END


CASES = {
    "5,000 good rows (baseline)": good_rows,
    "300 MB inline string": huge_inline_string,
    "3 million cells in one row": wide_row,
}

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.environ["BENCH_ROOT"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
from django.utils import translation
translation.activate("en")
from organisations.services import importer
from portal.lib import spreadsheet_import  # the reader itself, shared since issue 17
import openpyxl.reader.excel  # imported before measuring: the import is not the file's cost
if os.environ.get("BENCH_BEFORE"):
    # The reader of the commit before the limits, with the importer's names around it.
    namespace = {**vars(spreadsheet_import), **vars(importer)}
    exec(compile(os.environ["BENCH_BEFORE"], "before", "exec"), namespace)
    read = namespace["_read_xlsx"]
else:
    read = importer._read_xlsx
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    rows = read(data)
    answer = f"read {len(rows)} rows, longest cell {max(len(c) for r in rows for c in r):,}"
except importer.ImportFileError as error:
    answer = f"refused: {error}"
except MemoryError:
    answer = "MemoryError"
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_mb": (after - before) / 1024, "seconds": seconds, "answer": answer}))
"""


def _before_reader() -> str:
    """The old _read_xlsx and _xlsx_text functions, from git."""
    source = subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:organisations/services/importer.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    start = source.index("def _read_xlsx(")
    end = source.index("def import_read_file(")
    return source[start:end]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def run_case(path: str, before: str) -> dict:
    env = {**os.environ, "BENCH_ROOT": str(ROOT)}
    if before:
        env["BENCH_BEFORE"] = before
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, path],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        timeout=600,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode or not lines:
        return {"growth_mb": float("nan"), "seconds": float("nan"), "answer": "crashed: "
                + (completed.stderr.strip().splitlines() or ["?"])[-1][:120]}  # fmt: skip
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true", help=f"also the reader of {BEFORE_COMMIT}")
    args = parser.parse_args()
    versions = [("now", "")] + ([(BEFORE_COMMIT, _before_reader())] if args.before else [])
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for name, build in CASES.items():
            files[name] = Path(folder) / f"{len(files)}.xlsx"
            files[name].write_bytes(_xlsx(build()))
        print(f"{'version':8} {'case':28} {'file KB':>8} {'RSS growth MB':>14} {'s':>6}  answer")
        for version, before in versions:
            for name, path in files.items():
                result = run_case(str(path), before)
                print(
                    f"{version:8} {name:28} {path.stat().st_size // 1024:>8} "
                    f"{result['growth_mb']:>14.0f} {result['seconds']:>6.2f}  "
                    f"{result['answer'][:90]}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
