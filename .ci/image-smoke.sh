#!/usr/bin/env bash
# Starts an image tarball's entry point the way the Deployments run it, without a container runtime: its layers
# unpacked into a root mounted read-only, /proc, an empty writable /tmp (none with IMAGE_SMOKE_TMP=none, for a
# Deployment without a /tmp volume), uid 1000. Passes when the output matches PATTERN within 60 s; the
# application is then stopped (it would fail for want of its services).
# Usage: .ci/image-smoke.sh IMAGE.tar PATTERN [NAME=VALUE...]   (the environment; needs root, for chroot and mount)
# Exits 77 where it cannot chroot and mount (not root, no mount privilege): the image was then not tried.
set -euo pipefail

image="${1:?usage: $0 IMAGE.tar PATTERN}"
pattern="${2:?usage: $0 IMAGE.tar PATTERN}"
shift 2
work="$(mktemp -d)"
root="$work/root"
cleanup() {
  for m in "$root/tmp" "$root/proc" "$root"; do mountpoint -q "$m" && umount "$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/image" "$root"
tar -C "$work/image" -xf "$image"
# json FILE EXPRESSION: prints a Python expression over the parsed FILE (j), one line per list item
json() { python3 -c 'import json,sys; v=eval(sys.argv[2],{"j":json.load(open(sys.argv[1]))}); print("\n".join(v) if isinstance(v,list) else v)' "$@"; }
mapfile -t layers < <(json "$work/image/manifest.json" 'j[0]["Layers"]')
for layer in "${layers[@]}"; do tar --warning=no-unknown-keyword -C "$root" -xf "$work/image/$layer"; done  # gzip or not
config="$work/image/$(json "$work/image/manifest.json" 'j[0]["Config"]')"
mapfile -t entrypoint < <(json "$config" 'j["config"]["Entrypoint"]')
user="$(json "$config" 'j["config"].get("User", "")')"
[ "$user" = 1000 ] || { echo "image-smoke: $image runs as '${user:-root}', not 1000" >&2; exit 1; }

[ "$(id -u)" = 0 ] && mount --bind "$root" "$root" || { echo "image-smoke: cannot chroot and mount here" >&2; exit 77; }
mount -o remount,bind,ro "$root"
mount -t proc proc "$root/proc"
[ "${IMAGE_SMOKE_TMP:-tmpfs}" = none ] || mount -t tmpfs -o size=256m,mode=1777 tmpfs "$root/tmp"
log="$work/output.log"
timeout 60 chroot --userspec=1000:1000 "$root" /usr/bin/env -i PATH=/usr/bin:/bin "$@" "${entrypoint[@]}" >"$log" 2>&1 &
app=$!
for _ in $(seq 120); do
  grep -q -E "$pattern" "$log" && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
cp "$log" "${IMAGE_SMOKE_OUTPUT:-/dev/null}"
if grep -q -E "$pattern" "$log"; then
  echo "image-smoke: $image started as uid 1000 on a read-only root:"
  grep -m1 -E "$pattern" "$log" | cut -c1-200
else
  echo "image-smoke: no '$pattern' from $image; its output:" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
