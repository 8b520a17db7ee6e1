// The explorer's scatter-plot matrix (LatentSplom): the points arrive as one Float32 little-endian byte array (count ×
// components, row-major) and one label byte per point, which Blazor hands over as Uint8Arrays without JSON; they
// become one WebGL splom trace per class of typed arrays here. The current point is the element's data-current
// attribute (space-separated coordinates, set by Blazor's render: no JS call per slider step), drawn as an X per panel in
// an SVG of our own laid over Plotly's, placed through the panels' axes: a step moves it without any Plotly call (a
// relayout of layout shapes took 6–10 ms of the page's main thread per step, and more to the next frame). It follows
// zoom, pan and resize once Plotly has applied them (plotly_relayout, plotly_afterplot), and every move of a pan drag
// (plotly_relayouting: the axes' scales are the drag's by then).

// plotly.js is loaded through Plotly.Blazor's interop module (which keeps a "ready" flag for its own charts), under the
// script id its charts use, so a page holds one copy at a time. The splom needs only plotly.js's gl2d partial bundle
// (lib/plotly-gl2d: splom and scattergl, 1.6 MB against the full bundle's 4.9 MB, half the time to run in a fresh page),
// of the same version as the bundles Plotly.Blazor ships: its charts (the density view's heatmaps) load the full bundle's
// address in its place, which the dashboard answers with the cartesian bundle (PlotlyBundles.cs), and the curves page's
// the basic one; neither draws a splom, so the splom loads the gl2d one in their place. Upgrading Plotly.Blazor changes
// these file names; the end-to-end tests then fail.
import { byClass, purgeChart, reportClick } from './class-points.js';
import { installPanRedraw } from './splom-pan.js';

const plotlyInterop = '../_content/Plotly.Blazor/plotly-interop-7.2.0.js';
const plotlyScriptId = 'plotly-import';
const plotlyScript = './lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js';
const fullScript = './_content/Plotly.Blazor/plotly-3.7.0.min.js';
const basicScript = './_content/Plotly.Blazor/plotly-basic-3.7.0.min.js';

const markerPath = 'M-7,-7L7,7M-7,7L7,-7';
const layoutBase = {
  height: 620,
  hovermode: 'closest',
  dragmode: 'zoom',
  margin: { l: 50, r: 20, t: 50, b: 40 },
};
// WebGL draws at the screen's own resolution: Plotly's default (2) is twice a standard screen's, four times the pixels
// to fill (in software, where a browser has no GPU, the draw of 10,000 points in a blank page took 0.56–0.74× the time).
const config = {
  responsive: true,
  displaylogo: false,
  plotGlPixelRatio: Math.min(4, Math.max(1, window.devicePixelRatio || 1)),
};

/** The WebGL charts' plotly.js config (the manifold's scatter's too). */
export { config as webglConfig };

let loading = null;

// Whether a plotly.js object draws a splom, by object. Plotly.validate can tell, but it builds the whole plot schema to
// answer (75–155 ms of the page's main thread in headless Chromium, and it was asked twice per open), so it is asked at
// most once per object; the bundle this module loads is known by its script element's source, noted when that script
// has run (a load event seen in the capture phase: load events do not bubble), and so are Plotly.Blazor's (the full
// bundle's address serves the cartesian one).
const splomSupport = new WeakMap();
document.addEventListener('load', event => {
  const script = event.target;
  if (script instanceof HTMLScriptElement && script.id === plotlyScriptId && window.Plotly) {
    const source = script.dataset.originalSrc;
    if (source === plotlyScript) {
      splomSupport.set(window.Plotly, true);
    } else if (source === fullScript || source === basicScript) {
      splomSupport.set(window.Plotly, false);
    }
  }
}, true);

/** Whether `plotly` draws a splom: the gl2d bundle does; the cartesian and basic ones of Plotly.Blazor's charts do not. */
function drawsSplom(plotly) {
  if (!plotly) {
    return false;
  }

  let draws = splomSupport.get(plotly);
  if (draws === undefined) {
    draws = !(plotly.validate([{ type: 'splom' }], {}) ?? []).some(problem => problem.astr === 'type');
    splomSupport.set(plotly, draws);
  }

  return draws;
}

/** plotly.js with splom and scattergl: the one on the page, or the gl2d bundle loaded (also the manifold's scatter's). */
export function ensurePlotly() {
  if (drawsSplom(window.Plotly)) {
    return Promise.resolve(window.Plotly);
  }

  // Cleared once settled, so that a later call sees a basic bundle that replaced this one (enhanced navigation keeps
  // the page) and loads the gl2d one again.
  loading ??= (async () => {
    const pending = document.getElementById(plotlyScriptId);
    if (pending && pending.dataset.originalSrc !== plotlyScript && !window.Plotly) {
      // A Plotly.Blazor chart of this page (the density view, left for the splom) is still loading its bundle: let it
      // run, so that it neither replaces the gl2d bundle afterwards nor leaves that chart's load unanswered, then put
      // the gl2d bundle in its place (a bound on the wait, should it have failed).
      await new Promise(resolve => {
        pending.addEventListener('load', resolve, { once: true });
        pending.addEventListener('error', resolve, { once: true });
        setTimeout(resolve, 30000);
      });
      if (drawsSplom(window.Plotly)) {
        return window.Plotly;
      }
    }

    const interop = await import(plotlyInterop);
    // Replaces a script element of another bundle, or returns at once when the element is this one's.
    await interop.importScript(plotlyScriptId, plotlyScript);
    if (!drawsSplom(window.Plotly)) {
      // Someone else added the script element first: its load is still under way.
      const script = document.getElementById(plotlyScriptId);
      await new Promise((resolve, reject) => {
        script.addEventListener('load', resolve, { once: true });
        script.addEventListener('error', () => reject(new Error(`could not load ${plotlyScript}`)), { once: true });
        if (drawsSplom(window.Plotly)) {
          resolve();
        }
      });
    }

    return window.Plotly;
  })().finally(() => { loading = null; });
  return loading;
}

/** Starts loading plotly.js, so that it is ready by the time the model is. */
export function preload() {
  ensurePlotly().catch(() => { });
}

// Panels Plotly draws: below the diagonal always, above it with two components, the diagonal itself with one
// (LatentSplom.razor.cs says why). Dimension d sits on axis x{d+1} and y{d+1} ('x' and 'y' for the first).
function panels(k) {
  const axis = d => (d === 0 ? '' : String(d + 1));
  const result = [];
  for (let col = 0; col < k; col++) {
    for (let row = 0; row < k; row++) {
      if (row > col || (k === 2 && row < col) || (k === 1 && row === col)) {
        result.push({ col, row, xref: 'x' + axis(col), yref: 'y' + axis(row) });
      }
    }
  }

  return result;
}

const svgNs = 'http://www.w3.org/2000/svg';

/** The layout key of an axis reference: 'x' → 'xaxis', 'y3' → 'yaxis3'. */
function axisKey(ref) {
  return ref[0] + 'axis' + ref.slice(1);
}

/** The current point the element carries (data-current), or null. */
function currentOf(gd) {
  const text = gd.getAttribute('data-current');
  return text ? text.split(' ').map(Number) : null;
}

/**
 * Draws the current point's marker (the element's data-current) on every panel of the splom: one path per panel in an SVG
 * laid over the plot, each carrying its panel's axes and the point's values (data-xref, data-yref, data-x, data-y),
 * hidden where the point lies outside the panel's ranges.
 */
function placeMarker(gd) {
  const state = gd.__latentSplom;
  const layout = gd._fullLayout;
  const container = gd.querySelector('.svg-container');
  if (!state || !layout || !container) {
    return;
  }

  let svg = gd.__latentSplomMarker;
  if (!svg) {
    svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('class', 'latent-splom-marker');
    svg.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden';
    gd.__latentSplomMarker = svg;
  }

  if (svg.parentNode !== container) {
    container.appendChild(svg);
  }

  const current = currentOf(gd);
  const shown = current && current.length === state.components ? state.panels : [];
  while (svg.childNodes.length > shown.length) {
    svg.lastChild.remove();
  }

  while (svg.childNodes.length < shown.length) {
    const path = document.createElementNS(svgNs, 'path');
    path.setAttribute('d', markerPath);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', '#000000');
    path.setAttribute('stroke-width', '2.5');
    svg.appendChild(path);
  }

  shown.forEach((panel, i) => {
    const path = svg.childNodes[i];
    const x = current[panel.col];
    const y = current[panel.row];
    path.dataset.xref = panel.xref;
    path.dataset.yref = panel.yref;
    path.dataset.x = String(x);
    path.dataset.y = String(y);
    const xa = layout[axisKey(panel.xref)];
    const ya = layout[axisKey(panel.yref)];
    if (!xa || !ya || typeof xa.l2p !== 'function' || typeof ya.l2p !== 'function') {
      path.setAttribute('visibility', 'hidden');
      return;
    }

    const px = xa._offset + xa.l2p(x);
    const py = ya._offset + ya.l2p(y);
    const inside = px >= xa._offset && px <= xa._offset + xa._length && py >= ya._offset && py <= ya._offset + ya._length;
    path.setAttribute('transform', `translate(${px.toFixed(2)},${py.toFixed(2)})`);
    path.setAttribute('visibility', inside ? 'visible' : 'hidden');
  });
}

/**
 * Draws the splom of `labels.length` points. `options`: components, classNames, colors, axisTitles, title.
 * Rejects (and the component shows why) when Plotly cannot draw it.
 */
export async function draw(gd, owner, coordinates, labels, options) {
  // Set again once these points are drawn and a click on them reaches the owner.
  gd.removeAttribute('data-clickable');
  const Plotly = await ensurePlotly();
  const k = options.components;
  const { members, columns } = byClass(coordinates, labels, options.classNames.length, k);
  const data = columns.map((column, c) => ({
    type: 'splom',
    name: options.classNames[c],
    dimensions: column.map((v, d) => ({ label: options.axisTitles[d], values: v })),
    marker: { size: 3, color: options.colors[c], opacity: 0.7 },
    diagonal: { visible: k === 1 },
    showupperhalf: k === 2,
  }));
  const state = { owner, members, components: k, panels: panels(k) };
  const layout = { ...layoutBase, title: { text: options.title } };
  await Plotly.react(gd, data, layout, config);
  // A drag then redraws only the panels it moves (splom-pan.js).
  installPanRedraw(gd);
  gd.__latentSplom = state;
  if (!gd.__latentSplomEvents) {
    gd.__latentSplomEvents = true;
    gd.on('plotly_click', event => reportClick(gd.__latentSplom, event));
    gd.on('plotly_relayouting', () => placeMarker(gd));
    gd.on('plotly_relayout', () => placeMarker(gd));
    gd.on('plotly_afterplot', () => placeMarker(gd));
    gd.__latentSplomObserver = new MutationObserver(() => placeMarker(gd));
    gd.__latentSplomObserver.observe(gd, { attributes: true, attributeFilter: ['data-current'] });
  }

  placeMarker(gd);
  gd.setAttribute('data-clickable', '');
}

/** Frees Plotly's listeners and WebGL contexts of a splom whose element leaves the page. */
export function dispose(gd) {
  gd?.__latentSplomMarker?.remove();
  gd?.__latentSplomObserver?.disconnect();
  purgeChart(gd, '__latentSplomObserver', '__latentSplom', '__latentSplomEvents', '__latentSplomMarker');
}
