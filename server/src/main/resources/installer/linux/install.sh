#!/bin/sh
# Installs the Lampblack sensor into /opt/lampblack-sensor and, where systemd runs, installs and starts the
# lampblack-sensor service; elsewhere it says how to start the sensor. Run as root. Installing again over an
# installed sensor upgrades it: the sensor keeps its identity (in /var/lib/lampblack-sensor).
# Environment: LAMPBLACK_SENSOR_PREFIX (instead of /opt/lampblack-sensor), LAMPBLACK_SENSOR_DATA (instead of
# /var/lib/lampblack-sensor), LAMPBLACK_SENSOR_SYSTEMD=no (copy only, leave systemd alone: container images).
set -eu
SRC="$(cd "$(dirname "$0")" && pwd -P)"
PREFIX="${LAMPBLACK_SENSOR_PREFIX:-/opt/lampblack-sensor}"
DATA="${LAMPBLACK_SENSOR_DATA:-/var/lib/lampblack-sensor}"
UNIT=/etc/systemd/system/lampblack-sensor.service
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run this as root (sudo $0): the sensor goes into $PREFIX and runs as a system service." >&2
  echo "To try it as yourself instead, without installing: $SRC/bin/lampblack-sensor" >&2
  exit 1
fi
for dir in "$PREFIX" "$DATA"; do
  case "$dir" in
    /?*) ;;
    *) echo "install.sh: LAMPBLACK_SENSOR_PREFIX and LAMPBLACK_SENSOR_DATA must be absolute paths, not '$dir'" >&2; exit 1 ;;
  esac
done
has_systemd() {
  [ "${LAMPBLACK_SENSOR_SYSTEMD:-yes}" != no ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]
}

if has_systemd && systemctl is-active --quiet lampblack-sensor; then
  echo "Stopping the running sensor to upgrade it ..."
  systemctl stop lampblack-sensor
fi
mkdir -p "$PREFIX"
# Whole directories are replaced, so no jar of an older version stays on the class path.
rm -rf "$PREFIX/runtime" "$PREFIX/lib" "$PREFIX/bin"
cp -R "$SRC/runtime" "$SRC/lib" "$SRC/bin" "$PREFIX/"
cp "$SRC/sensor.conf" "$SRC/server.pem" "$SRC/uninstall.sh" "$SRC/lampblack-sensor.service" "$SRC/README" "$PREFIX/"
cp "$SRC/registration-token" "$PREFIX/registration-token"
chmod 600 "$PREFIX/registration-token"
chmod 755 "$PREFIX/bin/lampblack-sensor" "$PREFIX/uninstall.sh"
mkdir -p "$DATA"
chmod 700 "$DATA"

if has_systemd; then
  sed -e "s#/opt/lampblack-sensor#$PREFIX#g" -e "s#/var/lib/lampblack-sensor#$DATA#g" \
    "$SRC/lampblack-sensor.service" >"$UNIT"
  chmod 644 "$UNIT"
  systemctl daemon-reload
  systemctl enable --now lampblack-sensor
  echo "The Lampblack sensor is installed in $PREFIX and running (systemctl status lampblack-sensor;"
  echo "its log: journalctl -u lampblack-sensor). It registers with $(sed -n "s/^LAMPBLACK_SERVER=//p" "$PREFIX/sensor.conf")."
else
  echo "The Lampblack sensor is installed in $PREFIX. Without systemd nothing starts it:"
  echo "start it (it runs in the foreground) from your init system or a terminal, as root:"
  echo "  $PREFIX/bin/lampblack-sensor --data $DATA"
fi
