#!/bin/sh
# Installs the Lampblack sensor into /opt/lampblack-sensor and, where systemd runs, installs and starts the
# lampblack-sensor service; elsewhere it says how to start the sensor. Run as root (sudo), from the directory the
# archive was unpacked into, a new one of the unpacking user's own (mktemp -d): it refuses a directory anyone else
# owns or can write. Installing again over an installed sensor upgrades it: the sensor keeps its identity (in
# /var/lib/lampblack-sensor).
# Environment: LAMPBLACK_SENSOR_PREFIX (instead of /opt/lampblack-sensor), LAMPBLACK_SENSOR_DATA (instead of
# /var/lib/lampblack-sensor), LAMPBLACK_SENSOR_SYSTEMD=no (copy only, leave systemd alone: container images).
# It never takes over a directory that holds anything but a Lampblack sensor: PREFIX must be new, empty or an earlier
# install (install.env), DATA new, empty or a sensor's (.lampblack-sensor), because uninstall.sh deletes both.
set -eu
umask 022
SRC="$(cd "$(dirname "$0")" && pwd -P)"
PREFIX="${LAMPBLACK_SENSOR_PREFIX:-/opt/lampblack-sensor}"
DATA="${LAMPBLACK_SENSOR_DATA:-/var/lib/lampblack-sensor}"
UNIT=/etc/systemd/system/lampblack-sensor.service
fail() {
  echo "install.sh: $*" >&2
  exit 1
}
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run this as root (sudo $0): the sensor goes into $PREFIX and runs as a system service." >&2
  echo "To try it as yourself instead, without installing: $SRC/bin/lampblack-sensor" >&2
  exit 1
fi
# Everything here is copied into PREFIX and run as root: it must be what the archive unpacked, changed by no one
# since. A directory another user could reach first (a fixed name in /tmp, which they could make before the archive
# was unpacked into it) would let them swap bin/, lib/ or runtime/ for their own before this runs. So this directory
# and all in it must be root's, or the sudo user's (SUDO_UID: who unpacked it), writable by no one else, and hold
# only directories and plain files (the archive has nothing else).
if [ -n "${SUDO_UID:-}" ]; then
  case "$SUDO_UID" in
    *[!0-9]*) fail "SUDO_UID ($SUDO_UID) is not a user id; nothing changed" ;;
  esac
  owner_sudo="$SUDO_UID"
else
  owner_sudo=0
fi
untrusted="$(find "$SRC" \( ! -user 0 ! -user "$owner_sudo" \) -print -o \( -perm -020 -o -perm -002 \) -print \
  -o \( ! -type d ! -type f \) -print | head -n 10)"
if [ -n "$untrusted" ]; then
  echo "install.sh: refusing to install from $SRC: what follows is not root's (or, with sudo, yours), is writable by" >&2
  echo "other users, or is not a plain file or directory, so someone else may have changed it:" >&2
  echo "$untrusted" | sed 's/^/  /' >&2
  echo "Unpack the installer again into a new directory only you can write, and run its install.sh from there:" >&2
  echo "  cd \"\$(mktemp -d)\" && tar -xzf /path/to/lampblack-sensor.tar.gz && sudo ./lampblack-sensor/install.sh" >&2
  echo "Nothing changed." >&2
  exit 1
fi
# Plain absolute paths only: they go into the unit file (sed) and into rm -rf, where a space, a '..' or a
# '#' would do harm.
for dir in "$PREFIX" "$DATA"; do
  case "$dir" in
    /?*) ;;
    *) fail "LAMPBLACK_SENSOR_PREFIX and LAMPBLACK_SENSOR_DATA must be absolute paths, not '$dir'" ;;
  esac
  case "$dir" in
    *[!A-Za-z0-9._/-]* | *//* | */./* | */../* | */. | */.. | */)
      fail "'$dir' is not a plain absolute path (letters, digits, '.', '_', '-' and single '/', no '.' or '..' parts, no '/' at the end)" ;;
  esac
done
case "$DATA/" in "$PREFIX/"*) fail "LAMPBLACK_SENSOR_DATA ($DATA) must not be inside LAMPBLACK_SENSOR_PREFIX ($PREFIX)" ;; esac
case "$PREFIX/" in "$DATA/"*) fail "LAMPBLACK_SENSOR_PREFIX ($PREFIX) must not be inside LAMPBLACK_SENSOR_DATA ($DATA)" ;; esac
is_empty_dir() {
  [ -d "$1" ] && [ -z "$(ls -A "$1")" ]
}
# An earlier install: install.env (this version on), or sensor.conf beside bin/lampblack-sensor (before it).
is_install() {
  [ -f "$1/install.env" ] || { [ -f "$1/sensor.conf" ] && [ -f "$1/bin/lampblack-sensor" ]; }
}
if [ -e "$PREFIX" ] || [ -L "$PREFIX" ]; then
  [ -d "$PREFIX" ] && [ ! -L "$PREFIX" ] || fail "$PREFIX exists and is not a directory; nothing changed"
  if [ "$(cd "$PREFIX" && pwd -P)" = "$SRC" ]; then
    fail "this installer is unpacked in $PREFIX itself, which the install replaces: unpack it elsewhere (cd \"\$(mktemp -d)\" && tar -xzf ...) and run its install.sh; nothing changed"
  fi
  is_empty_dir "$PREFIX" || is_install "$PREFIX" ||
    fail "$PREFIX holds files that are not a Lampblack sensor's: set LAMPBLACK_SENSOR_PREFIX to a new or empty directory; nothing changed"
fi
if [ -e "$DATA" ] || [ -L "$DATA" ]; then
  [ -d "$DATA" ] && [ ! -L "$DATA" ] || fail "$DATA exists and is not a directory; nothing changed"
  is_empty_dir "$DATA" || [ -f "$DATA/.lampblack-sensor" ] ||
    fail "$DATA holds files that are not a Lampblack sensor's: set LAMPBLACK_SENSOR_DATA to a new or empty directory; nothing changed"
fi
has_systemd() {
  [ "${LAMPBLACK_SENSOR_SYSTEMD:-yes}" != no ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]
}

# The new files are staged first, in PREFIX/.new: a copy that fails (a full disk) leaves the running sensor as it was.
mkdir -p "$PREFIX"
rm -rf "$PREFIX/.new" "$PREFIX/.old"
mkdir "$PREFIX/.new"
cp -R "$SRC/runtime" "$SRC/lib" "$SRC/bin" "$PREFIX/.new/"
cp "$SRC/sensor.conf" "$SRC/server.pem" "$SRC/uninstall.sh" "$SRC/lampblack-sensor.service" "$SRC/README" "$PREFIX/.new/"
chmod 755 "$PREFIX/.new/bin/lampblack-sensor" "$PREFIX/.new/uninstall.sh"
printf "LAMPBLACK_SENSOR_PREFIX=%s\nLAMPBLACK_SENSOR_DATA=%s\n" "$PREFIX" "$DATA" >"$PREFIX/.new/install.env"
# The enrolment token only for a sensor yet to register; the sensor deletes it once it has (bin/lampblack-sensor).
if [ ! -f "$DATA/identity.json" ] && [ -f "$SRC/registration-token" ]; then
  (umask 077 && cp "$SRC/registration-token" "$PREFIX/.new/registration-token")
  chmod 600 "$PREFIX/.new/registration-token"
fi
chown -R 0:0 "$PREFIX"
chmod 755 "$PREFIX"

if has_systemd && systemctl is-active --quiet lampblack-sensor; then
  echo "Stopping the running sensor to upgrade it ..."
  systemctl stop lampblack-sensor
fi
# Whole directories are replaced, so no jar of an older version stays on the class path.
mkdir "$PREFIX/.old"
for f in runtime lib bin sensor.conf server.pem uninstall.sh lampblack-sensor.service README install.env registration-token; do
  if [ -e "$PREFIX/$f" ]; then mv "$PREFIX/$f" "$PREFIX/.old/"; fi
  if [ -e "$PREFIX/.new/$f" ]; then mv "$PREFIX/.new/$f" "$PREFIX/"; fi
done
rm -rf "$PREFIX/.new" "$PREFIX/.old"
if [ ! -d "$DATA" ]; then
  mkdir -p "$(dirname "$DATA")"
  mkdir -m 700 "$DATA"
  echo "The data of a Lampblack sensor; removed when the sensor is uninstalled." >"$DATA/.lampblack-sensor"
  chmod 600 "$DATA/.lampblack-sensor"
fi

if has_systemd; then
  sed -e "s#/opt/lampblack-sensor#$PREFIX#g" -e "s#/var/lib/lampblack-sensor#$DATA#g" \
    "$SRC/lampblack-sensor.service" >"$UNIT"
  chmod 644 "$UNIT"
  systemctl daemon-reload
  systemctl enable lampblack-sensor
  systemctl restart lampblack-sensor
  echo "The Lampblack sensor is installed in $PREFIX and running (systemctl status lampblack-sensor;"
  echo "its log: journalctl -u lampblack-sensor). It registers with $(sed -n "s/^LAMPBLACK_SERVER=//p" "$PREFIX/sensor.conf")."
else
  echo "The Lampblack sensor is installed in $PREFIX. Without systemd nothing starts it:"
  echo "start it (it runs in the foreground) from your init system or a terminal, as root:"
  echo "  $PREFIX/bin/lampblack-sensor --data $DATA"
fi
