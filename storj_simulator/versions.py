"""API shapes of the node dashboard by storagenode release (see the reference's section 8)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ApiProfile:
    """What one storagenode release serves, and the version strings it reports."""

    name: str
    version: str
    allowed_version: str
    # An older release that the version server still allows (scenario `old_version`).
    older_allowed_version: str
    # A release below `allowed_version` (scenario `outdated`).
    outdated_version: str
    # <= v1.121: `currentStorageUsed` in satellites; `diskSpace.used` = pieces only.
    current_storage_used: bool
    # >= v1.143: `diskSpace.allocated`/`reclaimable`, `available` means free space.
    disk_space_v143: bool
    # >= v1.131: `vettedAt`.
    vetted_at: bool
    # >= v1.162: `storageDaily[].calculated`, one row per day of the month so far.
    normalized_storage_daily: bool
    # >= v1.73: `/api/sno/satellites` storageDaily rows have no `intervalInHours`.
    stamp_groups: bool
    # >= v1.79: `/api/sno/satellites/{id}/pricing`.
    pricing_endpoint: bool


PROFILES: dict[str, ApiProfile] = {
    profile.name: profile
    for profile in (
        ApiProfile(
            name="1.71",
            version="1.71.2",
            allowed_version="1.24.0",
            older_allowed_version="1.70.2",
            outdated_version="1.23.3",
            current_storage_used=True,
            disk_space_v143=False,
            vetted_at=False,
            normalized_storage_daily=False,
            stamp_groups=False,
            pricing_endpoint=False,
        ),
        ApiProfile(
            name="1.142",
            version="1.142.7",
            allowed_version="1.120.4",
            older_allowed_version="1.140.3",
            outdated_version="1.119.9",
            current_storage_used=False,
            disk_space_v143=False,
            vetted_at=True,
            normalized_storage_daily=False,
            stamp_groups=True,
            pricing_endpoint=True,
        ),
        ApiProfile(
            name="1.162",
            version="1.162.3",
            allowed_version="1.140.0",
            older_allowed_version="1.160.2",
            outdated_version="1.138.5",
            current_storage_used=False,
            disk_space_v143=True,
            vetted_at=True,
            normalized_storage_daily=True,
            stamp_groups=True,
            pricing_endpoint=True,
        ),
    )
}
DEFAULT_API_VERSION = "1.162"


def profile_for(api_version: str) -> ApiProfile:
    """Return the profile for "1.162", "1.142" or "1.71" (a patch suffix is ignored)."""
    key = ".".join(api_version.removeprefix("v").split(".")[:2])
    try:
        return PROFILES[key]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ValueError(f"unknown api version {api_version!r} (known: {known})") from None
