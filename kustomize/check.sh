#!/usr/bin/env bash
# Renders base, every overlay and every component (each on top of base) with `kubectl kustomize`; exits
# non-zero if one fails.
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
# a component renders only inside a kustomization: each one is rendered on top of base, from a throw-away
# kustomization beside base (kustomize takes relative paths only)
wrapper=""
trap 'rm -rf "$wrapper"' EXIT
for dir in "$here"/components/*/; do
  name="component-$(basename "$dir")"
  wrapper="$(mktemp -d "$here/.check-XXXXXX")"
  printf 'resources:\n  - ../base\ncomponents:\n  - ../components/%s\n' "$(basename "$dir")" >"$wrapper/kustomization.yaml"
  if kubectl kustomize "$wrapper" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "kustomize: $name rendered ($(grep -c '^kind:' "$out/$name.yaml") objects)"
  else
    echo "kustomize: $name FAILED" >&2
    cat "$out/$name.err" >&2
    status=1
  fi
  rm -rf "$wrapper"
done
exit "$status"
