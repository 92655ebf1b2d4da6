#!/bin/sh
# Stops and removes the Lampblack sensor installed by install.sh. Its data directory (its identity and any events not
# yet sent) stays unless --purge is given. The sensor stays listed on the server, as offline, until an administrator
# removes it there. Takes the environment install.sh took (LAMPBLACK_SENSOR_PREFIX, LAMPBLACK_SENSOR_DATA,
# LAMPBLACK_SENSOR_SYSTEMD=no) when it was given one.
set -eu
PREFIX="${LAMPBLACK_SENSOR_PREFIX:-/opt/lampblack-sensor}"
DATA="${LAMPBLACK_SENSOR_DATA:-/var/lib/lampblack-sensor}"
UNIT=/etc/systemd/system/lampblack-sensor.service
if [ "$(id -u)" -ne 0 ]; then
  echo "uninstall.sh: run this as root (sudo $0)" >&2
  exit 1
fi
if [ ! -x "$PREFIX/bin/lampblack-sensor" ] || [ ! -f "$PREFIX/sensor.conf" ]; then
  echo "uninstall.sh: $PREFIX does not hold an installed Lampblack sensor; nothing removed" >&2
  exit 1
fi
if [ "${LAMPBLACK_SENSOR_SYSTEMD:-yes}" != no ] && command -v systemctl >/dev/null 2>&1 && [ -f "$UNIT" ]; then
  systemctl disable --now lampblack-sensor || true
  rm -f "$UNIT"
  systemctl daemon-reload || true
fi
cd /
rm -rf "$PREFIX"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$DATA"
  echo "The Lampblack sensor and its data are removed."
else
  echo "The Lampblack sensor is removed; its data stays in $DATA (uninstall.sh --purge removes it too)."
fi
