// The points of the explorer's splom and of the manifold's scatter as one WebGL trace per class: the coordinates arrive
// as one Float32 little-endian byte array (count × k, row-major) and one label byte per point, which Blazor hands over
// as Uint8Arrays without JSON; a click on a point reports its validation index to the component that drew it.

/**
 * The points split by class: per class, the validation index of each of its points (a click's pointNumber indexes this)
 * and one Float32Array per coordinate. Labels beyond the classes are left out. Throws when the bytes are not
 * `labels.length` points of `k` float32 coordinates.
 */
export function byClass(coordinates, labels, classes, k) {
  const count = labels.length;
  if (coordinates.byteLength !== count * k * 4) {
    throw new Error(`${coordinates.byteLength} bytes are not ${count} points of ${k} float32 coordinates`);
  }

  // A Float32Array view needs a 4-byte aligned offset; Blazor's arrays usually start at 0, else copy.
  const values = coordinates.byteOffset % 4 === 0
    ? new Float32Array(coordinates.buffer, coordinates.byteOffset, count * k)
    : new Float32Array(coordinates.slice().buffer);
  const sizes = new Int32Array(classes);
  for (let i = 0; i < count; i++) {
    if (labels[i] < classes) {
      sizes[labels[i]]++;
    }
  }

  const members = Array.from(sizes, n => new Int32Array(n));
  const columns = Array.from(sizes, n => Array.from({ length: k }, () => new Float32Array(n)));
  const filled = new Int32Array(classes);
  for (let i = 0; i < count; i++) {
    const c = labels[i];
    if (c >= classes) {
      continue;
    }

    const at = filled[c]++;
    members[c][at] = i;
    const row = i * k;
    const column = columns[c];
    for (let d = 0; d < k; d++) {
      column[d][at] = values[row + d];
    }
  }

  return { members, columns };
}

/**
 * Tells `state.owner` (a DotNetObjectReference) which validation image a plotly_click `event` hit: `OnPointClicked`
 * with the index, from `state.members` (per class trace). A click on a trace after the classes' tells nothing.
 */
export function reportClick(state, event) {
  const point = event && event.points && event.points[0];
  if (!state || !point) {
    return;
  }

  let index = point.pointNumber ?? point.pointIndex;
  if (Array.isArray(index)) {
    index = index[0];
  }

  const members = state.members[point.curveNumber];
  if (members && Number.isInteger(index) && index >= 0 && index < members.length) {
    // The circuit may be gone (page left, server restarted): nothing to tell then.
    state.owner.invokeMethodAsync('OnPointClicked', members[index]).catch(() => { });
  }
}

/**
 * Frees Plotly's listeners and WebGL contexts of a chart whose element `gd` leaves the page, and forgets what the module
 * that drew it kept on it: the click marker attribute and the named `properties`.
 */
export function purgeChart(gd, ...properties) {
  if (!gd) {
    return;
  }

  if (window.Plotly) {
    window.Plotly.purge(gd);
  }

  gd.removeAttribute('data-clickable');
  for (const property of properties) {
    delete gd[property];
  }
}
