// Builds the dashboard's plotly.js bundle (entry.js: only the trace types it draws) into the web app's wwwroot, where
// App.razor finds it; without it the pages load Plotly.Blazor's full bundle (docs/DASHBOARD.md). Run by
// infra/local/plotly-bundle.sh (the build, deps.sh, run.sh and the Dockerfile call that). Same esbuild settings as
// plotly.js's own build (its esbuild-config.js), minified.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'plotly.js', 'package.json'), 'utf8')).version;
// The path is also in MixOpt.Web's PlotlyBundle.cs and MixOpt.Web.csproj.
const outfile = join(here, '..', 'MixOpt.Web', 'wwwroot', 'lib', 'plotly', 'plotly-mixopt.min.js');

await build({
    entryPoints: [join(here, 'entry.js')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false' },
    // Only the map trace (not registered) imports a stylesheet (maplibre's).
    loader: { '.css': 'empty' },
    banner: { js: `/* plotly.js ${version} (MIT), the dashboard's trace types only: web/plotly-bundle/entry.js */` },
    legalComments: 'none',
    logLevel: 'warning',
});
console.log(`plotly bundle: plotly.js ${version} -> ${outfile}`);
