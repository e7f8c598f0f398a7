// descent.js with no options runs the course's example: (w + 1)², w from 5, 40 updates at the rate 0.2.
// Runs in node alone (node tests/js/descent_defaults.mjs exits with an error if a check fails); the pytest
// file tests/test_descent_js.py runs it too.

import assert from "node:assert/strict";
import { DEFAULTS, descend, rate, rates } from "../../lrlab/static/descent.js";

const w = descend();
assert.ok(w instanceof Float32Array, "descend returns a Float32Array");
assert.equal(w.length, 41, "w_0 … w_40: 40 updates");
assert.equal(w[0], 5);
// the course's table: "After 0 steps,W is 2.600000": 5 − 0.2·2·(5 + 1) in float32
assert.equal(w[1], Math.fround(2.6));
assert.equal(w[1], Math.fround(Math.fround(5) - Math.fround(Math.fround(0.2) * Math.fround(2 * Math.fround(5 + 1)))));
// each update multiplies w + 1 by 1 − 0.2·2 = 0.6 (to float32 rounding): w_40 + 1 ≈ 6·0.6^40
assert.ok(Math.abs(w[40] + 1 - 6 * 0.6 ** 40) < 1e-6, `w_40 = ${w[40]} is near −1`);
assert.deepEqual(descend({}), w);
assert.deepEqual(descend(DEFAULTS), w);

// no decay by default: every rate is float32(0.2)
assert.deepEqual(rates(), new Float32Array(40).fill(0.2));
assert.equal(rate(0), Math.fround(0.2));
assert.equal(rate(39), Math.fround(0.2));

// the defaults are the documented ones, and cannot be changed by a caller
assert.deepEqual({ ...DEFAULTS }, {
  learningRate: 0.2, decayRate: 1, decaySteps: 1, staircase: false, w0: 5, steps: 40, curvature: 2, centre: -1,
  noise: 0, draws: null, optimizer: null,
});
assert.ok(Object.isFrozen(DEFAULTS));

process.stdout.write("descent.js defaults: the course's run\n");
