#!/usr/bin/env bash
# Check every installed dependency against the OSV vulnerability database with pip-audit.
# Fails on any known vulnerability. Where the OSV service cannot be reached (a machine with
# no internet access), it says so loudly and exits 0, unless SAFEPASSAGE_REQUIRE_DEP_AUDIT is
# set, so that a release build on a connected machine can insist on the check.
set -euo pipefail
BIN=${BIN:-.venv/bin}
if ! "$BIN/python" - <<'PY'
import socket, ssl, sys
try:
    with socket.create_connection(("api.osv.dev", 443), timeout=5) as raw:
        with ssl.create_default_context().wrap_socket(raw, server_hostname="api.osv.dev"):
            pass
except OSError:
    sys.exit(1)
PY
then
  echo "dependency audit NOT RUN: the OSV vulnerability service is not reachable from this machine."
  if [ -n "${SAFEPASSAGE_REQUIRE_DEP_AUDIT:-}" ]; then exit 1; fi
  exit 0
fi
"$BIN/pip-audit" --vulnerability-service osv --local --skip-editable --strict \
  --progress-spinner off
