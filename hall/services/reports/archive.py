"""Rendering a report in the format asked for, and the archive of daily reports made by the cron job.

Reading only: a report never holds a write lock, so calling at the counters goes on while it runs.
"""

import re
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l

from hall.errors import NotFound
from hall.models import Hall

SAVED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.pdf$")
KINDS = {
    "pdf": "application/pdf",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_stem(hall: Hall, start: date, end: date) -> str:
    return f"{hall.code}-{start.isoformat()}" + ("" if start == end else f"-{end.isoformat()}")


def render(hall: Hall, start: date, end: date, kind: str, *, now: datetime, font_path: str = ""):
    """(content, mimetype, filename) of the report for ``start``..``end`` as ``kind`` (pdf, csv, xlsx)."""
    # Imported here: openpyxl and the chart code load only when someone asks for a report.
    from hall.pdf.report import build_report
    from hall.services.reports import tables
    from hall.services.reports.metrics import report_figures

    figures = report_figures(hall.id, start, end, now=now)
    stem = file_stem(hall, start, end)
    if kind == "pdf":
        return build_report(figures, font_path=font_path), KINDS[kind], f"{stem}.pdf"
    if kind == "csv":
        return tables.csv_zip(figures), KINDS[kind], f"{stem}-csv.zip"
    return tables.xlsx_bytes(figures), KINDS["xlsx"], f"{stem}.xlsx"


def save_daily(hall: Hall, day: date, directory: Path, *, now: datetime, font_path: str = "") -> Path:
    """Write the day's PDF into ``directory/<hall code>/<day>.pdf`` (replacing an earlier run's)."""
    content, _, _ = render(hall, day, day, "pdf", now=now, font_path=font_path)
    folder = Path(directory) / hall.code
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{day.isoformat()}.pdf"
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    partial.replace(target)  # a download never sees half a file
    return target


def saved_reports(hall_code: str, directory: Path) -> list[str]:
    folder = Path(directory) / hall_code
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if SAVED_NAME.match(p.name)), reverse=True)


def read_saved(hall_code: str, name: str, directory: Path) -> bytes:
    path = Path(directory) / hall_code / name
    if not SAVED_NAME.match(name) or not path.is_file():
        raise NotFound(_l("There is no such report."))
    return path.read_bytes()
