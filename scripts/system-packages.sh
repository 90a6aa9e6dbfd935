#!/usr/bin/env bash
# Installs the Debian packages Pouch's tests and `npm start` need, in one apt-get run, only those
# missing. This is the one list of them. Arguments: package names (default: the whole list, less what
# the caller brings: CHROMIUM_PATH, FIREFOX_PATH, POUCH_TEST_POSTGRES_URL). One caller at a time:
# parallel apt-get runs fail on dpkg's lock, so the test run calls this once, before any test file starts.
set -euo pipefail

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  [ -z "${CHROMIUM_PATH:-}" ] && packages+=(chromium)
  [ -z "${FIREFOX_PATH:-}" ] && packages+=(firefox-esr)
  [ -z "${POUCH_TEST_POSTGRES_URL:-}" ] && packages+=(postgresql)
  # fonts-wqy-microhei: Chinese text in the zh-CN screenshots (else it renders as boxes).
  # python3-jwt, python3-cryptography, golang-go: the merchant examples in Python and Go (merchant/examples).
  # haproxy, pgbouncer: the platform past one process (scripts/topology.ts), with PostgreSQL's streaming replica.
  packages+=(fonts-wqy-microhei python3-jwt python3-cryptography golang-go haproxy pgbouncer)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
