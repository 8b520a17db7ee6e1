// While a person drags the splom (pan, or a scroll zoom), plotly.js moves the dragged panel's axes and redraws the
// whole WebGL canvas at every mouse move: it clears it and draws every panel of every class again. Only the panels
// whose x or y axis moved change (three of the six of four components when the PC1 × PC2 panel is dragged), and where
// WebGL runs in software each redrawn point costs the same whatever its panel. This module makes such a redraw clear and
// draw only the panels that moved: the same pixels, since every panel is drawn clipped to its own rectangle and the
// canvas keeps what it drew (preserveDrawingBuffer), and the moved panels get every class again in the same order.
//
// It works on plotly.js's internals, checked at each drag: the splom base plot module's `drag` (looked up by plotly's
// drag handler at each call), the regl instance of the context canvas (whose `clear` plotly calls to clear it) and each
// splom trace's scene (whose `draw` plotly calls to redraw it). Anything else on that canvas (a scattergl trace, the
// WebGL grid of large sploms, a selection) or any internal not where expected, and the redraw is plotly's own. Every
// other redraw (a relayout, react, the relayout that ends a drag) is plotly's own too: the plan only lives until the
// drag's synchronous redraw is over.

const patchedModules = new WeakSet();

// The redraw planned by the drag under way: { regl, boxes, scenes: Map(scene → moved group indices) }, or null. One
// drag redraws at a time (synchronously, within one mouse move), so one plan for the page.
let planned = null;

/** Lets drags of `gd`'s splom redraw only the panels they move (once per plotly.js splom module). */
export function installPanRedraw(gd) {
  const module = gd?._fullLayout?._basePlotModules?.find(m => m && m.name === 'splom');
  if (!module || typeof module.drag !== 'function' || patchedModules.has(module)) {
    return;
  }

  patchedModules.add(module);
  const drag = module.drag;
  module.drag = function (graph) {
    planned = null;
    const before = rangesOf(graph);
    const result = drag.apply(this, arguments);
    if (before) {
      try {
        plan(graph, before);
      } catch {
        planned = null;
      }
    }

    return result;
  };
}

/** Each splom scene with its drawn groups' (panels') ranges, or null when the drag's redraw must be plotly's own. */
function rangesOf(gd) {
  const layout = gd?._fullLayout;
  if (!layout || layout._hasOnlyLargeSploms || !layout._splomScenes || !Array.isArray(gd._fullData)) {
    return null;
  }

  if (gd._fullData.some(trace => trace.visible === true && trace.type !== 'splom')) {
    return null;
  }

  const scenes = [];
  for (const scene of Object.values(layout._splomScenes)) {
    const groups = scene?.matrix?.scatter?.groups;
    if (!groups) {
      continue; // a hidden trace's scene: neither plotly nor this draws it
    }

    if (typeof scene.draw !== 'function' || scene.selectBatch?.length || scene.unselectBatch?.length) {
      return null;
    }

    scenes.push({ scene, ranges: groups.map(group => (group && group.range ? Array.from(group.range) : null)) });
  }

  return scenes.length ? scenes : null;
}

function sameRange(a, b) {
  if (!a || !b || a.length !== b.length) {
    return false;
  }

  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }

  return true;
}

/** After plotly's drag moved the axes: which groups of which scene moved, and the rectangles to clear. */
function plan(gd, before) {
  const regl = gd._fullLayout._glcanvas?.data?.()?.[0]?.regl;
  if (typeof regl !== 'function' || typeof regl.clear !== 'function') {
    return;
  }

  const moved = new Map();
  const boxes = new Map();
  let total = 0;
  let changed = 0;
  for (const { scene, ranges } of before) {
    const groups = scene.matrix?.scatter?.groups;
    if (!groups || groups.length !== ranges.length) {
      return;
    }

    const indices = [];
    groups.forEach((group, index) => {
      if (!group) {
        return;
      }

      total++;
      if (sameRange(group.range, ranges[index])) {
        return;
      }

      const v = group.viewport;
      if (!v || ![v.x, v.y, v.width, v.height].every(Number.isFinite)) {
        throw new Error('a panel without a viewport');
      }

      changed++;
      indices.push(index);
      boxes.set(`${v.x},${v.y},${v.width},${v.height}`, { x: v.x, y: v.y, width: v.width, height: v.height });
    });
    moved.set(scene, indices);
  }

  if (changed === total) {
    return; // every panel moved: plotly's own redraw
  }

  wrapClear(regl);
  for (const scene of moved.keys()) {
    wrapDraw(scene);
  }

  const next = { regl, boxes: [...boxes.values()], scenes: moved };
  planned = next;
  // The drag handler clears and redraws synchronously after this returns; the plan is gone before anything else runs.
  queueMicrotask(() => {
    if (planned === next) {
      planned = null;
    }
  });
}

/** regl's clear, limited to the moved panels' rectangles while a drag's redraw is planned. */
function wrapClear(regl) {
  if (regl.__latentSplomClear) {
    return;
  }

  const clear = regl.clear;
  // A scope command: regl applies its scissor state to the clear called inside it.
  const scissored = regl({ scissor: { enable: true, box: regl.prop('box') } });
  regl.clear = function (options) {
    if (planned?.regl !== regl) {
      return clear.apply(this, arguments);
    }

    for (const box of planned.boxes) {
      scissored({ box }, () => clear.call(regl, options));
    }
  };
  regl.__latentSplomClear = true;
}

/** A scene's draw, limited to its moved groups while a drag's redraw is planned. */
function wrapDraw(scene) {
  if (scene.__latentSplomDraw) {
    return;
  }

  const draw = scene.draw;
  scene.draw = function () {
    const indices = planned?.scenes.get(scene);
    const scatter = scene.matrix?.scatter;
    if (!indices || !scatter) {
      return draw.apply(this, arguments);
    }

    if (indices.length) {
      scatter.draw(...indices);
    }

    scene.dirty = false;
  };
  scene.__latentSplomDraw = true;
}
