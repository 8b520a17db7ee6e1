#!/usr/bin/env bash
# Rebuilds the dashboard's two plotly.js bundles from the npm package plotly.js 3.7.0, built as plotly.js's own release
# builds its partial bundles (esbuild, minified; build.mjs and compress_attributes.js re-create its build config and
# wrapper, which the npm package does not ship), with the dependency versions of package-lock.json:
# - src/LatentDash.Web/wwwroot/lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js: lib/index-gl2d.js (scatter, scattergl, splom,
#   parcoords), with the three changes its README names;
# - src/LatentDash.Web/wwwroot/lib/plotly-cartesian/plotly-cartesian-3.7.0.min.js: lib/index-cartesian.js, with the
#   compile hint.
# Why rebuilt rather than taken from plotly.js-gl2d-dist-min / -cartesian-dist-min: those files were built with
# svg-path-bounds 1.0.1, which pulls node's assert/util polyfills into the bundle; today's 1.0.2 does not, and the same
# traces run in half the time in a fresh page (lib/plotly-gl2d/README.md). Needs Node and npm (the npm registry only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../../src/LatentDash.Web/wwwroot/lib"
cd "$here"
npm ci --no-audit --no-fund >/dev/null
mkdir -p dist
node build.mjs node_modules/plotly.js/lib/index-gl2d.js dist/plotly-gl2d.min.js gl2d >/dev/null
node build.mjs node_modules/plotly.js/lib/index-cartesian.js dist/plotly-cartesian.min.js cartesian >/dev/null

# regl's code generator: no cache table, so no SHA-256 of every generated command (exactly one such function).
cache='function ([A-Za-z0-9_$]+)\(([A-Za-z_$]+)\)\{var ([A-Za-z_$]+)=[A-Za-z_$]+&&[A-Za-z_$]+\.cache,'
[ "$(grep -oE "$cache" dist/plotly-gl2d.min.js | wc -l)" = 1 ] || { echo "expected one regl cache lookup" >&2; exit 1; }
# plotly.js's drawing canvases: no multisampling (its picking canvas had none already).
aa='attributes:{antialias:!o.pick,preserveDrawingBuffer:!0}'
[ "$(grep -oF "$aa" dist/plotly-gl2d.min.js | wc -l)" = 1 ] || { echo "expected one antialias attribute" >&2; exit 1; }
# V8's compile hint as the first line of both.
{ echo '//# allFunctionsCalledOnLoad'
  sed -E -e "s/$cache/function \\1(\\2){var \\3=null,/" \
      -e "s/attributes:\\{antialias:!o\\.pick,preserveDrawingBuffer:!0\\}/attributes:{antialias:!1,preserveDrawingBuffer:!0}/" \
      dist/plotly-gl2d.min.js; } > "$lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js"
{ echo '//# allFunctionsCalledOnLoad'; cat dist/plotly-cartesian.min.js; } > "$lib/plotly-cartesian/plotly-cartesian-3.7.0.min.js"
for out in "$lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js" "$lib/plotly-cartesian/plotly-cartesian-3.7.0.min.js"; do
  echo "wrote $(realpath "$out") ($(stat -c %s "$out") bytes)"
done
