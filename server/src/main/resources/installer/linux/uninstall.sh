#!/bin/sh
# Stops and removes the Lampblack sensor installed by install.sh, and lifts the sensor's network isolation (its
# nftables table) so the host is not left cut off. Its data directory (its identity and any events not yet sent)
# stays unless --purge is given. The sensor stays listed on the server, as offline, until an administrator removes
# it there. Where the sensor and its data are comes from install.env, written by install.sh beside this script
# (LAMPBLACK_SENSOR_PREFIX and LAMPBLACK_SENSOR_DATA otherwise); LAMPBLACK_SENSOR_SYSTEMD=no leaves systemd alone.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd -P)"
UNIT=/etc/systemd/system/lampblack-sensor.service
fail() {
  echo "uninstall.sh: $*" >&2
  exit 1
}
if [ "$(id -u)" -ne 0 ]; then
  fail "run this as root (sudo $0)"
fi
PURGE=no
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=yes ;;
    *) fail "unknown argument '$arg' (uninstall.sh [--purge])" ;;
  esac
done
# install.env is read, not sourced: only its two settings, as install.sh wrote them.
setting() {
  sed -n "s/^$1=//p" "$2" | head -n 1
}
if [ -f "$HERE/install.env" ]; then
  PREFIX="$(setting LAMPBLACK_SENSOR_PREFIX "$HERE/install.env")"
  DATA="$(setting LAMPBLACK_SENSOR_DATA "$HERE/install.env")"
else
  PREFIX="${LAMPBLACK_SENSOR_PREFIX:-/opt/lampblack-sensor}"
  DATA="${LAMPBLACK_SENSOR_DATA:-/var/lib/lampblack-sensor}"
  if [ -f "$PREFIX/install.env" ]; then
    DATA="$(setting LAMPBLACK_SENSOR_DATA "$PREFIX/install.env")"
  fi
fi
for dir in "$PREFIX" "$DATA"; do
  case "$dir" in
    /?*) ;;
    *) fail "'$dir' is not an absolute path; nothing removed" ;;
  esac
  case "$dir" in
    *[!A-Za-z0-9._/-]* | *//* | */./* | */../* | */. | */.. | */) fail "'$dir' is not a plain absolute path; nothing removed" ;;
  esac
done
if [ ! -f "$PREFIX/install.env" ] && { [ ! -x "$PREFIX/bin/lampblack-sensor" ] || [ ! -f "$PREFIX/sensor.conf" ]; }; then
  fail "$PREFIX does not hold an installed Lampblack sensor; nothing removed"
fi
if [ "${LAMPBLACK_SENSOR_SYSTEMD:-yes}" != no ] && command -v systemctl >/dev/null 2>&1 && [ -f "$UNIT" ]; then
  systemctl disable --now lampblack-sensor || true
  rm -f "$UNIT"
  systemctl daemon-reload || true
fi
# A sensor isolated by the server keeps its host cut off until the table goes; without the sensor nothing would lift it.
if command -v nft >/dev/null 2>&1 && nft list table inet lampblack_isolation >/dev/null 2>&1; then
  if nft delete table inet lampblack_isolation; then
    echo "The host's network isolation (nftables table inet lampblack_isolation) is lifted."
  else
    echo "uninstall.sh: could not lift the host's network isolation: run 'nft delete table inet lampblack_isolation'" >&2
  fi
fi
cd /
rm -rf "$PREFIX"
if [ "$PURGE" = yes ]; then
  if [ ! -e "$DATA" ]; then
    echo "The Lampblack sensor is removed; it had no data in $DATA."
  elif [ -f "$DATA/.lampblack-sensor" ]; then
    rm -rf "$DATA"
    echo "The Lampblack sensor and its data are removed."
  else
    echo "The Lampblack sensor is removed; $DATA is not a Lampblack sensor's data directory (no .lampblack-sensor in it), so it stays." >&2
  fi
else
  echo "The Lampblack sensor is removed; its data stays in $DATA (uninstall.sh --purge removes it too)."
fi
