"""Fixtures for tests that run the integration in a real Home Assistant."""

import pytest
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshot with Home Assistant's serializer (stable ids and timestamps)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
