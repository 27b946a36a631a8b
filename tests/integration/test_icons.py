"""icons.json gives an icon only where the device class's own icon says less."""

import json
from pathlib import Path

from homeassistant.helpers.entity import EntityDescription
import pytest

from custom_components.storj_monitor import (
    binary_sensor,
    button,
    event,
    fleet_entities,
    log_entities,
    profit_entities,
    reputation_entities,
    sensor,
)

INTEGRATION = Path(sensor.__file__).parent
DESCRIPTIONS: dict[str, tuple[EntityDescription, ...]] = {
    "sensor": (
        *sensor.NODE_SENSORS,
        *sensor.SATELLITE_SENSORS,
        *log_entities.LOG_SENSORS,
        log_entities.FILEWALKER,
        *reputation_entities.REPUTATION_SENSORS,
        *map(reputation_entities.node_description, reputation_entities.REPUTATION_SENSORS),
        reputation_entities.TIME_UNTIL_DISQUALIFICATION,
        *fleet_entities.FLEET_SENSORS,
        *profit_entities.PROFIT_SENSORS,
    ),
    "binary_sensor": (
        *binary_sensor.NODE_BINARY_SENSORS,
        *binary_sensor.SATELLITE_BINARY_SENSORS,
        log_entities.LOG_CONNECTED,
    ),
    "event": (event.ALERTS,),
    "button": (button.SEND_TEST_ALERT,),
}
# Icons kept although the device class has one: they change with the state, or they tell
# apart what the class icon shows alike.
ALLOWED: dict[str, set[str]] = {
    "binary_sensor": {
        "reachable",  # lan-connect/-disconnect: reached by the satellites, not "the network"
        "quic_problem",  # swap-vertical-circle: which problem
        "satellite_problem",  # satellite-variant / alert-octagon
        "suspended",  # pause-octagon, outline when not
        "disqualified",  # cancel / close-octagon
        "log_source_connected",  # text-box-check/-remove: it is a log that connects
    },
    "sensor": {
        "disk_trash",  # delete-clock: trash awaiting deletion, not data
        "disk_reclaimable",  # recycle: dead bytes compaction will free
        "egress_month",  # upload/download-network: the direction is the point
        "ingress_month",
        "egress_rate",
        "ingress_rate",
        "held_month",  # cash-lock / safe: held back, not paid
        "held_total",
        "started_at",  # restart: when the node started, not any time
        "last_gc",  # delete-sweep / archive-refresh / folder-search: which job finished
        "last_compaction",
        "used_space_filewalker",
    },
}


def component_icons(platform: str) -> dict[str, dict[str, object]]:
    """Home Assistant's own icons of a platform, per device class ("_": no device class)."""
    import homeassistant.components

    path = Path(homeassistant.components.__file__).parent / platform / "icons.json"
    return json.loads(path.read_text())["entity_component"]


@pytest.mark.parametrize("platform", sorted(DESCRIPTIONS))
def test_icons_only_where_they_add_meaning(platform: str) -> None:
    """No icons.json entry for an entity whose device class brings its own icon."""
    ours = json.loads((INTEGRATION / "icons.json").read_text())["entity"].get(platform, {})
    builtin = component_icons(platform)
    own_icon = {cls for cls, icon in builtin.items() if cls != "_" and icon != builtin["_"]}
    redundant = {
        description.translation_key
        for description in DESCRIPTIONS[platform]
        if description.translation_key in ours
        and getattr(description, "device_class", None) in own_icon
    }
    allowed = ALLOWED.get(platform, set())
    assert redundant - allowed == set()
    # Every exception is still needed: it names an entity that has a class icon.
    assert allowed <= redundant
