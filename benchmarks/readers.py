"""Compare spreadsheet readers on one large synthetic sheet and report seconds and ratios.

    python benchmarks/readers.py [--rows 200000]

Needs the bench extra (pip install '.[bench]') for fastexcel. Writes nothing but a temporary file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def make_sheet(path: Path, rows: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Export")
    fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, ["BSN", "Naam", "Geboortedatum", "Geslacht", "Insluitingsdatum", "Ontslagdatum", "Gemeente", "Titel"])
    base = dt.datetime(2015, 1, 1)
    for i in range(1, rows + 1):
        ws.write_string(i, 0, f"{100000000 + i * 7:09d}")
        ws.write_string(i, 1, f"Persoon {i}")
        ws.write_datetime(i, 2, base - dt.timedelta(days=8000 + i % 9000), fmt)
        ws.write_string(i, 3, "M" if i % 10 else "V")
        ws.write_datetime(i, 4, base + dt.timedelta(days=i % 1800), fmt)
        ws.write_datetime(i, 5, base + dt.timedelta(days=i % 1800 + 30 + i % 200), fmt)
        ws.write_string(i, 6, "Haarlem")
        ws.write_string(i, 7, "Veroordeeld")
    wb.close()


def timed(label: str, fn) -> tuple[str, float]:
    started = time.perf_counter()
    fn()
    return label, time.perf_counter() - started


def read_openpyxl(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    for _ in wb.active.iter_rows(values_only=True):
        pass
    wb.close()


def read_calamine(path: Path) -> None:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


def read_fastexcel(path: Path) -> None:
    import fastexcel

    fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string").to_pandas()


def safety_check(path: Path) -> None:
    from nazorg_cli.sources.safety import check_file

    check_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "groot.xlsx"
        make_sheet(path, args.rows)
        size = path.stat().st_size / 1e6
        results = [
            timed(name, lambda fn=fn: fn(path))
            for name, fn in (
                ("fastexcel (strings, Arrow)", read_fastexcel),
                ("python-calamine to_python", read_calamine),
                ("openpyxl read_only", read_openpyxl),
                ("nazorg safety scan", safety_check),
            )
        ]
    fastest = min(seconds for name, seconds in results if "safety" not in name)
    print(f"{args.rows:,} rows x 8 columns, {size:.1f} MB xlsx")
    print(f"{'reader':<30} {'seconds':>8} {'ratio':>7}")
    for name, seconds in results:
        print(f"{name:<30} {seconds:8.2f} {seconds / fastest:6.1f}x")


if __name__ == "__main__":
    main()
