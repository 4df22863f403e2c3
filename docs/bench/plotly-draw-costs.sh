#!/usr/bin/env bash
# Issue 18: what each study-page plot costs plotly.js to draw in the tests' browser (Debian's Chromium, headless,
# --disable-gpu as in tests/MixOpt.IntegrationTests/Support/Browser.cs), without the app: synthetic figures of the
# dashboard's shapes, drawn one after another (docs/bench/plotly-draw-costs.js). Prints one line per pass with the
# milliseconds of each plot. Needs the Plotly.Blazor package restored (dotnet restore) for its plotly.js.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=7.2.0   # Plotly.Blazor, as in Directory.Packages.props
plotly="$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/plotly.blazor/$version/staticwebassets/plotly-[0-9]*.min.js | head -1)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp "$plotly" "$dir/plotly.min.js"
cp "$here/plotly-draw-costs.js" "$dir/"
printf '<html><body><script src="plotly.min.js"></script><script src="plotly-draw-costs.js"></script></body></html>\n' >"$dir/index.html"
# Virtual time lets the dump wait for the draws; performance.now() still reads the real clock.
timeout 300 chromium --headless --no-sandbox --disable-gpu --window-size=1600,1200 --virtual-time-budget=300000 \
  --dump-dom "file://$dir/index.html" 2>/dev/null |
  /usr/bin/python3 -c 'import sys, re; m = re.search(r"<pre id=\"result\">(.*?)</pre>", sys.stdin.read(), re.S); print(m.group(1).strip() if m else "no result")'
