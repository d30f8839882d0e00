#!/usr/bin/env bash
# Installs and starts what the test suites need beyond npm packages:
# Debian's Chromium for browser tests, a running PostgreSQL for test:postgres, and
# Debian's nginx for test:cluster (it starts its own, from deploy/'s site file).
# Idempotent: does nothing that is already done.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /etc/postgresql/*/main >/dev/null 2>&1 || need_apt+=(postgresql)
# tests/postgres/disk-scan.test.ts starts a throwaway cluster of its own: initdb and
# pg_ctl (PostgreSQL's server package), run as the postgres user through runuser.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need_apt+=(postgresql); fi
command -v runuser >/dev/null 2>&1 || need_apt+=(util-linux)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
  # Debian starts nginx on port 80 where it can; the cluster test runs its own.
  if pgrep -x nginx >/dev/null 2>&1 && [ -f /run/nginx.pid ]; then nginx -s quit || true; fi
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

# Tests connect as postgres over TCP without a password (trust), as on this machine kind.
if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -tAc "select 1" >/dev/null 2>&1; then
  echo "PostgreSQL refuses postgres@127.0.0.1 without a password; allowing local trust for tests"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
fi
