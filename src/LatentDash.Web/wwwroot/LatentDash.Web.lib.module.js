// Blazor's JavaScript initializer for this app (blazor.web.js loads it by its name and calls these hooks).
//
// A prerendered explorer page that will show a splom (data-splom-preload) starts loading plotly.js as soon as its circuit
// is up: without a round trip to the server, while the server renders the page and loads the model. Started any sooner,
// the evaluation of plotly.js would hold the main thread while the circuit starts.
export function afterServerStarted() {
  if (document.querySelector('[data-splom-preload]')) {
    import('./js/splom.js').then(splom => splom.preload()).catch(() => { });
  }
}
