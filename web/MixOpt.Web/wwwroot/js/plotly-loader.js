// The one place that loads plotly.js for the dashboard (plotly-early.js at page load, plot-element.js for the study
// page's plots, and Plotly.Blazor's PlotlyChart elsewhere all end up here or find its script).
//
// Which plotly.js: the dashboard's own bundle (web/plotly-bundle: only the trace types the pages draw, ~1.2 MB instead
// of 4.7 MB) when the build made it, named by App.razor's <meta name="mixopt-plotly-bundle">; otherwise, or if that
// script fails to load, Plotly.Blazor's full bundle (the documented fallback, docs/DASHBOARD.md).
//
// How: through Plotly.Blazor's own loader (its interop module's importScript, same script id and URL string), so the
// library marks plotly.js ready and draws its queued charts when the script has run, and a PlotlyChart that asks for
// plotly.js later finds the script already there. For the small bundle only the element's src is swapped as the
// library appends it; its data-original-src stays the library's URL, which is what the library compares.

// Must match what Plotly.Blazor passes (see its PlotlyJsInterop; bump with the package in Directory.Packages.props).
export const interopModule = '_content/Plotly.Blazor/plotly-interop-7.2.0.js';
export const plotlyScript = './_content/Plotly.Blazor/plotly-3.7.0.min.js';
export const scriptId = 'plotly-import';

let loading;

/** Loads plotly.js once per page (the small bundle when there is one); resolves when window.Plotly can draw. */
export function loadPlotly() {
    loading ??= (async () => {
        if (window.Plotly === undefined && document.getElementById(scriptId) === null) {
            const library = await import(new URL(interopModule, document.baseURI).href);
            const small = document.querySelector('meta[name="mixopt-plotly-bundle"]')?.content;
            try {
                await (small ? importWithSource(library, small) : library.importScript(scriptId, plotlyScript));
            } catch (error) {
                if (!small) throw error;
                console.warn('the dashboard plotly.js bundle did not load; loading the full one:', error);
                document.getElementById(scriptId)?.remove();
                await library.importScript(scriptId, plotlyScript);
            }
        }
        // The script element may be there (appended by the library) while plotly.js is still being fetched or run.
        while (window.Plotly === undefined || typeof window.Plotly.react !== 'function') {
            await new Promise(resolve => setTimeout(resolve, 15));
        }
    })();
    return loading;
}

// The library appends its script element synchronously inside importScript: swap that element's src, then restore.
function importWithSource(library, source) {
    const head = document.head;
    const append = head.appendChild;
    head.appendChild = function (node) {
        if (node instanceof HTMLScriptElement && node.id === scriptId) node.src = new URL(source, document.baseURI).href;
        return append.call(this, node);
    };
    try {
        return library.importScript(scriptId, plotlyScript);
    } finally {
        head.appendChild = append;
    }
}
