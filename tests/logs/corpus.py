"""The Go-derived log corpus (tests/fixtures/logs/corpus): load entries and render them.

An entry describes one storagenode log call site (see the corpus README). ``render`` writes it the
way the node's zap encoders do, in a key era (``title`` <= v1.145, ``snake`` >= v1.146).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
import json
from typing import Any

from storj_simulator.zap import (
    Fields,
    FieldValue,
    RawJson,
    TimeFormat,
    encode_console,
    encode_json,
    format_time,
)
from tests.logs.conftest import LOG_FIXTURES

CORPUS_DIR = LOG_FIXTURES / "corpus"
ERAS = ("title", "snake")
ENCODERS = ("console", "json")
# Any fixed moment: the corpus is about shapes, not times.
SAMPLE_TIME = datetime(2026, 1, 20, 9, 30, 5, tzinfo=UTC)

_INTEGER_TYPES = frozenset({"Int", "Int32", "Int64", "Uint32", "Uint64"})
_TEXT_TYPES = frozenset({"String", "Stringer", "Duration", "Time", "HumanBytes"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One call site of the corpus."""

    raw: dict[str, Any]

    @property
    def id(self) -> str:
        """Stable identifier, e.g. ``piecestore.uploaded.put``."""
        return str(self.raw["id"])

    @property
    def eras(self) -> tuple[str, ...]:
        """Key eras in which this call site exists."""
        return tuple(self.raw["eras"])

    def fields(self, era: str) -> Fields:
        """The ordered (key, value) pairs the node writes, the process field first."""
        process_key = corpus()["process_key"][era]
        pairs: Fields = [(process_key, self.raw["process"])]
        for field in self.raw["fields"]:
            key = field["key"] if era == "snake" else field["title_key"]
            value = field["value"] if era == "snake" else field.get("title_value", field["value"])
            if field["type"] == "Error":
                # zap.Error: "error", plus "errorVerbose" when %+v adds a stack.
                pairs.append(("error", value))
                if "verbose" in field:
                    pairs.append(("errorVerbose", field["verbose"]))
                continue
            pairs.append((key, _typed(field["type"], value)))
        return pairs

    def render(
        self, encoder: str, era: str, *, time_format: TimeFormat = TimeFormat.SECONDS
    ) -> str:
        """The line as the node writes it."""
        encode = encode_json if encoder == "json" else encode_console
        stamp = format_time(SAMPLE_TIME, time_format)
        raw = self.raw
        return encode(stamp, raw["level"], raw["logger"], raw["message"], self.fields(era))


def _typed(kind: str, value: Any) -> FieldValue:
    if kind in _INTEGER_TYPES:
        return int(value)
    if kind == "Float64":
        return float(value)
    if kind == "Bool":
        return bool(value)
    if kind == "Any":
        return RawJson(value)  # encoding/json output of a struct: already JSON text
    if kind == "Uint64s":
        return [int(item) for item in value]
    if kind in _TEXT_TYPES:
        return str(value)
    raise ValueError(f"unknown zap field type {kind!r}")


@cache
def corpus() -> dict[str, Any]:
    """The corpus document."""
    document: dict[str, Any] = json.loads((CORPUS_DIR / "corpus.json").read_text(encoding="utf-8"))
    return document


def entries() -> list[Entry]:
    """Every corpus entry, in file order."""
    return [Entry(raw) for raw in corpus()["entries"]]


@cache
def go_tree() -> dict[tuple[str, str], int]:
    """(revision, path) -> number of lines, of the Go files the corpus may cite."""
    tree: dict[tuple[str, str], int] = {}
    for line in (CORPUS_DIR / "go_tree.tsv").read_text(encoding="utf-8").splitlines():
        revision, path, count = line.split("\t")
        tree[revision, path] = int(count)
    return tree
