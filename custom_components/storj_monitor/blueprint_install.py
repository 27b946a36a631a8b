"""Install the shipped automation blueprints into the user's blueprint folder."""

from __future__ import annotations

from pathlib import Path
import shutil

from homeassistant.core import HomeAssistant

from .const import DOMAIN, LOGGER

SHIPPED = Path(__file__).parent / "blueprints" / "automation"


def _install(target: Path) -> list[str]:
    """Copy each blueprint that is not there yet; never overwrite the user's copy."""
    target.mkdir(parents=True, exist_ok=True)
    installed = []
    for source in sorted(SHIPPED.glob("*.yaml")):
        destination = target / source.name
        if not destination.exists():
            shutil.copyfile(source, destination)
            installed.append(source.name)
    return installed


async def async_install_blueprints(hass: HomeAssistant) -> None:
    """Copy the blueprints to `<config>/blueprints/automation/storj_monitor/` if absent."""
    target = Path(hass.config.path("blueprints", "automation", DOMAIN))
    try:
        installed = await hass.async_add_executor_job(_install, target)
    except OSError as err:
        LOGGER.warning("Could not install the Storj Monitor blueprints in %s: %s", target, err)
        return
    if installed:
        LOGGER.info("Installed blueprints %s in %s", ", ".join(installed), target)
