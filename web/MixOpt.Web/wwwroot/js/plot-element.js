// <mixopt-plot figure="{ data, layout, config }">: a plotly.js plot whose figure arrives in the page's render batch.
//
// Why: the study page used to render an empty element and then, once the browser had applied that render batch and
// acknowledged it, send each plot's figure in its own interop call; on a busy main thread (plotly.js drawing the first
// plots) those acknowledgements and calls waited, so the figures left the server 0.4-1.6 s after their elements were
// on the page (issue 18's profiles). As an attribute, the figure is on the page with its element, and the element
// draws it as soon as it is connected: no round trip between "element rendered" and "plot drawn". A changed attribute
// (a live page after a run finished) redraws in place with Plotly.react.
//
// Draws go through one queue in page order with a setTimeout(0) between two plots, so the circuit's messages and the
// user's clicks are answered between draws, and a plot is drawn once even when its figure changes while it waits.
// Plots with WebGL traces (parallel coordinates) are not drawn with the others (webgl-plots.js): on a browser without a
// GPU (software WebGL, as in the tests' headless Chromium) one costs about 3 s of main thread whatever its size.

import { loadPlotly } from './plotly-loader.js';
import { drawWhenWanted, isWebgl } from './webgl-plots.js';

const queue = [];
let pumping = false;

function enqueue(element) {
    if (!queue.includes(element)) queue.push(element);
    if (!pumping) pump();
}

async function pump() {
    pumping = true;
    try {
        await loadPlotly();
        while (queue.length > 0) {
            const element = queue.shift();
            const json = element.getAttribute('figure');
            if (!element.isConnected || !json) continue; // gone when the user left the page first
            let figure;
            try {
                figure = JSON.parse(json);
            } catch (error) {
                report(error);
                continue;
            }
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
        report(error);
    }
}

// A page error, as a failed draw in Plotly.Blazor's PlotlyChart would be, without stopping the queue.
function report(error) {
    setTimeout(() => { throw error; });
}

class PlotElement extends HTMLElement {
    static observedAttributes = ['figure'];

    connectedCallback() {
        if (this.hasAttribute('figure')) enqueue(this);
    }

    attributeChangedCallback() {
        if (this.isConnected) enqueue(this);
    }

    disconnectedCallback() {
        // Frees plotly's listeners (a responsive plot listens to window resizes); a re-connected element draws again.
        if (this._fullLayout && window.Plotly) window.Plotly.purge(this);
    }
}

if (!customElements.get('mixopt-plot')) {
    // A custom element is inline by default; plotly.js sizes the plot from its box.
    const style = document.createElement('style');
    style.textContent = 'mixopt-plot { display: block; }';
    document.head.append(style);
    customElements.define('mixopt-plot', PlotElement);
}
