// Closed forms of the quadratic loss a·(w − c)², f″ = 2a, in the browser: its value in float32 (as
// lrlab.Quadratic.value computes it) and the exact expected loss of a constant rate with noisy gradients (as
// lrlab.view.expected_loss computes it, in float64). Arithmetic only, no DOM; the runs themselves come from
// descent.js.

// The loss at w, float32 operation by operation: d = w − c, d·d, times a unless a is 1.
export function lossValue(w, curvature, centre) {
  const a = curvature / 2;
  const d = Math.fround(w - Math.fround(centre));
  const square = Math.fround(d * d);
  return a === 1 ? square : Math.fround(Math.fround(a) * square);
}

// The distance |w − c| in float32.
export function distanceTo(w, centre) {
  return Math.abs(Math.fround(w - Math.fround(centre)));
}

// E[loss] after each update k = 0 … steps of a constant rate η with gradient noise σ (standard normal draws):
// with q = 1 − η f″ the second moment s_k = E[(w_k − c)²] follows s_{k+1} = q² s_k + η² σ², s_0 = (w0 − c)²,
// and E[loss_k] = a s_k. Float64, in the same order as lrlab.view.expected_loss.
export function expectedLoss({ learningRate, noise, w0, steps, curvature, centre }) {
  const q = 1 - learningRate * curvature;
  const push = learningRate * learningRate * (noise * noise);
  const a = curvature / 2;
  const out = new Float64Array(steps + 1);
  const d0 = w0 - centre;
  let s = d0 * d0;
  out[0] = a * s;
  for (let k = 0; k < steps; k++) {
    s = q * q * s + push;
    out[k + 1] = a * s;
  }
  return out;
}
