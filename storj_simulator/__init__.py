"""A simulator of Storj storage nodes: the dashboard API, scenarios and log lines.

Importable by tests (`run_simulator`) and runnable as `python -m storj_simulator`.
"""

from .cluster import SimulatedCluster, run_simulator
from .logwriter import LogWriter
from .model import NodeSatellite
from .node import SimulatedNode
from .scenarios import Scenario
from .versions import PROFILES as API_VERSIONS

__all__ = [
    "API_VERSIONS",
    "LogWriter",
    "NodeSatellite",
    "Scenario",
    "SimulatedCluster",
    "SimulatedNode",
    "run_simulator",
]
