#!/usr/bin/env bash
# Installs the Debian packages BiasFlow needs when they are missing: MPFR, GMP and pkg-config, plus
# any package names given as arguments (peer tools). Safe to run repeatedly: it does nothing when
# everything is present. Needs root or sudo for apt-get.
set -euo pipefail

packages=(libmpfr-dev libgmp-dev pkg-config "$@")
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}" >&2
  runner=()
  if [[ $(id -u) -ne 0 ]]; then runner=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${runner[@]}" apt-get update -qq
  "${runner[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
