"""Check a JSON body against the Go response structs listed in tests/fixtures/api/go_structs.json.

Type notation (see go_structs.md): ``string``, ``integer`` (Go int*/uint*: never a fraction),
``number`` (float64: Go writes integral values without a point), ``boolean``, ``time``
(RFC 3339 with Go's trimmed nanoseconds), a struct name, ``[]T`` for a slice and ``T|null``
for a pointer or a slice that is nil.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import re
from typing import Any

from tests.conftest import FIXTURES

GO_STRUCTS: dict[str, Any] = json.loads((FIXTURES / "api" / "go_structs.json").read_text())
# Go's time.RFC3339Nano: fraction digits with trailing zeros trimmed.
_GO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?(Z|[+-]\d\d:\d\d)")

type Version = tuple[int, int, int]


def version(text: str) -> Version:
    """``"v1.71.2"`` or ``"1.71.2"`` as a comparable tuple."""
    major, minor, patch = text.removeprefix("v").split("-")[0].split(".")
    return int(major), int(minor), int(patch)


def _gated_out(gate: dict[str, str], at: Version) -> bool:
    if "added" in gate and at < version(gate["added"]):
        return True
    return "removed" in gate and at >= version(gate["removed"])


@dataclass(frozen=True, slots=True)
class Shapes:
    """The Go shapes as served by one storagenode release."""

    at: Version

    def expected_fields(self, struct: str) -> list[tuple[str, str]]:
        """(json name, type) of `struct` in declaration order, as of this release."""
        spec = GO_STRUCTS["structs"][struct]
        gates = spec.get("gates", {})
        fields = []
        for name, current in spec["fields"].items():
            gate = gates.get(name, {})
            if _gated_out(gate, self.at):
                continue
            older = "before" in gate and self.at < version(gate["before"])
            fields.append((name, gate["type"] if older else current))
        return fields

    def endpoint(self, key: str) -> str:
        """The body type of an endpoint (``"GET /api/sno/"``)."""
        return str(GO_STRUCTS["endpoints"][key]["body"])

    def problems(self, value: Any, type_expr: str, path: str = "$") -> list[str]:
        """Every way `value` differs from `type_expr`; empty if it matches."""
        nullable = type_expr.endswith("|null")
        base = type_expr.removesuffix("|null")
        if value is None:
            return [] if nullable else [f"{path}: null, Go writes {base}"]
        if base.startswith("[]"):
            if not isinstance(value, list):
                return [f"{path}: {type(value).__name__}, want array"]
            item_type = base[2:]
            return [
                problem
                for index, item in enumerate(value)
                for problem in self.problems(item, item_type, f"{path}[{index}]")
            ]
        if base in _SCALARS:
            return [] if _SCALARS[base](value) else [f"{path}: {value!r} is not {base}"]
        return self._struct_problems(value, base, path)

    def _struct_problems(self, value: Any, struct: str, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, want object {struct}"]
        fields = self.expected_fields(struct)
        names = [name for name, _ in fields]
        found: list[str] = []
        extra = [key for key in value if key not in names]
        missing = [name for name in names if name not in value]
        if extra:
            found.append(f"{path}: fields the Go struct {struct} lacks: {extra}")
        if missing:
            found.append(f"{path}: fields of {struct} missing: {missing}")
        if not extra and not missing and list(value) != names:
            found.append(f"{path}: order {list(value)}, Go declares {names}")
        for name, type_expr in fields:
            if name in value:
                found.extend(self.problems(value[name], type_expr, f"{path}.{name}"))
        return found


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_SCALARS = {
    "string": lambda value: isinstance(value, str),
    "integer": _is_int,
    "number": lambda value: _is_int(value) or isinstance(value, float),
    "boolean": lambda value: isinstance(value, bool),
    "time": lambda value: isinstance(value, str) and _GO_TIME.fullmatch(value) is not None,
}
