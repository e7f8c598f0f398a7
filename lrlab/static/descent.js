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
//
// Optimizers (the option `optimizer`, see OPTIMIZERS below) follow lrlab.optimizers the same way: each line of
// an update is one operation of its _update method, in the same order, with each constant rounded as there.

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
  optimizer: null,
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
  if (s.optimizer !== null) s.optimizer = optimizer(s.optimizer);
  return s;
}

// The rate of update k (k = 0, 1, …) for checked settings: a float32 number, or a float64 one for an optimizer
// that keeps the rate a Python float (PyTorch's): then the schedule is worked out in float64, as lrlab gives it to
// such an optimizer (p = k / decaySteps, floored if staircase; η_k = learningRate · decayRate ** p).
function schedule(s) {
  if (s.optimizer && s.optimizer.float64Rate) {
    const eta = s.learningRate, gamma = s.decayRate, span = s.decaySteps, stairs = s.staircase;
    if (gamma === 1) return () => eta;
    return (k) => {
      let p = k / span;
      if (stairs) p = Math.floor(p);
      return eta * Math.pow(gamma, p);
    };
  }
  return schedule32(s);
}

function schedule32(s) {
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
  return Math.fround(schedule(settings(options))(k));
}

// The rates of updates 0 … steps − 1 (lrlab's Trajectory.lr): a Float32Array of `steps` values (with a PyTorch
// optimizer, its float64 rates rounded to float32, as lrlab records them).
export function rates(options = {}) {
  const s = settings(options), at = schedule(s), out = new Float32Array(s.steps);
  for (let k = 0; k < s.steps; k++) out[k] = at(k); // a Float32Array rounds each value once
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
//                 Float32Array, or numbers that are rounded to float32 as lrlab's float32 draws are);
//   optimizer     null (plain gradient descent), or an optimizer of OPTIMIZERS with its parameters, e.g.
//                 {name: "keras.SGD", momentum: 0.9}: each update is then that optimizer's, fed the same rate
//                 and (noisy) gradient, exactly as lrlab.descend(…, optimizer=…).
// A run that overflows is not an error: w turns to ±Infinity, then NaN, as in lrlab.
export function descend(options = {}) {
  const s = settings(options), at = schedule(s);
  const steps = s.steps, sigma = Math.fround(s.noise), noisy = s.noise > 0; // lrlab asks noise > 0, not σ32 > 0
  const twoA = Math.fround(2 * (s.curvature / 2)), c = Math.fround(s.centre);
  const draws = noisy ? checkedDraws(s.draws, steps) : null;
  const w = new Float32Array(steps + 1);
  let x = (w[0] = Math.fround(s.w0));
  const opt = s.optimizer ? s.optimizer.start() : null;
  for (let k = 0; k < steps; k++) {
    let g = Math.fround(twoA * Math.fround(x - c));
    if (noisy) g = Math.fround(g + Math.fround(sigma * Math.fround(draws[k])));
    x = w[k + 1] = opt ? opt(k + 1, x, g, at(k)) : Math.fround(x - Math.fround(at(k) * g));
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

// ------------------------------------------------------------------ optimizers
//
// lrlab.descend(…, optimizer=lrlab.optimizers.<convention>.<Name>(…)) in the browser. The option `optimizer` is
// {name: "<convention>.<Name>", …parameters}, with the framework's own parameter names and defaults (those of
// lrlab.optimizers): {name: "keras.SGD", momentum: 0.9}, {name: "course.Adam"}, {name: "torch.Adam",
// betas: [0.9, 0.99]}. Every update below is lrlab/optimizers' _update, operation by operation, in float32:
//
//   const(x)      Math.fround(x), x worked out in float64 first (so 1 − β is rounded once, as lrlab's const);
//   fma(a, b, c)  a·b + c rounded once, as PyTorch's CPU kernels fuse add_(alpha=…), addcmul_ and lerp_, emulated
//                 exactly as lrlab/optimizers/base.py does (the product is exact in float64, the sum rounded to
//                 odd, then to float32);
//   PyTorch       keeps the rate a Python float: its rates reach the update in float64 (the schedule worked out
//                 in float64) and are rounded where PyTorch rounds them;
//   β^t           Keras's and the course's Adam: float32(pow(float32(β), t)); PyTorch's: float64 pow(β, t);
//                 TF 1's: float32 products β·β·… kept in the state.
//
// The one difference in arithmetic: lrlab takes β^t (and PyTorch's (1 − β₂^t)^0.5) from the C library's pow,
// descent.js from Math.pow. Measured with V8 (node 20) against CPython's pow over the powers these optimizers
// use (β in [0, 1), t up to 100,000), the two differ by at most 1 float64 ulp, and never after the rounding to
// float32 that follows (tests/test_descent_js.py checks 250,000 of them). PyTorch's float64 step size
// lr / (1 − β₁^t) keeps such a 1-ulp difference until it is rounded to float32, which hides it unless the value
// lies within an ulp of the middle between two float32 numbers (a chance of about 2^-29 per update). Every
// optimizer run tests/test_descent_js.py tries (over 10,000, with and without decay and noise) is lrlab's to
// the last bit.

const f32 = Math.fround;
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

// a·b + c rounded once to float32, for float32 a, b, c (lrlab.optimizers.base.fma): the product is exact in
// float64; the float64 sum s is made "round to odd" (TwoSum gives its exact error; an inexact sum whose last bit
// is even moves one float64 step towards the exact value), so that rounding it to float32 rounds the exact sum.
export function fma(a, b, c) {
  const p = a * b;
  let s = p + c;
  const z = s - p;
  const err = (p - (s - z)) + (c - z);
  if (Number.isFinite(err) && err !== 0) {
    F64[0] = s;
    if ((U64[0] & 1n) === 0n) {
      U64[0] = (s > 0) === (err > 0) ? U64[0] + 1n : U64[0] - 1n; // away from 0 or towards it
      s = F64[0];
    }
  }
  return f32(s);
}

// torch.lerp(start, end, weight) with weight = x (a Python float): start + w·(end − start) for |w| < 0.5, else
// end − (end − start)·(1 − w), each one fused multiply-add.
function lerp(start, end, x) {
  const wt = f32(x);
  if (Math.abs(wt) < 0.5) return fma(wt, f32(end - start), start);
  return fma(-f32(end - start), f32(1 - wt), end);
}

const pow32 = (base32, t) => f32(Math.pow(base32, t));
const sqrt32 = (x) => f32(Math.sqrt(x));

// The parameters' checks, with lrlab's requirements and messages.
function fraction(name, x) {
  if (!(real(name, x) >= 0 && x < 1)) fail(name, "in [0, 1)", x);
  return x;
}
function atMostOne(name, x) {
  if (!(real(name, x) >= 0 && x <= 1)) fail(name, "in [0, 1]", x);
  return x;
}
function nonnegative(name, x) {
  if (!(real(name, x) >= 0)) fail(name, "finite and >= 0", x);
  return x;
}
function positive(name, x) {
  if (!(real(name, x) > 0)) fail(name, "finite and > 0", x);
  return x;
}
function flag(name, x) {
  if (typeof x !== "boolean") fail(name, "true or false", x, TypeError);
  return x;
}
function pair(name, x) {
  const requirement = "a pair of numbers in [0, 1), e.g. [0.9, 0.999]";
  if (!Array.isArray(x) || x.length !== 2 || !x.every((b) => typeof b === "number")) fail(name, requirement, x, TypeError);
  if (!x.every((b) => b >= 0 && b < 1)) fail(name, requirement, x);
  return Object.freeze([...x]);
}
function required(name, x) {
  return fraction(name, x);
}

// The course's running average beta·old + (1 − beta)·x, each factor rounded to float32 (lrlab.optimizers.course).
function courseAverage(beta) {
  const b = f32(beta), rest = f32(1 - beta);
  return (old, x) => f32(f32(b * old) + f32(rest * x));
}

// The course's optimizers that keep one running average weighted by beta (SGDM of g, RMSProp of g²): of(g) is what
// is averaged, move(w, g, lr, average) the new w.
function averageWithBeta(of, move) {
  return {
    params: { beta: [0.9, fraction] },
    start(o) {
      const average = courseAverage(o.beta);
      let avg = 0;
      return (t, w, g, lr) => {
        avg = average(avg, of(g));
        return move(w, g, lr, avg);
      };
    },
  };
}

// Each optimizer: its parameters ([default, check]; a default of undefined means the parameter must be given, as
// TF 1's MomentumOptimizer asks for its momentum), whether its rate stays float64, and start(o): for checked
// parameters o, a new run's update (t, w, g, lr) → the new w, with t = 1, 2, … counting updates and the run's
// state kept inside.
const SPECS = {
  // ---- the course's hand-written TF2 updates (lrlab.optimizers.course)
  "course.SGDM": averageWithBeta((g) => g, (w, g, lr, m) => f32(w - f32(lr * m))),
  "course.Adagrad": {
    params: {},
    start() {
      let v = 0;
      return (t, w, g, lr) => {
        v = f32(v + f32(g * g));
        return f32(w - f32(f32(lr * g) / sqrt32(v)));
      };
    },
  },
  "course.RMSProp": averageWithBeta((g) => f32(g * g), (w, g, lr, v) => f32(w - f32(f32(lr * g) / sqrt32(v)))),
  "course.Adam": {
    params: { beta1: [0.9, fraction], beta2: [0.999, fraction] },
    start(o) {
      const b1 = f32(o.beta1), b2 = f32(o.beta2);
      const averageG = courseAverage(o.beta1), averageG2 = courseAverage(o.beta2);
      let m = 0, v = 0;
      return (t, w, g, lr) => {
        m = averageG(m, g);
        v = averageG2(v, f32(g * g));
        const mHat = f32(m / f32(1 - pow32(b1, t)));
        const vHat = f32(v / f32(1 - pow32(b2, t)));
        return f32(w - f32(f32(lr * mHat) / sqrt32(vHat)));
      };
    },
  },

  // ---- Keras 3 (lrlab.optimizers.keras)
  "keras.SGD": {
    params: { momentum: [0, fraction], nesterov: [false, flag] },
    start(o) {
      const mu = f32(o.momentum);
      if (o.momentum === 0) return (t, w, g, lr) => f32(w - f32(g * lr));
      let m = 0;
      return (t, w, g, lr) => {
        m = f32(f32(m * mu) - f32(g * lr));
        return o.nesterov ? f32(w + f32(f32(m * mu) - f32(g * lr))) : f32(w + m);
      };
    },
  },
  "keras.Adagrad": {
    params: { initial_accumulator_value: [0.1, nonnegative], epsilon: [1e-7, nonnegative] },
    start(o) {
      const eps = f32(o.epsilon);
      let a = f32(o.initial_accumulator_value);
      return (t, w, g, lr) => {
        a = f32(a + f32(g * g));
        return f32(w - f32(f32(lr * g) / sqrt32(f32(a + eps))));
      };
    },
  },
  "keras.RMSprop": {
    params: { rho: [0.9, fraction], momentum: [0, fraction], epsilon: [1e-7, nonnegative], centered: [false, flag] },
    start(o) {
      const rho = f32(o.rho), rest = f32(1 - o.rho), eps = f32(o.epsilon), mu = f32(o.momentum);
      let s = 0, meanG = 0, v = 0;
      return (t, w, g, lr) => {
        s = f32(f32(rho * s) + f32(rest * f32(g * g)));
        let denominator;
        if (o.centered) {
          meanG = f32(f32(rho * meanG) + f32(rest * g));
          denominator = f32(f32(s - f32(meanG * meanG)) + eps);
        } else {
          denominator = f32(s + eps);
        }
        const increment = f32(f32(lr * g) / sqrt32(denominator));
        if (o.momentum > 0) {
          v = f32(f32(mu * v) + increment);
          return f32(w - v);
        }
        return f32(w - increment);
      };
    },
  },
  "keras.Adam": {
    params: { beta_1: [0.9, fraction], beta_2: [0.999, fraction], epsilon: [1e-7, nonnegative], amsgrad: [false, flag] },
    start(o) {
      const b1 = f32(o.beta_1), b2 = f32(o.beta_2), r1 = f32(1 - o.beta_1), r2 = f32(1 - o.beta_2);
      const eps = f32(o.epsilon);
      let m = 0, v = 0, vMax = 0;
      return (t, w, g, lr) => {
        const p1 = pow32(b1, t), p2 = pow32(b2, t);
        const alpha = f32(f32(lr * sqrt32(f32(1 - p2))) / f32(1 - p1));
        m = f32(m + f32(f32(g - m) * r1));
        v = f32(v + f32(f32(f32(g * g) - v) * r2));
        if (o.amsgrad) vMax = Math.max(vMax, v);
        return f32(w - f32(f32(m * alpha) / f32(sqrt32(o.amsgrad ? vMax : v) + eps)));
      };
    },
  },

  // ---- TensorFlow 1's tf.train optimizers (lrlab.optimizers.tf1)
  "tf1.Momentum": {
    params: { momentum: [undefined, required], use_nesterov: [false, flag] },
    start(o) {
      const mu = f32(o.momentum);
      let a = 0;
      return (t, w, g, lr) => {
        a = f32(f32(a * mu) + g);
        if (o.use_nesterov) return f32(w - f32(f32(g * lr) + f32(f32(a * mu) * lr)));
        return f32(w - f32(a * lr));
      };
    },
  },
  "tf1.Adagrad": {
    params: { initial_accumulator_value: [0.1, positive] },
    start(o) {
      let a = f32(o.initial_accumulator_value);
      return (t, w, g, lr) => {
        a = f32(a + f32(g * g));
        return f32(w - f32(f32(g * lr) * f32(1 / sqrt32(a))));
      };
    },
  },
  "tf1.RMSProp": {
    params: { decay: [0.9, fraction], momentum: [0, fraction], epsilon: [1e-10, nonnegative], centered: [false, flag] },
    start(o) {
      const rest = f32(1 - f32(o.decay)), eps = f32(o.epsilon), mu = f32(o.momentum);
      let s = 1, meanG = 0, v = 0;
      return (t, w, g, lr) => {
        s = f32(s + f32(f32(f32(g * g) - s) * rest));
        let denominator;
        if (o.centered) {
          meanG = f32(meanG + f32(f32(g - meanG) * rest));
          denominator = f32(f32(s - f32(meanG * meanG)) + eps);
        } else {
          denominator = f32(s + eps);
        }
        v = f32(f32(v * mu) + f32(f32(g * lr) / sqrt32(denominator)));
        return f32(w - v);
      };
    },
  },
  "tf1.Adam": {
    params: { beta1: [0.9, fraction], beta2: [0.999, fraction], epsilon: [1e-8, nonnegative] },
    start(o) {
      const b1 = f32(o.beta1), b2 = f32(o.beta2), eps = f32(o.epsilon), r1 = f32(1 - b1), r2 = f32(1 - b2);
      let m = 0, v = 0, p1 = b1, p2 = b2;
      return (t, w, g, lr) => {
        const alpha = f32(f32(lr * sqrt32(f32(1 - p2))) / f32(1 - p1));
        m = f32(m + f32(f32(g - m) * r1));
        v = f32(v + f32(f32(f32(g * g) - v) * r2));
        p1 = f32(p1 * b1);
        p2 = f32(p2 * b2);
        return f32(w - f32(f32(m * alpha) / f32(sqrt32(v) + eps)));
      };
    },
  },

  // ---- PyTorch (lrlab.optimizers.torch): the rate lr arrives in float64
  "torch.SGD": {
    params: { momentum: [0, fraction], dampening: [0, atMostOne], nesterov: [false, flag] },
    float64Rate: true,
    check(o) {
      if (o.nesterov && !(o.momentum > 0 && o.dampening === 0)) {
        fail("nesterov", "false when momentum is 0 or dampening is not 0 (Nesterov momentum needs a momentum and no " +
          `dampening; here momentum=${o.momentum}, dampening=${o.dampening})`, o.nesterov);
      }
    },
    start(o) {
      const mu = f32(o.momentum), keep = f32(1 - o.dampening);
      if (o.momentum === 0) return (t, w, g, lr) => fma(g, f32(-lr), w);
      let buf = 0;
      return (t, w, g, lr) => {
        buf = t === 1 ? g : fma(g, keep, f32(buf * mu));
        return fma(o.nesterov ? fma(buf, mu, g) : buf, f32(-lr), w);
      };
    },
  },
  "torch.Adagrad": {
    params: { initial_accumulator_value: [0, nonnegative], eps: [1e-10, nonnegative] },
    float64Rate: true,
    start(o) {
      const eps = f32(o.eps);
      let a = f32(o.initial_accumulator_value);
      return (t, w, g, lr) => {
        a = fma(g, g, a);
        return f32(w + f32(f32(f32(-lr) * g) / f32(sqrt32(a) + eps)));
      };
    },
  },
  "torch.RMSprop": {
    params: { alpha: [0.99, fraction], eps: [1e-8, nonnegative], momentum: [0, fraction], centered: [false, flag] },
    float64Rate: true,
    start(o) {
      const alpha = f32(o.alpha), rest = f32(1 - o.alpha), eps = f32(o.eps), mu = f32(o.momentum);
      let s = 0, meanG = 0, buf = 0;
      return (t, w, g, lr) => {
        s = fma(f32(rest * g), g, f32(s * alpha));
        let d;
        if (o.centered) {
          meanG = lerp(meanG, g, 1 - o.alpha);
          d = sqrt32(fma(-meanG, meanG, s));
        } else {
          d = sqrt32(s);
        }
        d = f32(d + eps);
        if (o.momentum > 0) {
          buf = f32(f32(buf * mu) + f32(g / d));
          return fma(buf, f32(-lr), w);
        }
        return f32(w + f32(f32(f32(-lr) * g) / d));
      };
    },
  },
  "torch.Adam": {
    params: { betas: [[0.9, 0.999], pair], eps: [1e-8, nonnegative], amsgrad: [false, flag] },
    float64Rate: true,
    start(o) {
      return torchAdam(o, 0);
    },
  },
  "torch.AdamW": {
    params: { betas: [[0.9, 0.999], pair], eps: [1e-8, nonnegative], weight_decay: [0.01, nonnegative], amsgrad: [false, flag] },
    float64Rate: true,
    start(o) {
      return torchAdam(o, o.weight_decay);
    },
  },
};

function torchAdam(o, weightDecay) {
  const [beta1, beta2] = o.betas;
  const b2 = f32(beta2), r2 = f32(1 - beta2), eps = f32(o.eps);
  let m = 0, v = 0, vMax = 0;
  return (t, w, g, lr) => {
    if (weightDecay) w = f32(w * f32(1 - lr * weightDecay)); // AdamW: the factor worked out in float64
    m = lerp(m, g, 1 - beta1);
    v = fma(f32(r2 * g), g, f32(v * b2));
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const rootCorrection = f32(Math.pow(1 - Math.pow(beta2, t), 0.5));
    if (o.amsgrad) vMax = Math.max(vMax, v);
    const denominator = f32(f32(sqrt32(o.amsgrad ? vMax : v) / rootCorrection) + eps);
    return f32(w + f32(f32(f32(-stepSize) * m) / denominator));
  };
}

// Every optimizer descent.js runs, with its parameters' defaults (undefined: the parameter must be given), as
// lrlab.optimizers names them.
export const OPTIMIZERS = Object.freeze(Object.fromEntries(Object.entries(SPECS).map(([name, spec]) =>
  [name, Object.freeze(Object.fromEntries(Object.entries(spec.params).map(([p, [d]]) => [p, d])))])));

// An optimizer option checked as lrlab checks the optimizer's parameters (a bad one throws a RangeError or a
// TypeError naming it, e.g. "`momentum` must be in [0, 1). Received: momentum=1.5"), with its defaults filled
// in: a frozen object {name, …parameters, float64Rate, start}, where start() begins a run and returns its update.
export function optimizer(spec) {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    fail("optimizer", 'null or an object such as {name: "keras.SGD", momentum: 0.9}', spec, TypeError);
  }
  const { name, ...given } = spec;
  if (!Object.hasOwn(SPECS, name)) fail("optimizer.name", `one of ${Object.keys(SPECS).join(", ")}`, name);
  const s = SPECS[name], o = { name };
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(s.params, key)) {
      const known = Object.keys(s.params).join(", ") || "none";
      throw new TypeError(`Unknown parameter \`${key}\` of ${name} (its parameters are ${known}). ` +
        `Received: ${key}=${show(value)}`);
    }
  }
  for (const [key, [fallback, check]] of Object.entries(s.params)) {
    const value = given[key] === undefined ? fallback : given[key];
    if (value === undefined) fail(key, `given (${name} has no default for it)`, value);
    o[key] = check(key, value);
  }
  if (s.check) s.check(o);
  return Object.freeze({ ...o, float64Rate: !!s.float64Rate, start: () => s.start(o) });
}
