#!/usr/bin/env bash
# Declares newly added public API: appends an entry to PublicAPI.Unshipped.txt for every public symbol of a packaged
# library that neither PublicAPI.Shipped.txt nor PublicAPI.Unshipped.txt declares (the analyzer's RS0016 code fix,
# run by `dotnet format`). It never removes entries: a removed or changed symbol (RS0017) is a breaking change, to be
# edited by hand in the files (delete the old line from Unshipped, or move it to a "*REMOVED*" line for Shipped).
#
# Usage: scripts/update-public-api.sh [project-name ...]   (default: every project under src/ with PublicAPI files)
# After a merge: run it, review `git diff -- '*PublicAPI*.txt'`, commit. The build then passes RS0016/RS0017 again.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=()
if [ "$#" -gt 0 ]; then
  for name in "$@"; do projects+=("src/$name/$name.csproj"); done
else
  for file in src/*/PublicAPI.Shipped.txt; do
    dir=$(dirname "$file")
    projects+=("$dir/$(basename "$dir").csproj")
  done
fi

for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  for kind in Shipped Unshipped; do
    [ -f "$dir/PublicAPI.$kind.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.$kind.txt"
  done
  echo "update-public-api: $project" >&2
  dotnet restore "$project" --nologo -v quiet >/dev/null
  # RS0016 = "symbol is not part of the declared public API"; its fix adds the symbol to PublicAPI.Unshipped.txt.
  # RS0037 = "enable nullability tracking" is handled by the '#nullable enable' header above.
  dotnet format analyzers "$project" --no-restore --diagnostics RS0016 --severity warn
  # Keep the file sorted (header first) so merges of parallel additions stay line-wise clean.
  file="$dir/PublicAPI.Unshipped.txt"
  { grep -x '#nullable enable' "$file" || true; grep -vx '#nullable enable' "$file" | grep -v '^$' | LC_ALL=C sort -u; } > "$file.tmp" || true
  mv "$file.tmp" "$file"
done
