#!/usr/bin/env bash
# Builds the local base images the Dockerfiles take as build arguments, for machines that reach the
# Debian archive but no image registry (users pull the official images instead):
#   local/debian:bookworm          debootstrap --variant=minbase, imported with `docker import`
#   local/dotnet-runtime-deps:10.0 that plus what a self-contained .NET app needs (ICU, TLS, tzdata)
#   local/redis:7                  that plus Debian's redis-server (membership for docker-compose)
# An image that already exists is kept (pass --force to rebuild). Needs root, debootstrap and a running dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."

force=0
[ "${1:-}" = "--force" ] && force=1

exists() { [ "$force" -eq 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

# The Debian archive /etc/apt names (deb822 .sources or one-line .list), else the default mirror.
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
  | grep -E '^(URIs:|deb )' | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}

if ! exists local/debian:bookworm; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  echo "debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' - local/debian:bookworm >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

build() {
  local tag=$1 packages=$2
  exists "$tag" && return 0
  echo "building $tag"
  printf '%s\n' \
    'FROM local/debian:bookworm' \
    "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log" \
    | docker build -q -t "$tag" - >/dev/null
}

build local/dotnet-runtime-deps:10.0 "ca-certificates libicu72 libssl3 tzdata"
build local/redis:7 "redis-server"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^local/'
