"""Fix flows for repair issues: an unreachable node leads to the reconfigure flow."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import FlowType, RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN


class NodeAddressRepairFlow(RepairsFlow):
    """Explain, then hand over to the reconfigure flow to enter the node's new address."""

    def __init__(self, entry: ConfigEntry) -> None:
        """Repair this entry."""
        self.entry = entry

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Start at the explanation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Confirm; the reconfigure flow checks the new address answers with the same node ID."""
        if user_input is None:
            # Hassfest lets a fixable issue describe itself only in its fix flow, so the
            # flow shows the issue's own placeholders (node, minutes unreachable).
            issue = ir.async_get(self.hass).async_get_issue(DOMAIN, self.issue_id)
            placeholders = dict(issue.translation_placeholders or {}) if issue else {}
            placeholders.setdefault("node", self.entry.title)
            return self.async_show_form(step_id="confirm", description_placeholders=placeholders)
        reconfigure = await self.hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": self.entry.entry_id},
        )
        return self.async_create_entry(
            data={}, next_flow=(FlowType.CONFIG_FLOW, reconfigure["flow_id"])
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Only the unreachable-node issue is fixable."""
    assert data is not None
    entry = hass.config_entries.async_get_entry(str(data["entry_id"]))
    assert entry is not None
    return NodeAddressRepairFlow(entry)
