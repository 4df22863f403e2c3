// Whether a study-page plot is on the screen, and a way to wait until it is (plot-queue.js, webgl-plots.js).
//
// Why: a plot below the fold costs the same main-thread time to draw as one the user sees (issue 18's profile: the
// ternary plot's 0.2 s came before the page answered a click), so a plot the page has not been scrolled to yet is
// drawn when it comes near the screen.

// How near the screen (px) a plot counts as in view: scrolling a little further does not show an empty plot.
const margin = 100;

/** Whether the element is on the screen or within the margin of it (a layout read; hidden elements count as in view). */
export function inView(element) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return true;
    return box.top < window.innerHeight + margin && box.bottom > -margin
        && box.left < window.innerWidth + margin && box.right > -margin;
}

/** Calls start once, when the element first comes within the margin of the screen. */
export function whenInView(element, start) {
    const observer = new IntersectionObserver(entries => {
        if (entries.some(entry => entry.isIntersecting)) { observer.disconnect(); start(); }
    }, { rootMargin: `${margin}px` });
    observer.observe(element);
}
