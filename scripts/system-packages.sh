#!/usr/bin/env bash
# Installs the Debian packages Pouch's tests and `npm start` need, in one apt-get run, only those
# missing. Arguments: package names (default: all of them). One caller at a time: parallel apt-get
# runs fail on dpkg's lock, so the test run calls this once, before any test file starts.
set -euo pipefail

packages=("$@")
# fonts-wqy-microhei: Chinese text in the zh-CN screenshots (else it renders as boxes).
# python3-jwt, python3-cryptography, golang-go: the merchant examples in Python and Go (merchant/examples).
if [ ${#packages[@]} -eq 0 ]; then
  packages=(chromium firefox-esr postgresql fonts-wqy-microhei python3-jwt python3-cryptography golang-go)
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
