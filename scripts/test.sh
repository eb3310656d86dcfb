#!/usr/bin/env bash
# Builds the solution with warnings as errors and runs every test.
# Installs the real peers the compatibility tests talk to (Debian packages) when they are missing.
# The last line printed is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
/usr/bin/python3 -c "import grpc, google.protobuf" 2>/dev/null || need+=(python3-grpcio python3-protobuf)
/usr/bin/python3 -c "import websockets" 2>/dev/null || need+=(python3-websockets)
/usr/bin/python3 -c "import prometheus_client" 2>/dev/null || need+=(python3-prometheus-client)
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v h2load >/dev/null 2>&1 || need+=(nghttp2-client)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Orleans membership for the multi-process cluster tests: a real redis-server, started by the tests themselves.
[ -x /usr/bin/redis-server ] || need+=(redis-server)
# The compose test: a Docker engine (the test starts dockerd when it is not running), the compose CLI, and debootstrap
# for the local base images (scripts/build-base-images.sh; no image registry is needed).
[ -x /usr/sbin/dockerd ] || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
[ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
# The dashboard's browser test: Debian's chromium, driven by Playwright (ExecutablePath; no browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
if (( ${#need[@]} )); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing test peers: ${need[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "Could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build JinaOrleans.sln -c Release -warnaserror -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
# A test that hangs is ended after 10 minutes and named in the log (no dump), so a run never waits for the CI limit.
dotnet test JinaOrleans.sln -c Release --no-build --nologo --blame-hang --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0
failed=0
while read -r f p; do
  failed=$((failed + f))
  passed=$((passed + p))
done < <(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without reporting a failed test (a crash or an aborted run): count it.
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ]
