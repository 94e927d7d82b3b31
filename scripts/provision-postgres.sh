#!/usr/bin/env bash
# Provisions what the PostgreSQL tests need on a machine of this kind (Debian 12):
#   - PostgreSQL 15 server binaries (postgresql-15),
#   - pgvector, built from Debian's source package (no binary package exists for bookworm),
#   - an unprivileged system user to run throwaway clusters as (initdb refuses to run as root).
# Idempotent and fast when already provisioned. Prints the bin directory of the server on its last line.
# Usage: scripts/provision-postgres.sh            (needs root for the first run)
set -euo pipefail

PG_MAJOR="${LEADORA_PG_MAJOR:-15}"
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
EXT_DIR="/usr/share/postgresql/${PG_MAJOR}/extension"
PGVECTOR_SUITE="${LEADORA_PGVECTOR_SUITE:-trixie}"

log() { echo "provision-postgres: $*" >&2; }

have_server() { [[ -x "${PG_BIN}/postgres" && -x "${PG_BIN}/initdb" && -x "${PG_BIN}/pg_ctl" ]]; }
have_pgvector() { [[ -f "${EXT_DIR}/vector.control" && -f "/usr/lib/postgresql/${PG_MAJOR}/lib/vector.so" ]]; }

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "needs root to run: $*"; exit 1
  fi
}

APT_UPDATED=0
apt_update() {
  if [[ "${APT_UPDATED}" -eq 0 ]]; then
    as_root apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    APT_UPDATED=1
  fi
}

apt_install() {
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >&2
}

install_server() {
  if have_server; then return; fi
  log "installing postgresql-${PG_MAJOR}"
  apt_install "postgresql-${PG_MAJOR}"
}

install_pgvector() {
  if have_pgvector; then return; fi
  log "building pgvector from Debian's ${PGVECTOR_SUITE} source package"
  local list=/etc/apt/sources.list.d/leadora-pgvector-src.list
  if [[ ! -f "${list}" ]]; then
    echo "deb-src http://deb.debian.org/debian ${PGVECTOR_SUITE} main" | as_root tee "${list}" >/dev/null
    APT_UPDATED=0
  fi
  apt_install "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev
  local work
  work="$(mktemp -d)"
  # apt downloads as the unprivileged _apt user when it can write the directory.
  if id _apt >/dev/null 2>&1 && [[ "$(id -u)" -eq 0 ]]; then chown _apt "${work}"; fi
  (
    cd "${work}"
    apt-get source --download-only -qq "pgvector/${PGVECTOR_SUITE}" >&2
    # The source list was only needed for this download; keep later apt runs on this machine to bookworm.
    as_root rm -f "${list}"
    # Unpack without verifying the .dsc signature (no keyring for the other suite is installed; apt checked the index).
    dpkg-source --no-check -x ./*.dsc src >&2
    cd src
    # OPTFLAGS="" builds for any x86-64, not just this CPU (upstream defaults to -march=native).
    make -s PG_CONFIG="${PG_BIN}/pg_config" OPTFLAGS="" >&2
    as_root make -s PG_CONFIG="${PG_BIN}/pg_config" install >&2
  )
  rm -rf "${work}"
  have_pgvector || { log "pgvector did not install"; exit 1; }
}

ensure_user() {
  if id postgres >/dev/null 2>&1; then return; fi
  log "creating the postgres system user"
  as_root useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

install_server
install_pgvector
ensure_user
log "ready: PostgreSQL ${PG_MAJOR} with pgvector ($(sed -n "s/^default_version = '\(.*\)'/\1/p" "${EXT_DIR}/vector.control"))"
echo "${PG_BIN}"
