#!/usr/bin/env bash
# Publishes the silo (with the sample executors) and the gateway self-contained for linux-x64 into
# artifacts/docker/, then builds the images jinaorleans-silo and jinaorleans-gateway from Silo/Dockerfile and
# GatewayHost/Dockerfile. BASE_IMAGE (default: the Dockerfiles' mcr.microsoft.com/dotnet/runtime-deps:10.0)
# picks the base image, e.g. BASE_IMAGE=local/dotnet-runtime-deps:10.0 from scripts/build-base-images.sh;
# TAG (default latest) the images' tag.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${TAG:-latest}
out=artifacts/docker
rm -rf "$out"
publish() { dotnet publish "$1" -c Release -nologo -v quiet -o "$out/$2" "${@:3}" >/dev/null; }
publish Silo/Silo.csproj silo -r linux-x64 --self-contained
publish GatewayHost/GatewayHost.csproj gateway -r linux-x64 --self-contained
publish samples/Hello.Executors/Hello.Executors.csproj executors

args=()
[ -n "${BASE_IMAGE:-}" ] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
docker build -q "${args[@]}" -f Silo/Dockerfile -t "jinaorleans-silo:$tag" . >/dev/null
docker build -q "${args[@]}" -f GatewayHost/Dockerfile -t "jinaorleans-gateway:$tag" . >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^jinaorleans-(silo|gateway):$tag "
