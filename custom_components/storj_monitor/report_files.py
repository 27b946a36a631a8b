"""Where exports and reports are written: a folder Home Assistant allows, never elsewhere."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN

MEDIA_FOLDER = Path("/media") / DOMAIN
"""Home Assistant OS's media share: the default when Home Assistant allows it."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def default_folder(hass: HomeAssistant) -> Path:
    """A media folder's `storj_monitor/` (behind the login), else `<config>/www/storj_monitor/`.

    Home Assistant serves `www/` at `/local/` to anyone, without login: used only where no
    media folder is allowed. Blocking (the allow-list check resolves paths): in an executor.
    """
    candidates = [
        MEDIA_FOLDER,
        *(Path(folder) / DOMAIN for folder in hass.config.media_dirs.values()),
    ]
    for folder in candidates:
        if hass.config.is_allowed_path(str(folder)):
            return folder
    return Path(hass.config.path("www", DOMAIN))


def local_url(hass: HomeAssistant, path: Path) -> str | None:
    """The `/local/...` address of a file under `<config>/www/` (None elsewhere)."""
    www = Path(hass.config.path("www"))
    if not path.is_relative_to(www):
        return None
    return "/local/" + path.relative_to(www).as_posix()


def safe_name(text: str) -> str:
    """A file name part from free text (node names, kinds)."""
    return _UNSAFE.sub("_", text).strip("._") or "storj"


@dataclass(frozen=True, slots=True)
class Target:
    """A checked file to write."""

    path: Path


def checked_target(hass: HomeAssistant, folder: str | None, filename: str) -> Target:
    """The file `filename` in `folder` (or the default), if Home Assistant allows writing there.

    Blocking (paths are resolved): in an executor.

    The allow-list (`allowlist_external_dirs`, plus the media folders) is checked on the
    resolved path, so `..` and symbolic links cannot lead outside it.
    """
    base = Path(folder) if folder else default_folder(hass)
    path = (base / filename).resolve() if base.is_absolute() else None
    if path is None or path.parent != base.resolve() or not hass.config.is_allowed_path(str(path)):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="path_not_allowed",
            translation_placeholders={"path": str(base / filename)},
        )
    return Target(path)


def write_file(target: Target, content: bytes) -> None:
    """In an executor: create the folder, then write the file whole or not at all."""
    partial = target.path.with_name(f".{target.path.name}.partial")
    try:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        partial.replace(target.path)
    except OSError as err:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="file_not_written",
            translation_placeholders={"path": str(target.path), "error": err.strerror or str(err)},
        ) from err
