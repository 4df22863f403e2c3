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
// Plots with WebGL traces (parallel coordinates) are not drawn with the others (webgl-plots.js): on a browser without
// a GPU (software WebGL, as in the tests' headless Chromium) one costs about 3 s of main thread whatever its size, and
// the page would not answer a click meanwhile.

import { loadPlotly } from './plotly-loader.js';
import { drawWhenWanted, isWebgl } from './webgl-plots.js';

const queue = [];
let pumping = false;

/** Queues a plot's figure ({ data, layout, config }) for the element with this id; a pending one for it is replaced. */
export function draw(id, figure) {
    const pending = queue.find(entry => entry.id === id);
    if (pending) {
        pending.figure = figure;
    } else {
        queue.push({ id, figure });
    }
    if (!pumping) pump();
}

async function pump() {
    pumping = true;
    try {
        await loadPlotly();
        while (queue.length > 0) {
            const { id, figure } = queue.shift();
            const element = document.getElementById(id);
            if (element === null) continue; // gone when the user left the page first
            if (isWebgl(figure)) drawWhenWanted(element, () => react(element, figure));
            else await react(element, figure);
            await new Promise(resolve => setTimeout(resolve, 0));
        }
    } finally {
        pumping = false;
    }
}

async function react(element, figure) {
    try {
        await window.Plotly.react(element, figure.data, figure.layout, figure.config);
    } catch (error) {
        setTimeout(() => { throw error; }); // a page error, as a failed draw in PlotlyChart would be
    }
}
