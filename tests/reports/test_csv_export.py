"""CSV text and the rows of each export kind, without Home Assistant."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
import io

import pytest

from custom_components.storj_monitor.reports.csv_export import format_cell, to_csv
from custom_components.storj_monitor.reports.model import EventRow, TrafficDay
from custom_components.storj_monitor.reports.tables import (
    COLUMNS,
    ExportKind,
    FleetNode,
    PaystubLine,
    ScoreSample,
    event_rows,
    fleet_rows,
    payout_rows,
    ranks,
    reputation_rows,
    storage_rows,
    traffic_rows,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (date(2026, 10, 1), "2026-10-01"),
        (datetime(2026, 10, 1, 12, 30, tzinfo=UTC), "2026-10-01T12:30:00+00:00"),
        (Decimal("0.000001"), "0.000001"),
        (1e-7, "0.0000001"),
        (1234567.5, "1234567.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (42, "42"),
        ("a,b", "a,b"),
    ],
)
def test_cells_are_locale_free_and_never_scientific(value: object, text: str) -> None:
    """Dot decimals, ISO dates, no exponent, floats read back exactly."""
    assert format_cell(value) == text  # type: ignore[arg-type]
    if isinstance(value, float):
        assert float(text) == value


def test_csv_has_a_header_and_quotes_what_needs_it() -> None:
    text = to_csv(("node", "note"), [("Node, 1", 'say "hi"'), ("N2", None)])
    assert text == 'node,note\r\n"Node, 1","say ""hi"""\r\nN2,\r\n'
    assert list(csv.reader(io.StringIO(text)))[1] == ["Node, 1", 'say "hi"']


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        to_csv(("a", "b", "c"), [(1, 2)])


def test_every_kind_names_its_units() -> None:
    """Columns with a quantity carry its unit."""
    for kind, columns in COLUMNS.items():
        assert columns[:2] == ("node", "node_id"), kind
        for column in columns:
            if column.startswith(("earned", "held", "paid", "distributed", "earnings")):
                assert column.endswith("_usd"), column
    assert "stored_tb" in COLUMNS[ExportKind.STORAGE]
    assert all(c.endswith("_gb") for c in COLUMNS[ExportKind.TRAFFIC][3:])


def test_rows_of_each_kind_match_their_columns() -> None:
    stub = PaystubLine(
        period="2026-10",
        satellite="us1",
        satellite_id="12Eay",
        earned=Decimal("1.5"),
        earned_without_surge=Decimal("1.0"),
        surge_percent=150,
        held=Decimal("0.25"),
        paid=Decimal("1.25"),
        distributed=None,
        receipt="zksync-era:0xabc",
    )
    rows = payout_rows("N", "id", [stub])
    assert rows == [
        (
            "N",
            "id",
            "2026-10",
            "us1",
            "12Eay",
            Decimal("1.5"),
            Decimal("1.0"),
            150,
            Decimal("0.25"),
            Decimal("1.25"),
            None,
            "zksync-era:0xabc",
        )
    ]
    assert to_csv(COLUMNS[ExportKind.PAYOUTS], rows).splitlines()[1] == (
        "N,id,2026-10,us1,12Eay,1.5,1.0,150,0.25,1.25,,zksync-era:0xabc"
    )
    assert storage_rows("N", "id", [(date(2026, 10, 2), 2.0), (date(2026, 10, 1), 1.0)]) == [
        ("N", "id", date(2026, 10, 1), 1.0),
        ("N", "id", date(2026, 10, 2), 2.0),
    ]
    day = TrafficDay(
        day=date(2026, 10, 1),
        egress=1.0,
        egress_repair=2.0,
        egress_audit=3.0,
        ingress=4.0,
        ingress_repair=5.0,
    )
    assert day.total == 15.0
    assert traffic_rows("N", "id", [day]) == [
        ("N", "id", date(2026, 10, 1), 1.0, 2.0, 3.0, 4.0, 5.0)
    ]
    at = datetime(2026, 10, 1, tzinfo=UTC)
    assert reputation_rows(
        "N", "id", [ScoreSample(satellite="us1", at=at, audit=100.0, suspension=None, online=99.5)]
    ) == [("N", "id", "us1", at, 100.0, None, 99.5)]
    event = EventRow(
        at=at,
        kind="anomaly",
        type="anomaly_started",
        severity="",
        subject="ingress",
        satellite="",
        message="m",
    )
    assert event_rows("N", "id", [event]) == [
        ("N", "id", at, "anomaly", "anomaly_started", "", "ingress", "", "m")
    ]
    for kind, rows_of_kind in (
        (ExportKind.STORAGE, storage_rows("N", "id", [(date(2026, 10, 1), 1.0)])),
        (ExportKind.TRAFFIC, traffic_rows("N", "id", [day])),
        (ExportKind.ALERTS, event_rows("N", "id", [event])),
    ):
        assert all(len(row) == len(COLUMNS[kind]) for row in rows_of_kind)


def test_competition_ranks_highest_first_unknown_unranked() -> None:
    assert ranks([3.0, None, 5.0, 3.0, 1.0], lambda v: v) == [2, None, 1, 2, 4]


def _fleet_node(name: str, per_tb: str | None, download: float | None) -> FleetNode:
    return FleetNode(
        node=name,
        node_id=name.lower(),
        online=True,
        disk_used_tb=1.0,
        disk_free_tb=2.0,
        stored_average_tb=0.9,
        earnings_month=Decimal("3"),
        earnings_per_tb_month=None if per_tb is None else Decimal(per_tb),
        held_total=Decimal("1"),
        worst_audit=100.0,
        worst_suspension=99.0,
        worst_online=None,
        download_success=download,
        upload_success=None,
        audit_success=None,
    )


def test_fleet_rows_rank_the_nodes() -> None:
    rows = fleet_rows([_fleet_node("A", "1.5", 98.0), _fleet_node("B", "2.5", None)])
    assert all(len(row) == len(COLUMNS[ExportKind.FLEET]) for row in rows)
    ranked = {row[0]: row[-4:] for row in rows}
    assert ranked == {"A": (2, 1, 1, 1), "B": (1, 1, 1, None)}
    assert _fleet_node("A", None, None).worst_score == 99.0


def test_a_score_of_zero_is_the_worst_not_missing() -> None:
    """A disqualified satellite's 0 % must rank the node last, not drop out of the minimum."""
    node = replace(_fleet_node("A", None, None), worst_online=0.0)
    assert node.worst_score == 0.0


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)"])
def test_free_text_is_never_a_spreadsheet_formula(text: str) -> None:
    assert format_cell(text) == "'" + text


def test_numbers_keep_their_sign() -> None:
    assert format_cell(-2.5) == "-2.5"
    assert format_cell(Decimal("-1.25")) == "-1.25"
