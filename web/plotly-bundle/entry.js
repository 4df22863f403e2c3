// The trace types the dashboard draws (grep web/MixOpt.Web for `new Scatter`, `new Bar`, `new ScatterTernary`,
// `new ParCoords`); plotly.js's core carries scatter. Add a trace type here before a page uses it: a type that is not
// registered draws nothing. plotly.js's version must stay Plotly.Blazor's (DashboardChartTransportTests checks).
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scatterternary'),
    require('plotly.js/lib/parcoords'),
]);

module.exports = Plotly;
