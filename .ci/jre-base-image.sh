#!/usr/bin/env bash
# Builds a Java 17 runtime base image from Debian packages alone, for machines that reach Debian's archive and
# Maven Central but no container registry: writes a `docker save` tarball that Jib takes as
#   -Djib.from.image=tar://<that file>
# Usage: .ci/jre-base-image.sh OUT.tar   (needs root and mmdebstrap; about 40 s and 330 MB)
set -euo pipefail

out="${1:?usage: $0 OUT.tar}"
suite="${KAVSAK_BASE_SUITE:-bookworm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v mmdebstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq mmdebstrap >/dev/null; }

# The root file system: Debian's essential packages and openjdk-17-jre-headless, without docs and translations.
# The man1 directory stays because update-alternatives links java's man page there.
mmdebstrap --quiet --mode=root --variant=essential --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  "$suite" "$work/layer.tar"

# One layer, its config and the manifest, in the layout `docker save` writes.
arch="$(dpkg --print-architecture)"   # amd64 and arm64 are also the OCI names
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
cat >"$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["kavsak/debian-jre17:$suite"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out.partial" manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($diff_id)"
