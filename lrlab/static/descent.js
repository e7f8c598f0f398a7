// lrlab.descend's arithmetic in the browser: gradient descent on the loss a·(w − c)² (curvature f″ = 2a) with
// the course's exponential decay of the rate and, if asked, gradient noise, in float32, bit for bit with
//
//   lrlab.descend(lrlab.exponential_decay(learningRate, decaySteps, decayRate, staircase),
//                 w0=w0, steps=steps, loss=lrlab.Quadratic(curvature=curvature, centre=centre), noise=noise)
//
// given the same standard-normal draws (lrlab draws them with numpy in float32; here the caller passes them).
// Arithmetic only: no DOM, no imports.
//
// Why it is exact. JavaScript computes in float64. The sum, difference, product or quotient of two float32
// numbers worked out in float64 and rounded once to float32 (Math.fround) is the correctly rounded float32
// result, the very number numpy's float32 operation gives: float64 carries more than 2·24 + 2 bits, so the
// double rounding never shows. Each line below is therefore one numpy float32 operation, in lrlab's order:
//
//   rate     p = float32(k) / float32(decaySteps); p = floor(p) if staircase;
//            η_k = float32(learningRate) · float32(float32(decayRate) ** p)     (ExponentialDecay._rate)
//   gradient g = float32(2a) · (w − float32(centre))                            (Quadratic.grad)
//   noise    g = g + float32(noise) · draw_k     (only when noise > 0)          (descend)
//   update   w = w − η_k · g                                                    (descend)
//
// The power: lrlab works it out in float64 and rounds it once to float32; here Math.pow, then Math.fround.
// Math.pow and numpy's float64 power are different routines: measured with V8 (node 20) over 2,000,000 powers
// the explorers ask for (decay rates in (0, 1], exponents k/s and ⌊k/s⌋ for k < 500 and s in [1, 100]), they
// differ by at most 1 float64 ulp (in about 1 power in 10), and after rounding to float32 not at all. Rounding
// hides a 1-ulp difference unless the float64 power lies within an ulp of the middle between two float32
// numbers: a chance of about 2^-29 for each power where the routines differ. tests/test_descent_js.py checks
// this bound over 400,000 powers, and that every run it tries is lrlab's to the last bit, runs that overflow
// included (inf where lrlab has inf, NaN where it has NaN).

// The course's run: the loss (w + 1)² (curvature f″ = 2, centre −1), w from 5, 40 updates at the rate 0.2, no
// decay (decayRate 1), no noise. learningRate is the course's; every other default is lrlab.descend's.
export const DEFAULTS = Object.freeze({
  learningRate: 0.2,
  decayRate: 1,
  decaySteps: 1,
  staircase: false,
  w0: 5,
  steps: 40,
  curvature: 2,
  centre: -1,
  noise: 0,
  draws: null,
});

// The largest finite float32, and the most updates lrlab.descend runs.
export const FLOAT32_MAX = 3.4028234663852886e38;
export const MAX_STEPS = 100000;

function show(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return value.length > 4 ? `array(length=${value.length})` : `[${value.map(show).join(", ")}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(length=${value.length})`;
  if (value !== null && typeof value === "object") return "object";
  return String(value);
}

function fail(name, requirement, value, Type = RangeError) {
  throw new Type(`\`${name}\` must be ${requirement}. Received: ${name}=${show(value)}`);
}

function real(name, value) {
  if (typeof value !== "number") fail(name, "a number", value, TypeError);
  if (!Number.isFinite(value)) fail(name, "finite", value);
  return value;
}

// A value lrlab computes with in float32 must not overflow it (lrlab refuses it, naming the argument).
function inFloat32(name, value) {
  if (!(Math.abs(value) <= FLOAT32_MAX)) fail(name, `within float32's range (|x| <= ${FLOAT32_MAX})`, value);
  return value;
}

// `options` with the defaults filled in, every value checked as lrlab.descend checks it: a bad value throws a
// RangeError (a TypeError for a wrong type) whose message names the option and the value, e.g.
// "`decaySteps` must be finite and > 0. Received: decaySteps=0". Draws are checked by descend only.
export function settings(options = {}) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    fail("options", "an object such as {learningRate: 0.2}", options, TypeError);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(DEFAULTS, key)) {
      throw new TypeError(`Unknown option \`${key}\` (the options are ${Object.keys(DEFAULTS).join(", ")}). ` +
        `Received: ${key}=${show(value)}`);
    }
  }
  const s = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) s[key] = value;
  if (!(real("learningRate", s.learningRate) >= 0)) fail("learningRate", "finite and >= 0", s.learningRate);
  inFloat32("learningRate", s.learningRate);
  const gamma = real("decayRate", s.decayRate);
  if (!(gamma > 0 && gamma <= 1)) fail("decayRate", "> 0 and <= 1", gamma);
  if (!(real("decaySteps", s.decaySteps) > 0)) fail("decaySteps", "finite and > 0", s.decaySteps);
  inFloat32("decaySteps", s.decaySteps);
  if (Math.fround(s.decaySteps) === 0) {
    fail("decaySteps", "large enough not to round to 0 in float32 (the rate divides by it)", s.decaySteps);
  }
  if (typeof s.staircase !== "boolean") fail("staircase", "true or false", s.staircase, TypeError);
  inFloat32("w0", real("w0", s.w0));
  if (!Number.isInteger(s.steps)) fail("steps", "an int", s.steps, TypeError);
  if (!(s.steps >= 0 && s.steps <= MAX_STEPS)) fail("steps", `an int between 0 and ${MAX_STEPS}`, s.steps);
  if (!(real("curvature", s.curvature) > 0)) fail("curvature", "finite and > 0", s.curvature);
  real("centre", s.centre);
  if (!(real("noise", s.noise) >= 0)) fail("noise", "finite and >= 0", s.noise);
  inFloat32("noise", s.noise);
  return s;
}

// The rate of update k (k = 0, 1, …) for checked settings: a float32 number.
function schedule(s) {
  const eta = Math.fround(s.learningRate);
  if (s.decayRate === 1) return () => eta; // 1 ** p is 1: lrlab's rate is float32(learningRate) too
  const gamma = Math.fround(s.decayRate), span = Math.fround(s.decaySteps), stairs = s.staircase;
  return (k) => {
    let p = Math.fround(Math.fround(k) / span);
    if (stairs) p = Math.floor(p);
    return Math.fround(eta * Math.fround(Math.pow(gamma, p)));
  };
}

// The rate update k uses, η_k = learningRate · decayRate^(k / decaySteps) (the exponent floored if staircase),
// in float32 as lrlab.exponential_decay(…)(k, dtype=np.float32) gives it. k: an int >= 0.
export function rate(k, options = {}) {
  if (!Number.isSafeInteger(k)) fail("k", "an int", k, TypeError);
  if (!(k >= 0)) fail("k", "an int >= 0", k);
  return schedule(settings(options))(k);
}

// The rates of updates 0 … steps − 1 (lrlab's Trajectory.lr): a Float32Array of `steps` values.
export function rates(options = {}) {
  const s = settings(options), at = schedule(s), out = new Float32Array(s.steps);
  for (let k = 0; k < s.steps; k++) out[k] = at(k);
  return out;
}

// Gradient descent w_{k+1} = w_k − η_k·(f′(w_k) + noise·draws[k]) on f(w) = a·(w − centre)², f″ = 2a = curvature,
// in float32, exactly as lrlab.descend. Returns a Float32Array of w_0 … w_steps (lrlab's Trajectory.w).
//
// options (each may be left out; see DEFAULTS):
//   learningRate  η_0 >= 0, the rate of update 0 (0.2);
//   decayRate     γ in (0, 1]: the rate is η_0·γ^(k/decaySteps) (1: a constant rate);
//   decaySteps    > 0, not necessarily whole (1);   staircase  floor the exponent k/decaySteps (false);
//   w0            where w starts (5);   steps  how many updates, 0 … 100000 (40);
//   curvature     f″ = 2a > 0 (2);   centre  c, where the minimum is (−1);
//   noise         σ >= 0, the standard deviation of the gradient noise (0: none);
//   draws         with noise > 0: at least `steps` standard-normal draws, one per update, in order (a
//                 Float32Array, or numbers that are rounded to float32 as lrlab's float32 draws are).
// A run that overflows is not an error: w turns to ±Infinity, then NaN, as in lrlab.
export function descend(options = {}) {
  const s = settings(options), at = schedule(s);
  const steps = s.steps, sigma = Math.fround(s.noise), noisy = s.noise > 0; // lrlab asks noise > 0, not σ32 > 0
  const twoA = Math.fround(2 * (s.curvature / 2)), c = Math.fround(s.centre);
  const draws = noisy ? checkedDraws(s.draws, steps) : null;
  const w = new Float32Array(steps + 1);
  let x = (w[0] = Math.fround(s.w0));
  for (let k = 0; k < steps; k++) {
    let g = Math.fround(twoA * Math.fround(x - c));
    if (noisy) g = Math.fround(g + Math.fround(sigma * Math.fround(draws[k])));
    x = w[k + 1] = Math.fround(x - Math.fround(at(k) * g));
  }
  return w;
}

function checkedDraws(draws, steps) {
  if (!(Array.isArray(draws) || (ArrayBuffer.isView(draws) && !(draws instanceof DataView)))) {
    fail("draws", "an array of standard-normal draws (one per update) when noise > 0", draws, TypeError);
  }
  if (draws.length < steps) fail("draws", `at least ${steps} draws (one per update)`, draws);
  for (let k = 0; k < steps; k++) {
    if (typeof draws[k] !== "number") fail("draws", `numbers (draws[${k}] is ${show(draws[k])})`, draws, TypeError);
    if (!Number.isFinite(draws[k])) fail("draws", `finite (draws[${k}] is ${show(draws[k])})`, draws);
  }
  return draws;
}
