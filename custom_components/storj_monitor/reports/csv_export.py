"""Rows to CSV text: a header row, ISO dates, dot decimals, empty cells for unknown values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
import csv
from datetime import date, datetime
from decimal import Decimal
import io

type CsvValue = str | int | float | Decimal | date | datetime | bool | None

_FORMULA_STARTS = frozenset("=+-@\t\r")


def format_cell(value: CsvValue) -> str:
    """One cell: locale-independent, never in scientific notation."""
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case datetime() | date():
            return value.isoformat()
        case Decimal():
            return format(value, "f")
        case float():
            # repr is the shortest text that reads back as the same float.
            return format(Decimal(repr(value)), "f")
        case str() if value[:1] in _FORMULA_STARTS:
            # Free text (a node's name, an event message) that a spreadsheet would run as a
            # formula: kept as text, the way spreadsheets themselves escape it.
            return "'" + value
        case _:
            return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[CsvValue]]) -> str:
    """The CSV text of a table (RFC 4180, `\\r\\n` line ends as spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row has {len(row)} cells for {len(columns)} columns")
        writer.writerow([format_cell(value) for value in row])
    return buffer.getvalue()
