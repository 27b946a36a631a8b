"""Run simulated nodes until interrupted: `python -m storj_simulator --nodes 3`."""

from __future__ import annotations

import argparse
import asyncio
from contextlib import AsyncExitStack
import signal
import sys

from .cluster import run_simulator
from .loglines import Encoder, KeyStyle, LogStyle
from .scenarios import Scenario
from .versions import DEFAULT_API_VERSION, PROFILES, profile_for


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m storj_simulator", description="Simulated Storj storage nodes."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=14002, help="first node; others follow")
    parser.add_argument("--nodes", type=int, default=1)
    parser.add_argument("--admin-port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--api-version", default=DEFAULT_API_VERSION, choices=sorted(PROFILES))
    parser.add_argument("--scenario", default=Scenario.HEALTHY.value, choices=list(Scenario))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--fill-rate", type=int, default=None, help="disk fill rate in bytes per day"
    )
    parser.add_argument(
        "--log-file",
        help='write node logs here ("-" = stdout); "{node}" is replaced by the node index, '
        "without it only the first node logs",
    )
    parser.add_argument("--log-rate", type=float, default=10.0, help="lines per second")
    parser.add_argument("--log-format", choices=list(Encoder), default=Encoder.CONSOLE.value)
    parser.add_argument("--log-keys", choices=list(KeyStyle), default=None)
    parser.add_argument("--log-level", choices=("info", "debug"), default="info")
    return parser.parse_args(argv)


def log_style(args: argparse.Namespace) -> LogStyle:
    """The log style asked for (key names default to those of the API version)."""
    version = profile_for(args.api_version).version
    base = LogStyle.for_version(
        version, encoder=Encoder(args.log_format), debug=args.log_level == "debug"
    )
    if args.log_keys is None:
        return base
    return LogStyle(
        encoder=base.encoder,
        keys=KeyStyle(args.log_keys),
        debug=base.debug,
        time_format=base.time_format,
        start_lines_debug=base.start_lines_debug,
    )


async def serve(args: argparse.Namespace) -> None:
    """Run the cluster (and log writers) until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with AsyncExitStack() as stack:
        cluster = await stack.enter_async_context(
            run_simulator(
                args.nodes,
                host=args.host,
                port=args.port,
                admin_port=args.admin_port,
                api_version=args.api_version,
                seed=args.seed,
                fill_rate_bytes_per_day=args.fill_rate,
            )
        )
        for node in cluster.nodes:
            await node.set_scenario(args.scenario)
            print(f"node {node.index} {node.node_id} {node.url}", flush=True)
        print(f"admin {cluster.admin_url}", flush=True)
        if args.log_file:
            style = log_style(args)
            for node in cluster.nodes:
                if "{node}" not in args.log_file and node.index:
                    break
                target = args.log_file.replace("{node}", str(node.index))
                writer = node.log_writer(target, style=style, lines_per_second=args.log_rate)
                await stack.enter_async_context(writer)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
