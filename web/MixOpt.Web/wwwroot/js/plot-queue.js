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
// A plot that is off the screen when its turn comes (below the fold: the ternary and transfer plots of a study page
// on a 1200 px high window) is drawn when it is scrolled to (in-view.js), with the latest figure it was given: its
// 0.1-0.2 s of drawing no longer comes before the page answers the first click. Once drawn, a plot is updated in
// place wherever it is (the live page).
//
// Plots with WebGL traces (parallel coordinates) are not drawn with the others (webgl-plots.js): on a browser without
// a GPU (software WebGL, as in the tests' headless Chromium) one costs about 3 s of main thread whatever its size, and
// the page would not answer a click meanwhile.

import { loadPlotly } from './plotly-loader.js';
import { inView, whenInView } from './in-view.js';
import { drawWhenWanted, isWebgl } from './webgl-plots.js';

const queue = [];
let pumping = false;

/** Queues a plot's figure ({ data, layout, config }) for the element with this id; a pending one for it is replaced. */
export function draw(id, figure) {
    enqueue(id, figure, false);
}

// scrolledTo: the plot came into view while waiting off the screen, so it is drawn even if scrolled away again since.
function enqueue(id, figure, scrolledTo) {
    const pending = queue.find(entry => entry.id === id);
    if (pending) {
        pending.figure = figure;
        pending.scrolledTo ||= scrolledTo;
    } else {
        queue.push({ id, figure, scrolledTo });
    }
    if (!pumping) pump();
}

async function pump() {
    pumping = true;
    try {
        await loadPlotly();
        while (queue.length > 0) {
            const { id, figure, scrolledTo } = queue.shift();
            const element = document.getElementById(id);
            if (element === null) continue; // gone when the user left the page first
            if (isWebgl(figure)) drawWhenWanted(element, () => react(element, figure));
            else if (!element._fullLayout && !scrolledTo && !inView(element)) { drawWhenScrolledTo(id, element, figure); continue; }
            else await react(element, figure);
            await new Promise(resolve => setTimeout(resolve, 0));
        }
    } finally {
        pumping = false;
    }
}

// The latest figure of each plot waiting off the screen (a newer one replaces it while it waits).
const offScreen = new Map();

function drawWhenScrolledTo(id, element, figure) {
    const known = offScreen.has(element);
    offScreen.set(element, figure);
    if (known) return;
    whenInView(element, () => {
        const latest = offScreen.get(element);
        offScreen.delete(element);
        if (latest && element.isConnected) enqueue(id, latest, true);
    });
}

async function react(element, figure) {
    try {
        await window.Plotly.react(element, figure.data, figure.layout, figure.config);
    } catch (error) {
        setTimeout(() => { throw error; }); // a page error, as a failed draw in PlotlyChart would be
    }
}
