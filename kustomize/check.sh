#!/usr/bin/env bash
# Renders base and every overlay with `kubectl kustomize`; exits non-zero on the first one that fails.
# Needs kubectl (1.27+). Output of each render goes to $KUSTOMIZE_OUT (default: a temporary directory).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${KUSTOMIZE_OUT:-$(mktemp -d)}"
mkdir -p "$out"

command -v kubectl >/dev/null || { echo "kustomize/check.sh: kubectl not found on PATH" >&2; exit 1; }

status=0
for dir in "$here/base" "$here"/overlays/*/; do
  name="$(basename "$dir")"
  if kubectl kustomize "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "kustomize: $name rendered ($(grep -c '^kind:' "$out/$name.yaml") objects)"
  else
    echo "kustomize: $name FAILED" >&2
    cat "$out/$name.err" >&2
    status=1
  fi
done
exit "$status"
