// When the study page draws its WebGL plots (parallel coordinates): off the critical path.
//
// Why: plotly.js draws parcoords with WebGL only. With a GPU that takes tens of milliseconds; in a browser that renders
// WebGL in software (no GPU, or headless Chromium as in the tests: SwiftShader) one plot holds the main thread for
// about 3 s whatever its size (issue 18's profile: 3.4 s of one long task, during which the page answers no click).
// So a WebGL plot is drawn when it scrolls into view on a browser with hardware WebGL, and, on one without, only when
// the user asks (a button in the plot's place says why). Once drawn, a new figure (the live page) redraws it in place.

const webglTraces = new Set(['parcoords', 'scattergl', 'splom', 'heatmapgl', 'pointcloud']);

/** Whether a figure ({ data, layout, config }) has a trace that plotly.js draws with WebGL. */
export function isWebgl(figure) {
    return (figure.data || []).some(trace => webglTraces.has(trace.type));
}

// The latest draw for each element still waiting (in view or a click), so a newer figure replaces an older one.
const waiting = new Map();

/** Draws into element now if it was drawn before, else when wanted (in view with hardware WebGL, or on a click). */
export function drawWhenWanted(element, draw) {
    if (element._fullLayout) { draw(); return; }
    const known = waiting.has(element);
    waiting.set(element, draw);
    if (known) return;
    const start = () => {
        const latest = waiting.get(element);
        waiting.delete(element);
        element.querySelector(':scope > .webgl-deferred')?.remove();
        if (latest && element.isConnected) latest();
    };
    if (softwareWebgl()) offerButton(element, start);
    else whenInView(element, start);
}

function whenInView(element, start) {
    const observer = new IntersectionObserver(entries => {
        if (entries.some(entry => entry.isIntersecting)) { observer.disconnect(); start(); }
    }, { rootMargin: '200px' });
    observer.observe(element);
}

function offerButton(element, start) {
    const box = document.createElement('div');
    box.className = 'webgl-deferred';
    box.style.cssText = 'display:flex;flex-direction:column;align-items:center;justify-content:center;height:100%;gap:8px;text-align:center;font:14px Roboto,sans-serif';
    const text = document.createElement('div');
    text.textContent = `${element.dataset.webglTitle ?? 'This plot'} is drawn on request: this browser renders WebGL in software (no GPU), where drawing it holds the page for seconds.`;
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `show-${element.id}`;
    button.className = 'mud-button-root mud-button mud-button-outlined mud-button-outlined-primary mud-button-outlined-size-small';
    button.textContent = element.dataset.webglAction ?? 'Show plot';
    button.addEventListener('click', () => { button.disabled = true; text.textContent = 'Drawing…'; setTimeout(start, 0); });
    box.append(text, button);
    element.append(box);
}

let software;

// Software WebGL (or none): the renderer a WebGL context reports names a software rasterizer.
function softwareWebgl() {
    if (software !== undefined) return software;
    try {
        const gl = document.createElement('canvas').getContext('webgl');
        if (!gl) return (software = true);
        const info = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        gl.getExtension('WEBGL_lose_context')?.loseContext();
        software = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
    } catch {
        software = true;
    }
    return software;
}
