// plotly.js for the dashboard's charts, started at page load instead of at the first chart's render (loaded by
// plotly-loader.js: the dashboard's small bundle when the build made it, else Plotly.Blazor's full one).
//
// Why: Plotly.Blazor (7.2.0) imports its interop module and appends plotly.js (4.7 MB) only when the first PlotlyChart
// has rendered, i.e. after the circuit has started and the page's data has been read; every chart then waits for that
// download and parse. On a page with charts this script starts it right away, through the library's own loader (so
// the library finds the script already there and draws as soon as it has run).
//
// It also guards every Plotly call that names its chart by element id (newPlot, react, purge, relayout, ...): the
// library queues each call until plotly.js has run and then makes it without checking that the chart is still on the
// page, so leaving a chart page early threw "No DOM element with id ..." from its script onload (a chart disposed
// while plotly.js loads queues a purge, for instance). A call for an element id that is gone is skipped here.

import { loadPlotly } from './plotly-loader.js';

// The pages that draw charts: a study (and its runs), compare, a campaign.
const chartPages = /^\/(studies\/[0-9a-f-]{36}(\/runs\/\d+)?|compare|campaigns\/[^/]+)\/?$/i;

function guard(plotly) {
    const byElementId = ['newPlot', 'react', 'update', 'restyle', 'relayout', 'purge', 'addTraces', 'deleteTraces',
        'moveTraces', 'extendTraces', 'prependTraces', 'toImage', 'downloadImage'];
    for (const name of byElementId) {
        const draw = plotly[name];
        if (typeof draw !== 'function') continue;
        plotly[name] = function (target, ...rest) {
            if (typeof target === 'string' && document.getElementById(target) === null) return Promise.resolve();
            return draw.call(this, target, ...rest);
        };
    }
    return plotly;
}

// plotly.js ends with `window.Plotly = Plotly`: guard it as it arrives, whoever loads it.
let plotly = window.Plotly === undefined ? undefined : guard(window.Plotly);
Object.defineProperty(window, 'Plotly', {
    configurable: true,
    get: () => plotly,
    set: value => { plotly = value && typeof value === 'object' ? guard(value) : value; },
});

if (chartPages.test(location.pathname)) {
    loadPlotly().catch(error => console.warn('plotly.js early load skipped:', error)); // the library loads it itself then
}
