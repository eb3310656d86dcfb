# Sourced by the comparison scripts: free loopback ports, processes killed by PID on exit, waiting for a log line.
# Start a process with `cmd > "$Y/name.log" 2>&1 & pids+=($!)`; $Y is a temporary folder removed on exit.
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
pids=()
Y=$(mktemp -d)
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$Y"; }
trap cleanup EXIT
wait_line() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $2 in $1"; cat "$1"; exit 1; }
