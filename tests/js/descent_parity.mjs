// lrlab/static/descent.js on the requests of tests/test_descent_js.py, which runs `parity.answer(input)` in
// its node process (tests/js/serve.mjs) with this module imported as `parity`.
//
// A request is an object with any of these parts; the answer has the same parts, in the same order:
//   runs:     [options]        → [base64 of descend(options), float32 little-endian]
//   rates:    [options]        → [base64 of rates(options), float32 little-endian]
//   rate:     [[k, options]]   → [base64 of the one float32 rate(k, options)]
//   powers:   base64 of float64 pairs (γ, p) → base64 of Math.pow(γ, p) for each pair, float64
//   calls:    [[name, args]]   → [{value} or {error, message}] (name: descend, rate, rates, settings or optimizer)
//   defaults: anything         → DEFAULTS, FLOAT32_MAX and MAX_STEPS
//   optimizers: anything       → OPTIMIZERS (undefined defaults as null)
// JSON has no NaN, Infinity, typed arrays or undefined: {"number": "NaN"} is a number (serve.mjs reads it so),
// {"float32": base64} a Float32Array, {"float64": base64} a Float64Array and {"undefined": true} undefined.

import { DEFAULTS, FLOAT32_MAX, MAX_STEPS, OPTIMIZERS, descend, optimizer, rate, rates, settings } from "../../lrlab/static/descent.js";

function bytes(text) {
  const buf = Buffer.from(text, "base64");
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
}

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== "object") return value;
  if ("float32" in value) return new Float32Array(bytes(value.float32));
  if ("float64" in value) return new Float64Array(bytes(value.float64));
  if ("undefined" in value) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

const base64 = (typed) => Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString("base64");
const functions = { descend, rate, rates, settings, optimizer };

export function answer(job) {
  const out = {};
  if (job.runs) out.runs = job.runs.map((options) => base64(descend(decode(options))));
  if (job.rates) out.rates = job.rates.map((options) => base64(rates(decode(options))));
  if (job.rate) out.rate = job.rate.map(([k, options]) => base64(Float32Array.of(rate(k, decode(options)))));
  if (job.powers) {
    const pairs = new Float64Array(bytes(job.powers)), result = new Float64Array(pairs.length / 2);
    for (let i = 0; i < result.length; i++) result[i] = Math.pow(pairs[2 * i], pairs[2 * i + 1]);
    out.powers = base64(result);
  }
  if (job.calls) {
    out.calls = job.calls.map(([name, args]) => {
      try {
        const value = functions[name](...decode(args));
        return { value: ArrayBuffer.isView(value) ? Array.from(value) : value };
      } catch (error) {
        return { error: error.constructor.name, message: error.message };
      }
    });
  }
  if ("defaults" in job) out.defaults = { ...DEFAULTS, FLOAT32_MAX, MAX_STEPS };
  if ("optimizers" in job) out.optimizers = JSON.parse(JSON.stringify(OPTIMIZERS, (k, v) => (v === undefined ? null : v)));
  return out;
}
