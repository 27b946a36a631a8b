#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# Starts the forwarder with the add-on's options.
set -euo pipefail

args=(
  --file "$(bashio::config 'log_file')"
  --bind 0.0.0.0:9999
  --state-file /data/state.json
  --log-level "$(bashio::config 'log_level')"
)
if bashio::config.true 'from_start'; then
  args+=(--from-start)
fi
if bashio::config.true 'ssl'; then
  args+=(--tls-cert "/ssl/$(bashio::config 'certfile')" --tls-key "/ssl/$(bashio::config 'keyfile')")
fi

# Through the environment, not the command line, so the token never shows in `ps`.
STORJ_FORWARDER_TOKEN="$(bashio::config 'token')"
export STORJ_FORWARDER_TOKEN

bashio::log.info "Forwarding $(bashio::config 'log_file') on port 9999"
exec python3 -m storj_log_forwarder "${args[@]}"
