#!/usr/bin/env bash
# The release checks behind `make release-check`: `goreleaser check` on .goreleaser.yml, then a
# snapshot release of one platform (linux/amd64, enough to prove the naming and the archive's
# content without cross-compiling eight times) into a temporary directory. It fails unless every
# archive, checksum and manifest file is named terraform-provider-sandbox_<version>..., as the
# registry requires, and the archive holds the binary, LICENSE, README.md and CHANGELOG.md.
# Usage: scripts/release-check.sh <goreleaser binary>
set -euo pipefail
goreleaser=${1:?usage: release-check.sh <goreleaser binary>}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=terraform-provider-sandbox_
for tool in jq unzip; do
  command -v "$tool" >/dev/null || { echo "release-check: needs $tool on PATH" >&2; exit 1; }
done

"$goreleaser" check

# The same configuration, narrowed to one platform and writing outside the repository. The sed
# patterns must each match once, or the narrowed copy would silently build everything.
for pattern in '^    goos: ' '^    goarch: '; do
  [ "$(grep -c "$pattern" .goreleaser.yml)" -eq 1 ] || { echo "release-check: .goreleaser.yml has no single '$pattern' line" >&2; exit 1; }
done
sed -e 's/^    goos: .*/    goos: [linux]/' -e 's/^    goarch: .*/    goarch: [amd64]/' .goreleaser.yml >"$work/goreleaser.yml"
echo "dist: $work/dist" >>"$work/goreleaser.yml"

# `before` runs `go mod tidy`, which must not touch the checkout in CI; signing needs the release key.
"$goreleaser" release --snapshot --clean --skip=before,sign,publish --config "$work/goreleaser.yml"

artifacts="$work/dist/artifacts.json"
archives=$(jq -r '.[] | select(.type == "Archive") | .name' "$artifacts")
[ "$(printf '%s\n' "$archives" | grep -c .)" -eq 1 ] || { echo "release-check: want one archive, got: $archives" >&2; exit 1; }
status=0
for name in $(jq -r '.[] | select(.type == "Archive" or .type == "Checksum" or .type == "Uploadable File") | .name' "$artifacts"); do
  case "$name" in
    "$prefix"*) echo "ok: $name" ;;
    *) echo "release-check: $name does not start with $prefix" >&2; status=1 ;;
  esac
done
contents=$(unzip -Z1 "$work/dist/$archives")
for want in LICENSE README.md CHANGELOG.md "${prefix}v"; do
  if ! printf '%s\n' "$contents" | grep -q "^$want"; then
    echo "release-check: $archives lacks $want (it holds: $(echo $contents))" >&2
    status=1
  fi
done
exit "$status"
