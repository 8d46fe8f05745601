#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): the release's own installer (made by
# dist, which checks the archive's checksum) puts the cclint binary of VERSION in a
# folder of the job's, which goes on the job's PATH. VERSION is the `version` input, else
# the action's own tag (`uses: cclint/cclint@v0.1.0` installs 0.1.0), else the latest
# release.
set -euo pipefail

version="${INPUT_VERSION:-}"
if [ -z "$version" ]; then
  case "${ACTION_REF:-}" in
    v[0-9]*) version="${ACTION_REF#v}" ;;
    *) version=latest ;;
  esac
fi
releases=https://github.com/cclint/cclint/releases
if [ "$version" = latest ]; then
  url="$releases/latest/download"
else
  url="$releases/download/v${version#v}"
fi

dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cclint-bin"
mkdir -p "$dir"
echo "Installing cclint ${version} from ${url}"
if [ "${RUNNER_OS:-}" = Windows ]; then
  CCLINT_UNMANAGED_INSTALL="$dir" powershell -NoProfile -ExecutionPolicy Bypass -Command \
    "irm '${url}/cclint-installer.ps1' | iex"
else
  curl --proto '=https' --tlsv1.2 -LsSf "${url}/cclint-installer.sh" |
    CCLINT_UNMANAGED_INSTALL="$dir" sh
fi

exe="$dir/cclint"
if [ "${RUNNER_OS:-}" = Windows ]; then
  exe="$dir/cclint.exe"
fi
if [ ! -x "$exe" ]; then
  echo "::error::the cclint installer did not install ${exe}; check that the version input names a release listed at ${releases}"
  exit 1
fi
"$exe" --version
echo "$dir" >> "${GITHUB_PATH:?GITHUB_PATH is set by GitHub Actions}"
