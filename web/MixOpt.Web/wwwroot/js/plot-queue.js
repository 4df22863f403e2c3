// Draws the study page's plots one after another from a queue, each in its own browser task.
//
// Why: Plotly.Blazor's PlotlyChart makes three interop round trips per plot (import its module, check plotly.js,
// newPlot), and each reply waits for the browser's main thread; while plotly.js draws the first plots' SVG, the other
// plots' round trips wait, so their data left the server only after the first wave was drawn (issue 18's profile:
// four plots at 2.9 s, the last three at 5.8 s on a quiet machine). Here every plot's figure is handed over in one
// call that returns at once; the queue then draws them in page order with a setTimeout(0) between two plots, so the
// circuit's messages and the user's clicks are answered between draws, and a plot is drawn once (Plotly.react on an
// empty element draws it; on a drawn one it updates in place).
//
// Plots with WebGL traces (parallel coordinates) are drawn last: on a browser without a GPU (software WebGL, as in
// the tests' headless Chromium) one costs about 3 s of main thread whatever its size, and it should not hold back
// the SVG plots.

// Same loader as plotly-early.js (and Plotly.Blazor): used only when that script has not started plotly.js.
const interopModule = '_content/Plotly.Blazor/plotly-interop-7.2.0.js';
const plotlyScript = './_content/Plotly.Blazor/plotly-3.7.0.min.js';
const scriptId = 'plotly-import';

const webglTraces = new Set(['parcoords', 'scattergl', 'splom', 'heatmapgl', 'pointcloud']);

const queue = [];
let pumping = false;
let ready;

/** Queues a plot's figure ({ data, layout, config }) for the element with this id; a pending one for it is replaced. */
export function draw(id, figure) {
    const pending = queue.find(entry => entry.id === id);
    if (pending) {
        pending.figure = figure;
    } else {
        const entry = { id, figure, webgl: (figure.data || []).some(t => webglTraces.has(t.type)) };
        // SVG plots keep page order ahead of every WebGL plot.
        const firstWebgl = entry.webgl ? -1 : queue.findIndex(e => e.webgl);
        if (firstWebgl < 0) queue.push(entry); else queue.splice(firstWebgl, 0, entry);
    }
    if (!pumping) pump();
}

async function pump() {
    pumping = true;
    try {
        await plotlyReady();
        while (queue.length > 0) {
            const { id, figure } = queue.shift();
            const element = document.getElementById(id);
            if (element !== null) { // gone when the user left the page first
                try {
                    await window.Plotly.react(element, figure.data, figure.layout, figure.config);
                } catch (error) {
                    setTimeout(() => { throw error; }); // a page error, as a failed draw in PlotlyChart would be
                }
            }
            await new Promise(resolve => setTimeout(resolve, 0));
        }
    } finally {
        pumping = false;
    }
}

function plotlyReady() {
    ready ??= (async () => {
        if (document.getElementById(scriptId) === null && window.Plotly === undefined) {
            const module = await import(new URL(interopModule, document.baseURI).href);
            await module.importScript(scriptId, plotlyScript);
        }
        // The script element may be there while plotly.js is still being fetched or run.
        while (window.Plotly === undefined || typeof window.Plotly.react !== 'function') {
            await new Promise(resolve => setTimeout(resolve, 15));
        }
    })();
    return ready;
}
