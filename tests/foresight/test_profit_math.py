"""The net profit arithmetic against hand-computed values (no Home Assistant)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.storj_monitor.profit import (
    EnergyMeter,
    days_in_month,
    fixed_energy_kwh,
    grid_price,
    payback_date,
    price_per_kwh,
    project_to_month_end,
    return_percent,
)

NOV = datetime(2026, 11, 1, tzinfo=UTC)


def at(hours: float) -> datetime:
    """`hours` after 1 November 2026, 00:00 UTC."""
    return NOV + timedelta(hours=hours)


def test_power_left_sum_half_share_is_1_75_kwh_costing_0_65() -> None:
    """100 W for 10 h at 0.30, then 250 W for 10 h at 0.40, half the machine.

    (100 W x 10 h + 250 W x 10 h) / 1000 x 0.5 = 1.75 kWh;
    1 kWh x 0.5 x 0.30 + 2.5 kWh x 0.5 x 0.40 = 0.15 + 0.50 = 0.65.
    """
    meter = EnergyMeter(0.5, at(0))
    meter.add_power(at(0), 100, 0.30)
    meter.add_power(at(10), 250, 0.40)
    meter.add_power(at(20), 250, 0.40)
    assert meter.month_kwh == pytest.approx(1.75)
    assert meter.month_cost == pytest.approx(0.65)
    assert meter.lifetime_kwh == pytest.approx(1.75)


def test_an_interval_across_the_month_start_is_split() -> None:
    """200 W from 30 Nov 22:00 to 1 Dec 02:00: 0.4 kWh in each month, December's kept."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(29 * 24 + 22), 200, 1.0)
    meter.add_power(at(30 * 24 + 2), 200, 1.0)
    assert meter.month == "2026-12"
    assert meter.month_kwh == pytest.approx(0.4)
    assert meter.month_cost == pytest.approx(0.4)
    assert meter.lifetime_kwh == pytest.approx(0.8)


def test_a_new_month_resets_the_month_on_the_next_reading() -> None:
    """A reading in December starts December's totals even without energy in it."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(0), 1000, 0.2)
    meter.add_power(at(1), None, 0.2)  # 1 kWh, then the power is unknown
    meter.roll(at(31 * 24))
    assert (meter.month, meter.month_kwh, meter.lifetime_kwh) == ("2026-12", 0.0, 1.0)


def test_unknown_power_counts_nothing_until_known_again() -> None:
    """1 kW for 1 h, unknown for 5 h, 1 kW for 2 h: 3 kWh."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(0), 1000, 0.1)
    meter.add_power(at(1), None, 0.1)
    meter.add_power(at(6), 1000, 0.1)
    meter.add_power(at(8), 1000, 0.1)
    assert meter.month_kwh == pytest.approx(3.0)


def test_meter_growth_and_reset_count_like_total_increasing() -> None:
    """1000 -> 1002.5 (2.5 kWh at 0.2) -> reset to 0.5 (0.5 kWh at 0.3): 3 kWh, 0.65."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_total(at(0), 1000.0, 0.2)
    meter.add_total(at(5), 1002.5, 0.3)
    meter.add_total(at(6), 0.5, 0.3)
    assert meter.month_kwh == pytest.approx(3.0)
    assert meter.month_cost == pytest.approx(2.5 * 0.2 + 0.5 * 0.3)


def test_energy_without_a_price_is_counted_apart() -> None:
    """2 kWh with no price known: energy, no cost, 2 kWh unpriced."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(0), 1000, None)
    meter.add_power(at(2), 1000, 0.5)
    assert (meter.month_kwh, meter.month_cost, meter.unpriced_kwh) == (2.0, 0.0, 2.0)


def test_out_of_order_readings_add_nothing() -> None:
    """A reading not after the last one adds no energy."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(2), 1000, 1.0)
    meter.add_power(at(1), 1000, 1.0)
    assert meter.month_kwh == 0.0


def test_a_reading_at_the_same_moment_replaces_the_last() -> None:
    """100 W then 1000 W both at 0 h, held 1 h: 1 kWh, at the second price."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(0), 100, 0.1)
    meter.add_power(at(0), 1000, 0.2)
    meter.add_power(at(1), 1000, 0.2)
    assert meter.month_kwh == pytest.approx(1.0)
    assert meter.month_cost == pytest.approx(0.2)


def test_the_meter_survives_a_round_trip_through_the_store() -> None:
    """Restored, the meter continues the open interval: 1 kWh + 1 kWh."""
    meter = EnergyMeter(1.0, at(0))
    meter.add_power(at(0), 1000, 0.3)
    meter.add_power(at(1), 1000, 0.3)
    restored = EnergyMeter.from_store(1.0, dict(meter.to_store()))
    restored.add_power(at(2), 1000, 0.3)
    assert restored.month_kwh == pytest.approx(2.0)
    assert restored.month_cost == pytest.approx(0.6)
    assert restored.since == at(0)


def test_a_corrupt_store_raises_for_the_caller_to_handle() -> None:
    """A missing field is a KeyError, not a half-restored meter."""
    with pytest.raises(KeyError):
        EnergyMeter.from_store(1.0, {"since": at(0).isoformat()})


def test_fixed_power_over_a_day() -> None:
    """30 W x 24 h x 50 % = 0.36 kWh; nothing for an empty span."""
    assert fixed_energy_kwh(30, 0.5, at(0), at(24)) == pytest.approx(0.36)
    assert fixed_energy_kwh(30, 0.5, at(24), at(0)) == 0.0


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("EUR/kWh", 0.3), ("USD/MWh", 0.0003), ("EUR/Wh", 300.0), ("EUR", None), (None, None)],
)
def test_price_units(unit: str | None, expected: float | None) -> None:
    """Prices per Wh and MWh become prices per kWh; other units are refused."""
    result = price_per_kwh(0.3, unit)
    assert result == (None if expected is None else pytest.approx(expected))


def test_grid_price_of_the_unified_and_the_legacy_layout() -> None:
    """The first grid source's price, on the source or on its `flow_from` meters."""
    unified = {"energy_sources": [{"type": "grid", "number_energy_price": 0.25}]}
    legacy = {
        "energy_sources": [
            {"type": "solar", "stat_energy_from": "sensor.pv"},
            {"type": "grid", "flow_from": [{"entity_energy_price": "sensor.tariff"}]},
        ]
    }
    assert grid_price(unified) == (None, 0.25)
    assert grid_price(legacy) == ("sensor.tariff", None)
    assert grid_price({"energy_sources": []}) == (None, None)
    assert grid_price(None) == (None, None)


def test_projection_to_the_month_end() -> None:
    """3.0 after 3 of November's 30 days -> 30.0; from a start on day 16 -> x 15 / 1."""
    assert project_to_month_end(3.0, at(72)) == pytest.approx(30.0)
    assert project_to_month_end(1.0, at(16 * 24), since=at(15 * 24)) == pytest.approx(15.0)
    assert days_in_month(at(0)) == 30


def test_return_and_payback() -> None:
    """Net 150 of a 600 hardware cost: 25 %; 450 left at 5 a day: 90 days."""
    assert return_percent(150, 600) == 25
    assert return_percent(150, None) is None
    assert payback_date(at(0), 600, 150, 5) == at(90 * 24)
    assert payback_date(at(0), 600, 700, -1) == at(0)  # already paid back
    assert payback_date(at(0), 600, 150, 0) is None  # never at this rate
    assert payback_date(at(0), None, 150, 5) is None
