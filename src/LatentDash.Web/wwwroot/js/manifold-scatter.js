// The manifold view's scatter (ManifoldScatter): the validation images' latent means on the grid's two dimensions, one
// WebGL trace per class, the grid's extent as a rectangle and the held sample as an X. Drawn with the splom's plotly.js
// (the gl2d bundle, which holds scattergl and layout shapes) rather than through Plotly.Blazor, whose charts load the
// full bundle: that one held the page's main thread about a second at every open, also from the browser's caches. The
// points arrive as one Float32 little-endian byte array (x, y per point) and one label byte per point.
import { ensurePlotly } from './splom.js';

const config = {
  responsive: true,
  displaylogo: false,
  plotGlPixelRatio: Math.min(4, Math.max(1, window.devicePixelRatio || 1)),
};

function onClick(gd, event) {
  const state = gd.__manifoldScatter;
  const point = event && event.points && event.points[0];
  if (!state || !point) {
    return;
  }

  let index = point.pointNumber ?? point.pointIndex;
  if (Array.isArray(index)) {
    index = index[0];
  }

  // The held sample's own trace comes after the classes': a click on it selects nothing.
  const members = state.members[point.curveNumber];
  if (members && Number.isInteger(index) && index >= 0 && index < members.length) {
    // The circuit may be gone (page left, server restarted): nothing to tell then.
    state.owner.invokeMethodAsync('OnPointClicked', members[index]).catch(() => { });
  }
}

/**
 * Draws the scatter of `labels.length` points. `options`: classNames, colors, xTitle, yTitle, title, extent
 * ([x0, x1, y0, y1]) and sample ({ index, x, y }, or null). Rejects (and the component shows why) when Plotly cannot
 * draw it.
 */
export async function draw(gd, owner, points, labels, options) {
  gd.removeAttribute('data-clickable');
  const Plotly = await ensurePlotly();
  const count = labels.length;
  if (points.byteLength !== count * 8) {
    throw new Error(`${points.byteLength} bytes are not ${count} points of two float32 coordinates`);
  }

  // A Float32Array view needs a 4-byte aligned offset; Blazor's arrays usually start at 0, else copy.
  const values = points.byteOffset % 4 === 0
    ? new Float32Array(points.buffer, points.byteOffset, count * 2)
    : new Float32Array(points.slice().buffer);
  const classes = options.classNames.length;
  const sizes = new Int32Array(classes);
  for (let i = 0; i < count; i++) {
    if (labels[i] < classes) {
      sizes[labels[i]]++;
    }
  }

  // Per class: the validation index of each of its points (a click's pointNumber indexes this), and its x and y.
  const members = Array.from(sizes, n => new Int32Array(n));
  const xs = Array.from(sizes, n => new Float32Array(n));
  const ys = Array.from(sizes, n => new Float32Array(n));
  const filled = new Int32Array(classes);
  for (let i = 0; i < count; i++) {
    const c = labels[i];
    if (c >= classes) {
      continue;
    }

    const at = filled[c]++;
    members[c][at] = i;
    xs[c][at] = values[2 * i];
    ys[c][at] = values[(2 * i) + 1];
  }

  const data = members.map((_, c) => ({
    type: 'scattergl',
    mode: 'markers',
    name: options.classNames[c],
    x: xs[c],
    y: ys[c],
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
  await Plotly.react(gd, data, layout, config);
  gd.__manifoldScatter = { owner, members };
  if (!gd.__manifoldScatterEvents) {
    gd.__manifoldScatterEvents = true;
    gd.on('plotly_click', event => onClick(gd, event));
  }

  gd.setAttribute('data-clickable', '');
}

/** Frees Plotly's listeners and WebGL contexts of a scatter whose element leaves the page. */
export function dispose(gd) {
  if (window.Plotly && gd) {
    window.Plotly.purge(gd);
  }

  if (gd) {
    gd.removeAttribute('data-clickable');
    delete gd.__manifoldScatter;
    delete gd.__manifoldScatterEvents;
  }
}
