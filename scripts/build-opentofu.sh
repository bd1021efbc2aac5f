#!/usr/bin/env bash
# Builds OpenTofu from the Go module proxy and caches the binary outside the repository.
# A plain `go install` fails because OpenTofu's go.mod has a replace directive, so build inside
# the module's download directory. About 10 minutes cold on 2 cores; seconds with a warm build cache.
set -euo pipefail
version=${1:?usage: build-opentofu.sh VERSION OUTPUT}
out=${2:?usage: build-opentofu.sh VERSION OUTPUT}
if [ -x "$out" ]; then
  exit 0
fi
dir=$(cd "${TMPDIR:-/tmp}" && GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@${version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ]; then
  echo "build-opentofu: could not download github.com/opentofu/opentofu@${version}" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
echo "build-opentofu: building OpenTofu ${version} into ${out}"
(cd "$dir" && go build -o "$out.tmp" ./cmd/tofu)
mv "$out.tmp" "$out"
"$out" version
