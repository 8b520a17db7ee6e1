// Replicates plotly.js 3.7.0 esbuild-config.js + tasks/util/bundle_wrapper.mjs (minified partial bundle)
import fs from 'fs';
import { createRequire } from 'module';
import { build } from 'esbuild';
const require = createRequire(import.meta.url);
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const browserifyAdapter = require('esbuild-plugin-browserify-adapter');
const compressAttributes = require('./compress_attributes.js');

const [,, entry, outfile, name] = process.argv;
await build({
    entryPoints: [entry],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false }), browserifyAdapter(compressAttributes)],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
});
const css = outfile.replace(/\.js$/, '.css'); if (fs.existsSync(css)) fs.unlinkSync(css);
const header = `/**\n* plotly.js (${name} - minified) v3.7.0\n* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/\n`;
const pre = ['(', ' function(root, factory) {', '  if (typeof module === "object" && module.exports) {', '   module.exports = factory();', '  } else {', '   root.moduleName = factory();', '  }', '} (typeof self !== "undefined" ? self : this, () => {', ''].join('\n');
const post = ['', 'window.Plotly = Plotly;', 'return Plotly;', '}));'].join('\n');
fs.writeFileSync(outfile, header + pre + fs.readFileSync(outfile, 'utf8') + post);
console.log('wrote', outfile, fs.statSync(outfile).size);
