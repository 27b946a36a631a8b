"""Home Assistant's and HACS's rules for the integration's files, checked without hassfest.

Hassfest lives in home-assistant/core's `script/hassfest`, which is not installable from a
package registry, so these tests restate its rules for custom integrations in our own code:
`translations.py` (strings schema, issues, services, exceptions, value rules), `icons.py`,
`manifest.py` (custom-integration keys, sort order, version) and `services.py` (every action
and field translated). HACS adds: a LICENSE, a README and `hacs.json`. Each rule here is a
check that a real hassfest/HACS run would fail on; a test per rule keeps the message useful.
"""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
import string
from typing import Any

from awesomeversion import AwesomeVersion
import pytest
import yaml

from tests.conftest import REPO_ROOT

INTEGRATION = REPO_ROOT / "custom_components" / "storj_monitor"
TRANSLATION_FILES = (INTEGRATION / "strings.json", INTEGRATION / "translations" / "en.json")

# Keys are lower case letters, digits, `-` and `_`, not at either end and never doubled.
TRANSLATION_KEY = re.compile(r"^(?![_-])(?!.*[_-]{2})[a-z0-9_-]+(?<![_-])$")
HTML_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
QUOTED_PLACEHOLDER = re.compile(r"'\{\w+\}'")
COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")
URL = re.compile(r"((https?|ftps?|mqtts?|socks5)://|www\.)[a-z0-9]", re.IGNORECASE)
TOP_LEVEL = {
    "title",
    "config",
    "config_subentries",
    "options",
    "selector",
    "device_automation",
    "system_health",
    "config_panel",
    "application_credentials",
    "issues",
    "entity_component",
    "device",
    "entity",
    "exceptions",
    "services",
    "conditions",
    "triggers",
    "conversation",
    "common",
    "preview_features",
}
FLOW_KEYS = {"flow_title", "step", "error", "abort", "progress", "create_entry", "initiate_flow"}
STEP_KEYS = {
    "title",
    "description",
    "data",
    "data_description",
    "menu_options",
    "menu_option_descriptions",
    "submit",
    "sections",
}
ENTITY_KEYS = {"name", "state", "state_attributes", "unit_of_measurement"}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def value_problem(text: object, *, placeholders: bool = True) -> str | None:
    """Why a translation value would fail hassfest's value rules (None when it passes)."""
    if not isinstance(text, str):
        return "not a string"
    if HTML_TAG.search(text):
        return "contains HTML"
    if QUOTED_PLACEHOLDER.search(text):
        return "placeholder inside single quotes"
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None and field != "":
            if not placeholders:
                return "placeholder where none is allowed"
            if not field.isidentifier():
                return f"placeholder {field!r} is not an identifier"
    if COMBINED_REFERENCE.search(text):
        return "combined reference"
    if text != text.strip():
        return "leading or trailing spaces"
    if URL.search(text):
        return "contains a URL (use a placeholder)"
    return None


def walk_values(node: object, where: str) -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_values(value, f"{where}.{key}")
    else:
        yield where, node


@pytest.fixture(params=TRANSLATION_FILES, ids=lambda path: path.name)
def strings(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


def test_value_rules_catch_what_hassfest_rejects() -> None:
    """The checker itself: each rule rejects its bad example and passes a good one."""
    assert value_problem("Disk of {node} is full") is None
    assert value_problem("<b>bold</b>") == "contains HTML"
    assert value_problem("Node '{node}'") == "placeholder inside single quotes"
    assert value_problem("Value {1x}") == "placeholder '1x' is not an identifier"
    assert value_problem(" padded") == "leading or trailing spaces"
    assert value_problem("See https://storj.io") == "contains a URL (use a placeholder)"
    assert value_problem("Hi [%key:common::x%] there") == "combined reference"
    assert value_problem("{state}", placeholders=False) == "placeholder where none is allowed"
    assert TRANSLATION_KEY.match("disk_used")
    assert not TRANSLATION_KEY.match("disk__used")
    assert not TRANSLATION_KEY.match("_disk")
    assert not TRANSLATION_KEY.match("Disk")


def test_translation_files_are_identical() -> None:
    """A custom integration ships translations/en.json; strings.json is its source."""
    assert load(TRANSLATION_FILES[0]) == load(TRANSLATION_FILES[1])


def test_only_known_top_level_sections(strings: dict[str, Any]) -> None:
    assert set(strings) <= TOP_LEVEL


def test_every_value_passes_the_value_rules(strings: dict[str, Any]) -> None:
    problems = []
    for where, value in walk_values(strings, ""):
        # Entity states and attribute names take no placeholders.
        in_state = ".state." in where or ".state_attributes." in where
        if (problem := value_problem(value, placeholders=not in_state)) is not None:
            problems.append(f"{where}: {problem}")
    assert problems == []


def test_flows_have_only_known_keys(strings: dict[str, Any]) -> None:
    for flow_name in ("config", "options"):
        flow = strings.get(flow_name, {})
        assert set(flow) <= FLOW_KEYS, flow_name
        for step_id, step in flow.get("step", {}).items():
            assert set(step) <= STEP_KEYS, f"{flow_name}.step.{step_id}"
            extra = set(step.get("data_description", {})) - set(step.get("data", {}))
            assert extra == set(), f"{flow_name}.step.{step_id}: data_description without data"


def test_issues_describe_themselves_once(strings: dict[str, Any]) -> None:
    """Title required; `description` and `fix_flow` are exclusive, one of them required."""
    for key, issue in strings.get("issues", {}).items():
        assert TRANSLATION_KEY.match(key)
        assert "title" in issue, key
        assert ("description" in issue) != ("fix_flow" in issue), key
        assert set(issue) <= {"title", "description", "fix_flow"}, key
        if "fix_flow" in issue:
            assert set(issue["fix_flow"]) <= FLOW_KEYS, key
            assert "step" in issue["fix_flow"], key


def test_entity_translations_are_well_formed(strings: dict[str, Any]) -> None:
    for platform, entities in strings.get("entity", {}).items():
        assert re.fullmatch(r"[a-z0-9_]+", platform)
        for key, entity in entities.items():
            assert TRANSLATION_KEY.match(key), f"{platform}.{key}"
            assert set(entity) <= ENTITY_KEYS, f"{platform}.{key}"
            for state in entity.get("state", {}):
                assert TRANSLATION_KEY.match(state), f"{platform}.{key}.state.{state}"
            for attribute, spec in entity.get("state_attributes", {}).items():
                assert TRANSLATION_KEY.match(attribute), f"{platform}.{key}.{attribute}"
                assert set(spec) <= {"name", "state"}, f"{platform}.{key}.{attribute}"


def test_selectors_and_exceptions(strings: dict[str, Any]) -> None:
    for selector, spec in strings.get("selector", {}).items():
        assert set(spec) <= {"options", "choices", "unit_of_measurement", "fields"}, selector
        for option in spec.get("options", {}):
            assert TRANSLATION_KEY.match(option), f"selector.{selector}.{option}"
    for key, exception in strings.get("exceptions", {}).items():
        assert re.fullmatch(r"[a-z0-9_]+", key)
        assert set(exception) <= {"message"}, key


def test_every_action_and_field_is_translated(strings: dict[str, Any]) -> None:
    """services.yaml and the `services` translations name the same actions and fields."""
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text(encoding="utf-8"))
    translated = strings.get("services", {})
    assert set(translated) == set(services)
    for action, spec in services.items():
        assert {"name", "description"} <= set(translated[action]), action
        fields = (spec or {}).get("fields", {})
        assert set(translated[action].get("fields", {})) == set(fields), action
        for field in translated[action].get("fields", {}).values():
            assert {"name", "description"} <= set(field) <= {"name", "description", "example"}


def test_icons_follow_the_icon_schema() -> None:
    icons = load(INTEGRATION / "icons.json")
    assert set(icons) <= {"entity", "services"}
    for platform, entities in icons.get("entity", {}).items():
        for key, spec in entities.items():
            assert TRANSLATION_KEY.match(key), f"{platform}.{key}"
            assert set(spec) <= {"default", "state", "state_attributes", "range"}
            for where, icon in walk_values(spec, f"{platform}.{key}"):
                assert isinstance(icon, str), where
                assert icon.startswith("mdi:"), where
    for action, spec in icons.get("services", {}).items():
        icon = spec["service"] if isinstance(spec, dict) else spec
        assert icon.startswith("mdi:"), action


def test_manifest_for_a_custom_integration() -> None:
    """Keys hassfest requires of a custom integration, in its order: domain, name, rest sorted."""
    manifest = load(INTEGRATION / "manifest.json")
    required = {"domain", "name", "codeowners", "documentation", "issue_tracker", "version"}
    assert required <= set(manifest)
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == INTEGRATION.name
    assert AwesomeVersion(manifest["version"]).valid
    assert manifest["integration_type"] in {"device", "hub", "service", "helper", "entity"}
    assert manifest["iot_class"] in {
        "assumed_state",
        "cloud_polling",
        "cloud_push",
        "local_polling",
        "local_push",
        "calculated",
    }
    for requirement in manifest["requirements"]:
        assert "==" in requirement, f"pin {requirement} exactly, as Home Assistant does"
    assert all(owner.startswith("@") for owner in manifest["codeowners"])


def test_hacs_repository_files() -> None:
    """HACS wants a licence, a README and hacs.json naming a supported Home Assistant."""
    licence = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence
    assert "Version 3" in licence
    assert (REPO_ROOT / "README.md").is_file()
    hacs = load(REPO_ROOT / "hacs.json")
    assert hacs["name"]
    assert AwesomeVersion(hacs["homeassistant"]) >= AwesomeVersion("2026.10.0")
    assert set(hacs) <= {
        "name",
        "homeassistant",
        "render_readme",
        "content_in_root",
        "zip_release",
        "filename",
        "hide_default_branch",
        "country",
        "hacs",
        "persistent_directory",
    }
    assert (INTEGRATION / "brand" / "icon.png").is_file()
