// What each study-page plot costs plotly.js to draw in this browser, without the app: synthetic figures of the
// dashboard's shapes (issue 18) at the sizes before and after the 500-point samples, drawn one after another; prints
// the milliseconds of each Plotly.newPlot (until its promise resolved). Run by plotly-draw-costs.sh.
function seeded(seed) { let s = seed; return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648; }
const random = seeded(18);
const values = n => Array.from({ length: n }, () => random());

function figures(points, bars, lines) {
    const labels = Array.from({ length: bars }, (_, i) => '#' + i);
    const scatter = log => ({
        data: [0, 1].map(() => ({ type: 'scatter', mode: 'markers', x: values(points / 2), y: values(points / 2), text: values(points / 2).map(v => 'run #' + v), marker: { size: 6 } })),
        layout: { hovermode: 'closest', xaxis: { type: log ? 'log' : 'linear' } },
    });
    return {
        progress: { data: [{ type: 'scatter', mode: 'lines', x: values(35).sort(), y: values(35) }, { type: 'scatter', mode: 'markers', x: values(35), y: values(35) }], layout: { xaxis: { type: 'log' } } },
        mixtures: { data: [0, 1, 2].map(d => ({ type: 'bar', name: 'd' + d, x: labels, y: values(bars) })), layout: { barmode: 'stack', xaxis: { type: 'category' }, yaxis: { range: [0, 1] } } },
        objectiveOrder: scatter(false),
        objectiveCost: scatter(true),
        ternary: { data: [{ type: 'scatterternary', mode: 'markers', a: values(points), b: values(points), c: values(points), marker: { color: values(points), showscale: true, size: 8 } }], layout: { ternary: { sum: 1 } } },
        parcoords: { data: [{ type: 'parcoords', dimensions: [0, 1, 2, 3].map(d => ({ label: 'd' + d, values: values(lines) })), line: { color: values(lines), showscale: true } }], layout: {} },
    };
}

async function pass(label, points, bars, lines) {
    const out = [];
    for (const [name, f] of Object.entries(figures(points, bars, lines))) {
        const el = document.createElement('div');
        el.style.width = '780px'; el.style.height = '380px';
        document.body.appendChild(el);
        const start = performance.now();
        try { await Plotly.newPlot(el, f.data, f.layout, { responsive: true, displaylogo: false }); } catch (e) { out.push(`${name} error ${e}`); }
        out.push(`${name} ${Math.round(performance.now() - start)} ms`);
    }
    return `${label}: ${out.join(', ')}`;
}

(async () => {
    const result = document.createElement('pre');
    result.id = 'result';
    document.body.appendChild(result);
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
    result.textContent += `webgl: ${gl ? (info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'yes') : 'none'}\n`;
    result.textContent += await pass('warm-up (200 points, 50 bars, 100 lines)', 200, 50, 100) + '\n';
    result.textContent += await pass('before (2000 points, 200 bars, 1000 lines)', 2000, 200, 1000) + '\n';
    result.textContent += await pass('after (500 points, 150 bars, 1000 lines)', 500, 150, 1000) + '\n';
    result.textContent += await pass('after, 30 parallel-coordinate lines', 500, 150, 30) + '\n';
})();
