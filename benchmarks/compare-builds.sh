#!/usr/bin/env bash
# Another build of this repository (a worktree of an earlier commit, built in Release) against this one, both
# embedded (Silo --gateway with the seed flow), with the bare echo; the same LoadTest client of this build drives
# every target, alternating per round. Arguments after the worktree go to LoadTest.
#   git worktree add /tmp/before HEAD~1 && dotnet build -c Release /tmp/before/JinaOrleans.sln
#   dotnet build -c Release && benchmarks/compare-builds.sh /tmp/before --requests 150000 --warmup 30000 --rounds 3
# Every process binds 127.0.0.1 and is killed by PID on exit.
set -u
NEW=$(cd "$(dirname "$0")/.." && pwd); OLD=${1:?usage: $0 BEFORE-WORKTREE [LoadTest options]}; shift
B=bin/Release/net10.0
# shellcheck source=benchmarks/processes.sh
. "$NEW/benchmarks/processes.sh"
targets=()
for build in before:"$OLD" after:"$NEW"; do
  name=${build%%:*}; dir=${build#*:}; p=$(port)
  sed "s/port: 12345/port: $p/" "$NEW/samples/flows/seed.yml" > "$Y/$name.yml"
  dotnet "$dir/Silo/$B/Silo.dll" --flow "$Y/$name.yml" --executors "$dir/samples/Hello.Executors/$B" --gateway \
    --host 127.0.0.1 --port "$(port)" --silo-port "$(port)" --gateway-port 0 > "$Y/$name.log" 2>&1 & pids+=($!)
  wait_line "$Y/$name.log" "Gateway serving"
  targets+=(--target "$name=grpc://127.0.0.1:$p")
done
dotnet "$NEW/benchmarks/LoadTest/$B/LoadTest.dll" "${targets[@]}" --echo "$@"
