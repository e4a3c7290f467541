#!/usr/bin/env bash
# Installs the Debian `keystone` package so the integration tests can run a real Keystone
# (operator/src/test/keystone/keystone.sh), and `python3-magnumclient`, so that the real
# `openstack coe ...` CLI runs against the simulator (OpenStackCliIT). Keystone pulls in the
# openstack CLI but not its Magnum plugin, without which every `coe` command is unknown.
# Idempotent: exits 0 at once when both are installed.
# Needs root (or passwordless sudo). No service is started: policy-rc.d refuses every start.
set -euo pipefail

readonly KEYSTONE_BINARIES=(/usr/bin/python3 /usr/bin/keystone-manage)
readonly APT_TIMEOUT_SECONDS="${KEYSTONE_APT_TIMEOUT_SECONDS:-900}"
readonly POLICY_RC=/usr/sbin/policy-rc.d

fail() {
  echo "install-keystone: $*" >&2
  exit 1
}

installed() {
  local binary
  for binary in "${KEYSTONE_BINARIES[@]}"; do
    [[ -x "$binary" ]] || return 1
  done
  /usr/bin/python3 -c 'import keystone, magnumclient' 2>/dev/null
}

if installed; then
  echo "install-keystone: keystone is installed ($(dpkg-query -W -f='${Version}' keystone 2>/dev/null || echo unknown version))"
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "the keystone package is missing and installing it needs root or passwordless sudo"
fi
command -v apt-get >/dev/null || fail "the keystone package is missing and there is no apt-get (Debian/Ubuntu only)"

created_policy_rc=false
restore_policy_rc() {
  if [[ "$created_policy_rc" == true ]]; then
    "${as_root[@]}" rm -f "$POLICY_RC"
  fi
}
trap restore_policy_rc EXIT
if [[ ! -e "$POLICY_RC" ]]; then
  # Keeps the package's maintainer scripts from starting a system-wide keystone service.
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$POLICY_RC" >/dev/null
  "${as_root[@]}" chmod 755 "$POLICY_RC"
  created_policy_rc=true
fi

log=$(mktemp -t install-keystone.XXXXXX.log)
echo "install-keystone: installing the keystone package (log: $log)"
# Another apt-get may hold the dpkg lock (e.g. a parallel CI step): wait for it within the bound.
apt_get=(timeout "$APT_TIMEOUT_SECONDS" "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive
  apt-get -q -o "DPkg::Lock::Timeout=$APT_TIMEOUT_SECONDS")
if ! "${apt_get[@]}" update >"$log" 2>&1 \
  || ! "${apt_get[@]}" install -y --no-install-recommends keystone python3-magnumclient >>"$log" 2>&1; then
  tail -n 30 "$log" >&2
  fail "apt-get could not install keystone within ${APT_TIMEOUT_SECONDS}s (full log: $log)"
fi

installed || fail "apt-get finished but /usr/bin/keystone-manage, the keystone or the magnumclient python module is missing (log: $log)"
rm -f "$log"
echo "install-keystone: installed keystone $(dpkg-query -W -f='${Version}' keystone)"
