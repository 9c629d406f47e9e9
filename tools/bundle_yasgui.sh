#!/bin/sh
# Bundle YASGUI (npm @triply/yasgui, MIT) into the package for `collab-graph serve`'s query page.
# Run from the repository root; needs npm. The page loads these files from the server itself (no CDN).
set -eu
VERSION=4.2.28
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts "@triply/yasgui@$VERSION" >/dev/null)
src="$work/node_modules/@triply/yasgui"
cp "$src/build/yasgui.min.js" "$src/build/yasgui.min.css" src/collab_graph/sparql/ui/
{ cat "$src/LICENSE.txt"; echo; cat "$src/build/yasgui.min.js.LICENSE.txt"; } > src/collab_graph/sparql/ui/yasgui.LICENSE.txt
echo "bundled @triply/yasgui $VERSION into src/collab_graph/sparql/ui/"
