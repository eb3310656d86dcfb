#!/usr/bin/env bash
# docarray v2 against v1 on the same server: this build embedded (Silo --gateway with the seed flow) and, with
# CLUSTER=1, a gateway + 2 silo processes (redis membership). LoadTest runs alternately with --docarray v1 and
# --docarray v2 (each run one round with its own warm-up; v1 first in odd rounds, v2 first in even ones, so neither
# always gets the warmer server), in the stream mode and the unary mode (64 callers unless --concurrency says
# otherwise), and each round prints req/s, p50 and p99 of both and v2 / v1; then the median ratio per target and mode.
# Arguments go to LoadTest, except --rounds (rounds of the comparison, default 3) and --mode (only that mode).
#   dotnet build -c Release && benchmarks/compare-docarray.sh --requests 150000 --warmup 30000 --rounds 3
#   CLUSTER=1 benchmarks/compare-docarray.sh --mode unary --requests 40000 --warmup 5000
# Every process binds 127.0.0.1 and is killed by PID on exit.
set -u
NEW=$(cd "$(dirname "$0")/.." && pwd)
C=Release; B=bin/$C/net10.0
L=$NEW/benchmarks/LoadTest/$B/LoadTest.dll
# shellcheck source=benchmarks/processes.sh
. "$NEW/benchmarks/processes.sh"
rounds=3; modes=(stream unary); args=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
    --mode) modes=("${2:?--mode needs a value}"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
X=$NEW/samples/Hello.Executors/$B
P_E=$(port)
sed "s/port: 12345/port: $P_E/" "$NEW/samples/flows/seed.yml" > "$Y/embedded.yml"
DOTNET_gcServer=${GCS:-0} dotnet "$NEW/Silo/$B/Silo.dll" --flow "$Y/embedded.yml" --executors "$X" --gateway --host 127.0.0.1 \
  --port "$(port)" --silo-port "$(port)" --gateway-port 0 > "$Y/embedded.log" 2>&1 & pids+=($!)
wait_line "$Y/embedded.log" "Gateway serving"
targets=("embedded=grpc://127.0.0.1:$P_E")
if [ "${CLUSTER:-0}" = 1 ]; then
  # redis + 2 silos + gateway
  cp "$NEW/samples/flows/seed.yml" "$Y/seed.yml"
  R=$(port)
  redis-server --port "$R" --bind 127.0.0.1 --save "" --appendonly no > "$Y/redis.log" 2>&1 & pids+=($!)
  wait_line "$Y/redis.log" "Ready to accept"
  for i in 1 2; do
    dotnet "$NEW/Silo/$B/Silo.dll" --flow "$Y/seed.yml" --executors "$X" --host 127.0.0.1 --port "$(port)" --silo-port "$(port)" \
      --gateway-port "$(port)" --redis "127.0.0.1:$R" --cluster-id bench > "$Y/silo$i.log" 2>&1 & pids+=($!)
  done
  wait_line "$Y/silo1.log" "serving on"; wait_line "$Y/silo2.log" "serving on"
  dotnet "$NEW/GatewayHost/$B/GatewayHost.dll" --flow "$Y/seed.yml" --redis "127.0.0.1:$R" --cluster-id bench --host 127.0.0.1 --port 0 \
    > "$Y/gateway.log" 2>&1 & pids+=($!)
  wait_line "$Y/gateway.log" "Gateway serving"
  targets+=("cluster=grpc://127.0.0.1:$(grep -o "Gateway serving grpc on 127.0.0.1:[0-9]*" "$Y/gateway.log" | grep -o "[0-9]*$")")
fi

# One LoadTest run of one round: its results in $Y/NAME.json, its output in $Y/NAME.log (all of it if it fails, else
# the line on what the warm-up answers held).
run() {
  local log=$Y/$1-$3-$4.log
  if ! dotnet "$L" --target "$1-$4=$2" --docarray "$4" --mode "$3" --rounds 1 --json "$Y/$1-$3-$4.json" "${args[@]}" > "$log" 2>&1; then
    cat "$log"; exit 1
  fi
  grep "sent docarray" "$log"
}

for ((round = 1; round <= rounds; round++)); do
  order=(v1 v2); [ $((round % 2)) = 0 ] && order=(v2 v1)
  for target in "${targets[@]}"; do
    name=${target%%=*}; address=${target#*=}
    for mode in "${modes[@]}"; do
      for flavour in "${order[@]}"; do run "$name" "$address" "$mode" "$flavour"; done
      python3 - "$Y/$name-$mode" "$round" "$name $mode" >> "$Y/rounds.txt" <<'EOF'
import json, sys
prefix, round_, label = sys.argv[1], sys.argv[2], sys.argv[3]
v1, v2 = (json.load(open(f"{prefix}-{f}.json"))[0] for f in ("v1", "v2"))
part = lambda r: f"{r['RequestsPerSecond']:.0f} req/s p50 {r['P50Ms']:.3f} p99 {r['P99Ms']:.3f} ms errors {r['Errors']}"
ratio = v2['RequestsPerSecond'] / v1['RequestsPerSecond']
print(f"{label}\t{round_}\t{ratio:.3f}\tround {round_}: {label}: v1 {part(v1)} | v2 {part(v2)} | v2 / v1 {ratio:.3f} "
      f"(p50 {v2['P50Ms'] / v1['P50Ms']:.3f}, p99 {v2['P99Ms'] / v1['P99Ms']:.3f})")
EOF
      tail -n 1 "$Y/rounds.txt" | cut -f 4
    done
  done
done

# The median ratio per target and mode, as LoadTest prints its ratios.
python3 - "$Y/rounds.txt" <<'EOF'
import sys
ratios = {}
for line in open(sys.argv[1]):
    label, _, ratio, _ = line.rstrip("\n").split("\t")
    ratios.setdefault(label, []).append(ratio)
for label, perRound in ratios.items():
    ordered = sorted(perRound, key=float)
    print(f"ratio {label} v2 / v1: median {ordered[len(ordered) // 2]} (rounds: {', '.join(perRound)})")
EOF
