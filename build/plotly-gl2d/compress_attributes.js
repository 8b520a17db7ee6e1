// Strips attribute meta (description, requiredOpts, otherOpts, role, hrName) like plotly.js
// tasks/compress_attributes.js, with the joined-array regex extended to allow
// `.join(\n ' '\n)` as formatted in the 3.7.0 sources.
var through = require('through2');
var WS = '\\s*', OC = ',?';
function re(s) { return new RegExp(s, 'g'); }
function str(a) { return re(WS + a + ': \'.*\'' + OC); }
function joined(a) { return re(WS + a + ': \\[[\\s\\S]*?\\]' + '\\.join\\(\\s*[\'"][^\'"]*[\'"]\\s*\\)' + OC); }
function arr(a) { return re(WS + a + ': \\[[\\s\\S]*?\\]' + OC); }
var all = [joined('description'), str('description'), arr('requiredOpts'), arr('otherOpts'), str('role'), str('hrName')];
module.exports = function() {
    var chunks = [];
    return through(function(c, e, n) { chunks.push(c); n(); }, function(done) {
        var s = Buffer.concat(chunks).toString('utf-8');
        all.forEach(function(r) { s = s.replace(r, ''); });
        this.push(s);
        done();
    });
};
