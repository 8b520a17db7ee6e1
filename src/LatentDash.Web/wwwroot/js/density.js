// The explorer's density view is drawn by Plotly.Blazor: one heatmap per panel, then one one-point scatter trace per
// panel for the current point. A slider step moves those marker traces alone with one restyle, instead of sending every
// bin of every panel again.

/**
 * Moves the current point's marker on the density chart `id`: traces `first` … `first + xs.length - 1` get x = [xs[i]],
 * y = [ys[i]] (null: no marker). False when the chart has not drawn those traces yet; its next draw places the marker.
 */
export async function moveMarker(id, first, xs, ys) {
  const gd = document.getElementById(id);
  if (!window.Plotly || !gd || !Array.isArray(gd.data) || gd.data.length < first + xs.length) {
    return false;
  }

  const indices = xs.map((_, i) => first + i);
  const one = v => (v === null || v === undefined ? [] : [v]);
  await window.Plotly.restyle(gd, { x: xs.map(one), y: ys.map(one) }, indices);
  return true;
}
