// The manifold view's scatter (ManifoldScatter): the validation images' latent means on the grid's two dimensions, one
// WebGL trace per class, the grid's extent as a rectangle and the held sample as an X. Drawn with the splom's plotly.js
// (the gl2d bundle, which holds scattergl and layout shapes) rather than through Plotly.Blazor, whose charts load the
// full bundle: that one held the page's main thread about a second at every open, also from the browser's caches. The
// points arrive as one Float32 little-endian byte array (x, y per point) and one label byte per point (class-points.js).
import { byClass, purgeChart, reportClick } from './class-points.js';
import { ensurePlotly, webglConfig } from './splom.js';

/**
 * Draws the scatter of `labels.length` points. `options`: classNames, colors, xTitle, yTitle, title, extent
 * ([x0, x1, y0, y1]) and sample ({ index, x, y }, or null). Rejects (and the component shows why) when Plotly cannot
 * draw it.
 */
export async function draw(gd, owner, points, labels, options) {
  gd.removeAttribute('data-clickable');
  const Plotly = await ensurePlotly();
  const { members, columns } = byClass(points, labels, options.classNames.length, 2);
  const data = members.map((_, c) => ({
    type: 'scattergl',
    mode: 'markers',
    name: options.classNames[c],
    x: columns[c][0],
    y: columns[c][1],
    marker: { size: 4, color: options.colors[c], opacity: 0.7 },
  }));
  if (options.sample) {
    data.push({
      type: 'scattergl',
      mode: 'markers',
      name: `sample ${options.sample.index}`,
      x: [options.sample.x],
      y: [options.sample.y],
      marker: { size: 14, color: '#000000', symbol: 'x' },
    });
  }

  const [x0, x1, y0, y1] = options.extent;
  const layout = {
    title: { text: options.title },
    height: 560,
    hovermode: 'closest',
    xaxis: { title: { text: options.xTitle } },
    yaxis: { title: { text: options.yTitle } },
    margin: { l: 50, r: 20, t: 50, b: 40 },
    shapes: [{ type: 'rect', x0, x1, y0, y1, line: { color: '#000000', width: 2 } }],
  };
  await Plotly.react(gd, data, layout, webglConfig);
  gd.__manifoldScatter = { owner, members };
  if (!gd.__manifoldScatterEvents) {
    gd.__manifoldScatterEvents = true;
    gd.on('plotly_click', event => reportClick(gd.__manifoldScatter, event));
  }

  gd.setAttribute('data-clickable', '');
}

/** Frees Plotly's listeners and WebGL contexts of a scatter whose element leaves the page. */
export function dispose(gd) {
  purgeChart(gd, '__manifoldScatter', '__manifoldScatterEvents');
}
