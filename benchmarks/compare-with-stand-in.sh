#!/usr/bin/env bash
# The last build on the stand-in grain runtime (fe32301) against this one, embedded and gateway + 2 silos, with the
# bare echo; the same LoadTest client drives every target, alternating per round. Arguments go to LoadTest.
#   git worktree add /tmp/before fe32301 && dotnet build -c Release /tmp/before/JinaOrleans.sln
#   dotnet build -c Release && benchmarks/compare-with-stand-in.sh /tmp/before --requests 150000 --warmup 30000 --rounds 3
# CLUSTER=0 leaves the clusters out. Every process binds 127.0.0.1 and is killed by PID on exit.
set -u
NEW=$(cd "$(dirname "$0")/.." && pwd); OLD=${1:?usage: $0 BEFORE-WORKTREE [LoadTest options]}; shift
C=Release; B=bin/$C/net10.0
# shellcheck source=benchmarks/processes.sh
. "$NEW/benchmarks/processes.sh"
P_OLD_E=$(port); P_NEW_E=$(port)
sed "s/port: 12345/port: $P_OLD_E/" $NEW/samples/flows/seed.yml > $Y/old-embedded.yml
sed "s/port: 12345/port: $P_NEW_E/" $NEW/samples/flows/seed.yml > $Y/new-embedded.yml
cp $NEW/samples/flows/seed.yml $Y/seed.yml
OLDX=$OLD/samples/Hello.Executors/$B; NEWX=$NEW/samples/Hello.Executors/$B
# old embedded
dotnet $OLD/GatewayHost/$B/GatewayHost.dll --flow $Y/old-embedded.yml --executors $OLDX --host 127.0.0.1 > $Y/oe.log 2>&1 & pids+=($!)
# new embedded: one process, silo + gateway
DOTNET_gcServer=${GCS:-0} dotnet $NEW/Silo/$B/Silo.dll --flow $Y/new-embedded.yml --executors $NEWX --gateway --host 127.0.0.1 --port $(port) --silo-port $(port) --gateway-port 0 > $Y/ne.log 2>&1 & pids+=($!)
wait_line $Y/oe.log "Gateway serving"; wait_line $Y/ne.log "Gateway serving"
if [ "${CLUSTER:-1}" = 1 ]; then
  # old cluster: 2 silos + gateway
  S1=$(port); S2=$(port)
  dotnet $OLD/Silo/$B/Silo.dll --flow $Y/seed.yml --executors $OLDX --host 127.0.0.1 --port $S1 > $Y/os1.log 2>&1 & pids+=($!)
  wait_line $Y/os1.log "serving on"
  dotnet $OLD/Silo/$B/Silo.dll --flow $Y/seed.yml --executors $OLDX --host 127.0.0.1 --port $S2 --seeds 127.0.0.1:$S1 > $Y/os2.log 2>&1 & pids+=($!)
  wait_line $Y/os2.log "serving on"
  dotnet $OLD/GatewayHost/$B/GatewayHost.dll --flow $Y/seed.yml --silos 127.0.0.1:$S1,127.0.0.1:$S2 --host 127.0.0.1 --port 0 > $Y/og.log 2>&1 & pids+=($!)
  wait_line $Y/og.log "Gateway serving"
  P_OLD_C=$(grep -o "Gateway serving grpc on 127.0.0.1:[0-9]*" $Y/og.log | grep -o "[0-9]*$")
  # new cluster: redis + 2 silos + gateway
  R=$(port)
  redis-server --port $R --bind 127.0.0.1 --save "" --appendonly no > $Y/redis.log 2>&1 & pids+=($!)
  wait_line $Y/redis.log "Ready to accept"
  for i in 1 2; do
    dotnet $NEW/Silo/$B/Silo.dll --flow $Y/seed.yml --executors $NEWX --host 127.0.0.1 --port $(port) --silo-port $(port) --gateway-port $(port) --redis 127.0.0.1:$R --cluster-id bench > $Y/ns$i.log 2>&1 & pids+=($!)
  done
  wait_line $Y/ns1.log "serving on"; wait_line $Y/ns2.log "serving on"
  dotnet $NEW/GatewayHost/$B/GatewayHost.dll --flow $Y/seed.yml --redis 127.0.0.1:$R --cluster-id bench --host 127.0.0.1 --port 0 > $Y/ng.log 2>&1 & pids+=($!)
  wait_line $Y/ng.log "Gateway serving"
  P_NEW_C=$(grep -o "Gateway serving grpc on 127.0.0.1:[0-9]*" $Y/ng.log | grep -o "[0-9]*$")
  CT=(--target "before-cluster=grpc://127.0.0.1:$P_OLD_C" --target "after-cluster=grpc://127.0.0.1:$P_NEW_C")
else CT=(); fi
dotnet $NEW/benchmarks/LoadTest/$B/LoadTest.dll --target "before-embedded=grpc://127.0.0.1:$P_OLD_E" --target "after-embedded=grpc://127.0.0.1:$P_NEW_E" "${CT[@]}" --echo "$@"
