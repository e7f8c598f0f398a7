// lrlab's explorers in the browser. Python (lrlab.view) decides what a picture shows and sends it once as the
// model's `view`: the knob values and their texts, axis tables, colours, texts, legends. The model's other
// traits are the knob positions: the single source of truth, read on every draw. Every run drawn is computed
// here by descent.js (lrlab.descend's float32 arithmetic, bit for bit) and theory.js (the loss and the expected
// loss), so every knob answers with the kernel busy, dead or absent (a static page).

import { descend, rate, rates } from "./descent.js";
import { distanceTo, expectedLoss, lossValue } from "./theory.js";

// ------------------------------------------------------------------ texts

// A number as the readouts print it (lrlab.view.number): `decimals` decimals, exponent form from a million on,
// `overflow` when not finite. toFixed rounds an exact tie away from zero where Python rounds it to even; a
// binary number is an exact tie only if it is a multiple of 2^-(decimals+1) whose next digit is 5.
export function number(x, overflow, decimals = 6) {
  if (!Number.isFinite(x)) return typeof overflow === "string" ? overflow : "overflow";
  if (Math.abs(x) >= 1e6) return x.toExponential(3);
  const longer = x.toFixed(decimals + 1);
  if (Number.isInteger(x * 2 ** (decimals + 1)) && longer.endsWith("5")) {
    const cut = longer.slice(0, -1).replace(/\.$/, "");
    if (+cut[cut.length - 1] % 2 === 0) return cut;
  }
  return x.toFixed(decimals);
}

export function fill(template, values) {
  let out = template;
  for (const [key, value] of Object.entries(values)) out = out.replaceAll("{" + key + "}", String(value));
  return out;
}

// The readout under the knobs: its non-empty parts in order (lrlab.view.status_line).
export function statusLine(parts) {
  return parts.filter((p) => p).join(" · ");
}

// ------------------------------------------------------------------ runs (all the arithmetic is descent.js's and theory.js's)

function typed(value, Type) {
  // A binary trait arrives as a DataView (or an ArrayBuffer / typed array); view it without copying.
  if (!value) return new Type(0);
  if (value instanceof ArrayBuffer) return new Type(value);
  const { buffer, byteOffset, byteLength } = value;
  if (byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(buffer, byteOffset, byteLength / Type.BYTES_PER_ELEMENT);
  return new Type(buffer.slice(byteOffset, byteOffset + byteLength));
}

// What a picture reads off a run of w: the loss and distance per step, where it first overflows (the step
// lrlab's Trajectory.diverged_at names) and where it first lands exactly on c.
export function describeRun(w, view) {
  const { curvature, centre } = view.loss;
  const loss = Float32Array.from(w, (x) => lossValue(x, curvature, centre));
  const dist = Float32Array.from(w, (x) => distanceTo(x, centre));
  return { w, loss, dist, diverged: loss.findIndex((x, k) => !Number.isFinite(x) || !Number.isFinite(w[k])),
    exact: dist.findIndex((d) => d === 0) };
}

function runOptions(view, more) {
  return { w0: view.w0, steps: view.steps, curvature: view.loss.curvature, centre: view.loss.centre, ...more };
}

// The last value of a long run: where w stops once the rate has decayed away (lrlab.view.limit_horizon: none
// without decay, or when it would take more than view.limit_most updates).
function limitOf(view, options, j, s) {
  const per = view.limit_updates[j];
  const steps = Math.ceil(per * s) + Math.ceil(s);
  if (!per || steps > view.limit_most) return null;
  const w = descend({ ...options, steps });
  return Number.isFinite(w[steps]) ? w[steps] : null;
}

// ------------------------------------------------------------------ painting

function scale(axis, from, to) {
  if (axis.scale === "log") {
    const l0 = Math.log10(axis.lo), l1 = Math.log10(axis.hi);
    return (v) => from + ((Math.log10(v) - l0) / (l1 - l0)) * (to - from);
  }
  return (v) => from + ((v - axis.lo) / (axis.hi - axis.lo)) * (to - from);
}

function panel(box, xAxis, yAxis) {
  return { box, x: scale(xAxis, box.x, box.x + box.w), y: scale(yAxis, box.y + box.h, box.y), xAxis, yAxis };
}

// Lines of `text` no wider than `width` (words kept whole; CJK text may break anywhere).
function wrap(ctx, text, width) {
  const words = /\s/.test(text) ? text.split(" ") : [...text];
  const joiner = /\s/.test(text) ? " " : "";
  const lines = [];
  let line = "";
  for (const word of words) {
    const next = line ? line + joiner + word : word;
    if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

// Axes with their ticks, tick labels (a label that would touch the one before is left out) and titles (wrapped
// when longer than the side they name).
function drawAxes(ctx, p, style) {
  const { box, xAxis, yAxis } = p;
  const f = style.font;
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = style.grid;
  ctx.fillStyle = style.ink;
  ctx.font = `${f}px ${style.family}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  let right = -Infinity;
  xAxis.ticks.forEach((t, n) => {
    const x = Math.round(p.x(t)) + 0.5;
    ctx.beginPath(); ctx.moveTo(x, box.y); ctx.lineTo(x, box.y + box.h); ctx.stroke();
    const half = ctx.measureText(xAxis.labels[n]).width / 2;
    if (x - half > right + f * 0.5) { ctx.fillText(xAxis.labels[n], x, box.y + box.h + 4); right = x + half; }
  });
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  let top = Infinity;
  yAxis.ticks.forEach((t, n) => {
    const y = Math.round(p.y(t)) + 0.5;
    ctx.beginPath(); ctx.moveTo(box.x, y); ctx.lineTo(box.x + box.w, y); ctx.stroke();
    if (y + f * 0.6 < top) { ctx.fillText(yAxis.labels[n], box.x - 4, y); top = y - f * 0.6; }
  });
  ctx.strokeStyle = style.ink;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  wrap(ctx, xAxis.title, box.w).slice(0, 2).forEach((line, n, all) =>
    ctx.fillText(line, box.x + box.w / 2, box.y + box.h + f * (2.6 + n * 1.15) + (all.length > 1 ? 0 : f * 0.2)));
  ctx.translate(box.x - p.tickWidth - 8, box.y + box.h / 2);
  ctx.rotate(-Math.PI / 2);
  const lines = wrap(ctx, yAxis.title, box.h).slice(0, 2);
  lines.forEach((line, n) => ctx.fillText(line, 0, -(lines.length - 1 - n) * f * 1.15));
  ctx.restore();
}

function clip(ctx, box) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
}

// A marker of lrlab.view.MARKS ("o", "D", "*", "v", "x", "square") at (x, y).
export function marker(ctx, kind, x, y, size, color, rim = "#ffffff") {
  ctx.fillStyle = color;
  ctx.beginPath();
  if (kind === "*") {
    for (let n = 0; n < 10; n++) {
      const r = n % 2 ? size * 0.42 : size, t = -Math.PI / 2 + (n * Math.PI) / 5;
      n ? ctx.lineTo(x + r * Math.cos(t), y + r * Math.sin(t)) : ctx.moveTo(x + r * Math.cos(t), y + r * Math.sin(t));
    }
    ctx.closePath();
    ctx.fill(); ctx.lineWidth = 0.7; ctx.strokeStyle = rim; ctx.stroke();
    return;
  }
  if (kind === "x") {
    ctx.lineWidth = 4; ctx.strokeStyle = rim;
    ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y + size); ctx.moveTo(x + size, y - size); ctx.lineTo(x - size, y + size);
    ctx.stroke(); ctx.lineWidth = 2; ctx.strokeStyle = color; ctx.stroke();
    return;
  }
  if (kind === "D") {
    ctx.moveTo(x, y - size); ctx.lineTo(x + size, y); ctx.lineTo(x, y + size); ctx.lineTo(x - size, y); ctx.closePath();
  } else if (kind === "v") {
    ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y - size); ctx.lineTo(x, y + size * 0.6); ctx.closePath();
  } else if (kind === "square") {
    ctx.rect(x - size, y - size, 2 * size, 2 * size);
    ctx.fill(); ctx.lineWidth = 1.5; ctx.strokeStyle = rim; ctx.stroke();
    return;
  } else {
    ctx.arc(x, y, size, 0, 2 * Math.PI);
  }
  ctx.fill();
}

// A line through (n, ys[n]) or (xs[n], ys[n]); what the axes cannot show (not finite, or <= 0 on a log axis)
// leaves a gap. `dots`: a dot at each point, coloured by dotColor(n) if given.
function polyline(ctx, p, xs, ys, count, color, width, { dots = 0, dotColor = null, dash = null } = {}) {
  const shows = (x, y) => Number.isFinite(x) && Number.isFinite(y) && (p.yAxis.scale !== "log" || y > 0)
    && Math.abs(p.x(x)) < 1e6 && Math.abs(p.y(y)) < 1e6;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  if (dash) ctx.setLineDash(dash);
  ctx.beginPath();
  let on = false;
  for (let n = 0; n < count; n++) {
    const x = xs(n), y = ys(n);
    if (!shows(x, y)) { on = false; continue; }
    on ? ctx.lineTo(p.x(x), p.y(y)) : ctx.moveTo(p.x(x), p.y(y));
    on = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
  if (!dots) return;
  for (let n = 0; n < count; n++) {
    const x = xs(n), y = ys(n);
    if (shows(x, y)) marker(ctx, "o", p.x(x), p.y(y), dots, dotColor ? dotColor(n) : color);
  }
}

function hline(ctx, p, y, color, width, dash) {
  if (!(Number.isFinite(y) && (p.yAxis.scale !== "log" || y > 0))) return;
  const py = Math.round(p.y(y)) + 0.5;
  ctx.setLineDash(dash); ctx.strokeStyle = color; ctx.lineWidth = width;
  ctx.beginPath(); ctx.moveTo(p.box.x, py); ctx.lineTo(p.box.x + p.box.w, py); ctx.stroke(); ctx.setLineDash([]);
}

// Each picture element's marker and colour, from the legend (lrlab.view.MARKS).
function marks(view) {
  const out = {};
  for (const e of view.legend) if (e.key) out[e.key] = { kind: e.marker, color: e.color };
  return out;
}

// The parabola a·(w − c)² with the path of w up to step k, the ghost path, the minimum and the current w, in the
// order of lrlab.view.PARABOLA_LAYERS, and the status (diverged / off the chart) over it.
function drawParabola(ctx, p, view, run, k, ghost, style) {
  const { curvature, centre } = view.loss, colors = view.colors, mk = marks(view);
  const now = run.w[k];
  clip(ctx, p.box);
  const layer = {
    curve: () => {
      ctx.strokeStyle = colors.curve; ctx.lineWidth = 1.5; ctx.beginPath();
      for (let s = 0; s <= 240; s++) {
        const w = p.xAxis.lo + ((p.xAxis.hi - p.xAxis.lo) * s) / 240, y = Math.max(p.y((curvature / 2) * (w - centre) ** 2), -1e5);
        s ? ctx.lineTo(p.x(w), y) : ctx.moveTo(p.x(w), y);
      }
      ctx.stroke();
    },
    ghost: () => ghost && polyline(ctx, p, (n) => ghost.w[n], (n) => ghost.loss[n], k + 1, colors.ghost, 1, { dots: 2, dash: [4, 3] }),
    path: () => polyline(ctx, p, (n) => run.w[n], (n) => run.loss[n], k + 1, colors.path, 1.4, { dots: 2.5 }),
    point: () => {
      if (Number.isFinite(now) && now >= p.xAxis.lo && now <= p.xAxis.hi) marker(ctx, mk.point.kind, p.x(now), p.y(run.loss[k]), 7, mk.point.color);
    },
    minimum: () => marker(ctx, mk.minimum.kind, p.x(centre), p.y(0), 9, mk.minimum.color),
  };
  for (const name of view.layers) layer[name]();
  ctx.restore();
  const L = view.labels;
  let status = "";
  if (run.diverged >= 0 && k >= run.diverged) status = fill(L.diverged, { step: run.diverged });
  else if (Number.isFinite(now) && (now < p.xAxis.lo || now > p.xAxis.hi)) status = fill(L.off_chart, { w: number(now, L.overflow) });
  if (status) {
    ctx.save();
    ctx.fillStyle = colors.point; ctx.font = `bold ${style.font}px ${style.family}`; ctx.textAlign = "center"; ctx.textBaseline = "top";
    wrap(ctx, status, p.box.w - 8).forEach((line, n) => ctx.fillText(line, p.box.x + p.box.w / 2, p.box.y + 4 + n * style.font * 1.2));
    ctx.restore();
  }
}

// A quantity per update (distance on a log axis, a rate) with a marker at step k.
function drawPerStep(ctx, p, { values, count, k, color, mark, ghost, stairs, exactAt, view, dots }) {
  const colors = view.colors, mk = marks(view);
  clip(ctx, p.box);
  if (ghost) polyline(ctx, p, (n) => n, ghost, count, colors.ghost, 1.2, { dash: [4, 3] });
  if (stairs) {
    // a staircase schedule is drawn as steps: level until the next update, then a jump
    ctx.strokeStyle = color; ctx.lineWidth = 1.8; ctx.beginPath();
    for (let n = 0; n < count; n++) {
      const y = p.y(values(n));
      n ? ctx.lineTo(p.x(n), y) : ctx.moveTo(p.x(n), y);
      ctx.lineTo(p.x(Math.min(n + 1, count - 1)), y);
    }
    ctx.stroke();
  } else {
    polyline(ctx, p, (n) => n, values, count, color, 1.8, dots || {});
  }
  ctx.restore();
  if (exactAt >= 0) marker(ctx, mk.exact.kind, p.x(exactAt), p.box.y + p.box.h - 6, 6, mk.exact.color);
  if (k >= 0 && mark) {
    const v = values(k);
    if (Number.isFinite(v) && (p.yAxis.scale !== "log" || v > 0) && v >= p.yAxis.lo && v <= p.yAxis.hi) {
      marker(ctx, mk[mark].kind, p.x(k), p.y(v), 5, mk[mark].color);
    }
  }
}

function drawTitle(ctx, box, text, style) {
  ctx.save();
  ctx.fillStyle = style.ink; ctx.font = `${style.font}px ${style.family}`; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  const lines = wrap(ctx, text, box.w);
  lines.forEach((line, n) => ctx.fillText(line, box.x + box.w / 2, box.y - 4 - (lines.length - 1 - n) * style.font * 1.2));
  ctx.restore();
}

// ------------------------------------------------------------------ the four explorers
//
// Each kind lists its knobs (the model traits, in the order shown), computes what a knob position shows (run(),
// cached by the traits it depends on), paints it into its panels and says it in the readout.

const KINDS = {
  rate: {
    knobs: [
      { trait: "index", label: "learning_rate", options: "rates", texts: "rate_texts", share: "eta", presets: "presets" },
      { trait: "step", label: "step", play: true, share: "step" },
    ],
    panels: () => [0.55, 0.45],
    runKey: (pos) => pos.index,
    run(view, pos) {
      return describeRun(descend(runOptions(view, { learningRate: view.rates[pos.index] })), view);
    },
    paint(ctx, [b1, b2], view, pos, run, style) {
      const [xa, ya] = view.axes.parabola[view.parabola_axis[pos.index]];
      const p1 = panelWith(b1, xa, ya, ctx, style), p2 = panelWith(b2, view.axes.step, view.axes.distance[view.distance_axis[pos.index]], ctx, style);
      [p1, p2].forEach((p) => drawAxes(ctx, p, style));
      drawParabola(ctx, p1, view, run, pos.step, null, style);
      drawPerStep(ctx, p2, { values: (n) => run.dist[n], count: view.steps + 1, k: pos.step, color: view.colors.path,
        mark: "point", exactAt: run.exact, view });
      return [p1, p2];
    },
    readout(view, pos, run) {
      const L = view.labels, k = pos.step;
      return [fill(L.readout, { step: k, w: number(run.w[k], L.overflow), loss: number(run.loss[k], L.overflow) }),
        fill(L.rate_now, { rate: view.rate_texts[pos.index] }),
        fill(L.regime, { name: view.regime_names[view.regimes[pos.index]] })];
    },
    exact: (run) => run.exact >= 0,
  },

  decay: {
    knobs: [
      { trait: "index", label: "initial_rate", options: "rates", texts: "rate_texts", share: "eta" },
      { trait: "decay_index", label: "decay_rate", options: "decay_rates", texts: "decay_texts", share: "gamma" },
      { trait: "decay_steps_index", label: "decay_steps", options: "decay_steps_options", texts: "decay_steps_texts", share: "s" },
      { trait: "staircase", label: "staircase", check: true, share: "staircase" },
      { trait: "step", label: "step", play: true, share: "step" },
    ],
    panels: () => [0.37, 0.31, 0.32],
    runKey: (pos) => [pos.index, pos.decay_index, pos.decay_steps_index, pos.staircase].join(),
    run(view, pos) {
      const s = view.decay_steps_options[pos.decay_steps_index];
      const options = runOptions(view, { learningRate: view.rates[pos.index], decayRate: view.decay_rates[pos.decay_index],
        decaySteps: s, staircase: pos.staircase });
      const run = describeRun(descend(options), view);
      run.ghost = describeRun(descend(runOptions(view, { learningRate: view.rates[pos.index] })), view);
      run.rates = rates(options);
      run.limit = limitOf(view, options, pos.decay_index, s);
      return run;
    },
    paint(ctx, [b1, b2, b3], view, pos, run, style) {
      const i = pos.index, k = pos.step, [xa, ya] = view.axes.parabola[view.parabola_axis[i]];
      const p1 = panelWith(b1, xa, ya, ctx, style);
      const p2 = panelWith(b2, view.axes.step, view.axes.rate[view.rate_axis[i]], ctx, style);
      const p3 = panelWith(b3, view.axes.step, view.axes.distance[view.distance_axis[i]], ctx, style);
      [p1, p2, p3].forEach((p) => drawAxes(ctx, p, style));
      drawParabola(ctx, p1, view, run, k, run.ghost, style);
      const eta0 = rate(0, { learningRate: view.rates[i] });
      drawPerStep(ctx, p2, { values: (n) => run.rates[n], count: view.steps, k: Math.min(k, view.steps - 1), color: view.colors.rate,
        mark: "rate_point", ghost: () => eta0, stairs: pos.staircase, exactAt: -1, view });
      drawPerStep(ctx, p3, { values: (n) => run.dist[n], ghost: (n) => run.ghost.dist[n], count: view.steps + 1, k,
        color: view.colors.path, mark: "point", exactAt: run.exact, view });
      return [p1, p2, p3];
    },
    readout(view, pos, run) {
      const L = view.labels, k = pos.step;
      return [fill(L.readout, { step: k, w: number(run.w[k], L.overflow), loss: number(run.loss[k], L.overflow) }),
        fill(L.rate_used, { rate: number(run.rates[Math.min(k, view.steps - 1)], L.overflow) }),
        run.limit === null ? "" : fill(L.limit, { limit: number(run.limit, L.overflow, 3) })];
    },
    exact: (run) => run.exact >= 0,
  },

  map: {
    knobs: [
      { trait: "i", label: "initial_rate", options: "rates", texts: "rate_texts", share: "eta" },
      { trait: "j", label: "decay_rate", options: "decay_rates", texts: "decay_texts", share: "gamma" },
    ],
    panels: () => [0.5, 0.5],
    titled: true,
    buffers: { codes: Uint8Array, distance_axis: Uint8Array },
    runKey: (pos) => pos.i + "," + pos.j,
    run(view, pos) {
      return describeRun(descend(runOptions(view, { learningRate: view.rates[pos.i], decayRate: view.decay_rates[pos.j],
        decaySteps: view.decay_steps, staircase: view.staircase })), view);
    },
    paint(ctx, [b1, b2], view, pos, run, style, data) {
      const nj = view.decay_rates.length, cell = pos.i * nj + pos.j, colors = view.colors;
      const p1 = panelWith(b1, view.axes.map_x, view.axes.map_y, ctx, style);
      const p2 = panelWith(b2, view.axes.step, view.axes.distance[data.distance_axis[cell]], ctx, style);
      drawAxes(ctx, p1, style);
      drawCells(ctx, p1, view, data, style);
      marker(ctx, "x", p1.x(view.decay_rates[pos.j]), p1.y(view.rates[pos.i]), 7, "#000000");
      drawTitle(ctx, b1, view.title, style);
      drawAxes(ctx, p2, style);
      clip(ctx, p2.box);
      hline(ctx, p2, view.tol, colors.tol, 1.2, [6, 4]);
      ctx.restore();
      const mk = marks(view), side = (n) => (run.w[n] >= view.loss.centre ? mk.above.color : mk.below.color);
      drawPerStep(ctx, p2, { values: (n) => run.dist[n], count: view.steps + 1, k: -1, color: colors.path, exactAt: -1,
        view, dots: { dots: 2.2, dotColor: side } });
      return [p1, p2];
    },
    readout(view, pos, run, data) {
      const L = view.labels, cell = pos.i * view.decay_rates.length + pos.j;
      return [fill(L.selection, { rate: view.rate_texts[pos.i], decay: view.decay_texts[pos.j] }),
        fill(L.final, { T: view.steps, w: number(run.w[view.steps], L.overflow) }),
        fill(L.outcome, { name: view.outcome_names[data.codes[cell]] })];
    },
    // a click on the map picks the grid point under the pointer
    pick(view, panels, x, y) {
      const p = panels[0], b = p.box;
      if (!(x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h)) return null;
      const nearest = (edges, at) => Math.max(0, Math.min(edges.length - 2, edges.findIndex((e) => e > at) - 1));
      const ax = view.axes;
      const gamma = ax.map_x.lo + ((x - b.x) / b.w) * (ax.map_x.hi - ax.map_x.lo);
      const eta = 10 ** (Math.log10(ax.map_y.lo) + ((b.y + b.h - y) / b.h) * (Math.log10(ax.map_y.hi) - Math.log10(ax.map_y.lo)));
      return { i: nearest(ax.y_edges, eta), j: nearest(ax.x_edges, gamma) };
    },
  },

  noise: {
    knobs: [
      { trait: "index", label: "learning_rate", options: "rates", texts: "rate_texts", share: "eta" },
      { trait: "noise_index", label: "noise", options: "noises", texts: "noise_texts", share: "sigma" },
      { trait: "seed_index", label: "seed", options: "seeds", share: "seed" },
    ],
    panels: () => [1],
    titled: true,
    buffers: { draws: Float32Array },
    runKey: (pos) => [pos.index, pos.noise_index, pos.seed_index].join(),
    run(view, pos, data) {
      const mean = expectedLoss(runOptions(view, { learningRate: view.rates[pos.index], noise: view.noises[pos.noise_index] }));
      return { faint: noiseRuns(view, pos, data), mean, floor: view.floors[pos.index * view.noises.length + pos.noise_index] };
    },
    paint(ctx, [b], view, pos, run, style) {
      const p = panelWith(b, view.axes.step, view.axes.loss, ctx, style), colors = view.colors, n1 = view.steps + 1;
      drawAxes(ctx, p, style);
      clip(ctx, p.box);
      ctx.globalAlpha = 0.4;
      for (const loss of run.faint) polyline(ctx, p, (n) => n, (n) => loss[n], n1, colors.faint, 0.9);
      ctx.globalAlpha = 1;
      polyline(ctx, p, (n) => n, (n) => run.mean[n], n1, colors.mean, 2.2);
      hline(ctx, p, run.floor, colors.floor, 1.6, [6, 4]);
      ctx.restore();
      drawTitle(ctx, b, fill(view.labels.noise_title, { T: view.steps, shown: view.shown, seed: view.seeds[pos.seed_index] }), style);
      return [p];
    },
    readout(view, pos, run) {
      const L = view.labels;
      return [fill(L.noise_readout, { rate: view.rate_texts[pos.index], noise: view.noise_texts[pos.noise_index],
        floor: number(run.floor, L.overflow), T: view.steps, mean: number(run.mean[view.steps], L.overflow) })];
    },
  },
};

// The knobs of each kind of explorer (their traits, labels, option lists and share-link names).
export const KNOBS = Object.fromEntries(Object.entries(KINDS).map(([name, kind]) => [name, kind.knobs]));

// The loss per update of the noise explorer's seeded runs at knob positions `pos`: run r of seed s uses the
// standard-normal draws lrlab made for it (data.draws, seed × run × update).
export function noiseRuns(view, pos, data) {
  const { steps, shown } = view, out = [];
  for (let r = 0; r < shown; r++) {
    const from = (pos.seed_index * shown + r) * steps;
    const draws = data.draws.subarray(from, from + steps);
    const w = descend(runOptions(view, { learningRate: view.rates[pos.index], noise: view.noises[pos.noise_index], draws }));
    out.push(describeRun(w, view).loss);
  }
  return out;
}

// The binary traits a kind reads (`get(name)` gives the model's value), as typed arrays.
export function buffersOf(kindName, get) {
  return Object.fromEntries(Object.entries(KINDS[kindName].buffers || {}).map(([name, Type]) => [name, typed(get(name), Type)]));
}

// The readout under the knobs for knob positions `pos` (`run`: the run on show, if already computed).
export function readoutOf(view, pos, data, run) {
  const kind = KINDS[view.kind];
  return statusLine(kind.readout(view, pos, run || kind.run(view, pos, data), data));
}

// The outcome map's cells, painted once per size into a layer every frame copies.
function drawCells(ctx, p, view, data, style) {
  const dpr = window.devicePixelRatio || 1, b = p.box;
  const key = [b.x, b.y, b.w, b.h, dpr].join();
  const layer = data.cells || (data.cells = {});
  if (layer.key !== key) {
    layer.canvas = layer.canvas || document.createElement("canvas");
    layer.canvas.width = Math.ceil((b.x + b.w + 1) * dpr);
    layer.canvas.height = Math.ceil((b.y + b.h + 1) * dpr);
    const g = layer.canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { x_edges: xe, y_edges: ye } = view.axes, nj = xe.length - 1, ni = ye.length - 1;
    clip(g, b);
    for (let i = 0; i < ni; i++) {
      const y0 = p.y(ye[i]), y1 = p.y(ye[i + 1]);
      for (let j = 0; j < nj; j++) {
        g.fillStyle = view.outcome_colors[data.codes[i * nj + j]];
        const x0 = p.x(xe[j]), x1 = p.x(xe[j + 1]);
        g.fillRect(Math.floor(x0), Math.floor(y1), Math.ceil(x1 - x0) + 1, Math.ceil(y0 - y1) + 1);
      }
    }
    g.restore();
    layer.key = key;
  }
  ctx.drawImage(layer.canvas, 0, 0, layer.canvas.width / dpr, layer.canvas.height / dpr);
  ctx.strokeStyle = style.ink; ctx.lineWidth = 1; ctx.strokeRect(b.x + 0.5, b.y + 0.5, b.w, b.h);
}

// A panel whose left margin fits its y tick labels.
function panelWith(box, xAxis, yAxis, ctx, style) {
  ctx.save();
  ctx.font = `${style.font}px ${style.family}`;
  const tickWidth = Math.max(...yAxis.labels.map((t) => ctx.measureText(t).width), 0);
  const right = ctx.measureText(xAxis.labels[xAxis.labels.length - 1] || "").width / 2 + 6;
  const left = tickWidth + 8 + style.font * 2.5;
  ctx.restore();
  const inner = { x: box.x + left, y: box.y, w: Math.max(20, box.w - left - Math.max(10, right)), h: box.h };
  return { ...panel(inner, xAxis, yAxis), tickWidth };
}

// ------------------------------------------------------------------ controls (DOM built with textContent only)

// Ids must be unique in the page: several explorers (each with its own copy of this module) share a document.
const PREFIX = "lrlab-" + Math.random().toString(36).slice(2, 10) + "-";
let uid = 0;

function make(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A legend: one swatch per entry, drawn with the picture's own markers and line styles (on a canvas once, then
// shown as an image: a page composites images more cheaply than canvases).
function legendBox(view) {
  const box = make("ul", { class: "lrlab-legend" });
  for (const e of view.legend) {
    const item = make("li", { class: "lrlab-legend-item", "data-marker": e.marker });
    if (e.key) item.dataset.key = e.key;
    const sw = make("canvas", { width: "44", height: "28" });
    const g = sw.getContext("2d");
    g.scale(2, 2);
    if (e.marker === "line" || e.marker === "dash") {
      g.strokeStyle = e.color; g.lineWidth = 2.5; g.setLineDash(e.marker === "dash" ? [5, 3] : []);
      g.beginPath(); g.moveTo(1, 7); g.lineTo(21, 7); g.stroke();
    } else {
      marker(g, e.marker, 11, 7, e.marker === "square" ? 5.5 : 5.5, e.color, e.marker === "square" ? "#222222" : "#ffffff");
    }
    item.append(make("img", { class: "lrlab-swatch", src: sw.toDataURL(), alt: "", "aria-hidden": "true" }), make("span", {}, e.label));
    box.append(item);
  }
  return box;
}

// Front ends keep arrow keys for themselves inside notebooks, so the sliders handle their own keys.
const MOVES = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 };

function onKeys(el) {
  const handler = (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "range" || !el.contains(input)) return;
    const max = +input.max;
    let value = +input.value;
    if (e.key in MOVES) value += MOVES[e.key];
    else if (e.key === "Home") value = 0;
    else if (e.key === "End") value = max;
    else return;
    e.preventDefault();
    e.stopPropagation();
    value = Math.min(max, Math.max(0, value));
    if (value !== +input.value) {
      input.value = String(value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };
  // the window, capture phase: before the front end's own shortcuts (JupyterLab honours
  // data-lm-suppress-shortcuts; Notebook 7 takes arrow keys at the document first)
  window.addEventListener("keydown", handler, true);
  return () => window.removeEventListener("keydown", handler, true);
}

// ------------------------------------------------------------------ share links (the static site only)
//
// On a page of the lrlab website (it says so with <meta name="lrlab-share">) each knob position is kept in the
// URL's hash, e.g. #eta=0.7&gamma=0.5, so a link opens the explorer there. A value is used only if it is
// exactly one the knob offers; anything else is ignored, and the explorer says so.

const HASH_LIMIT = 2000;

function shared() {
  return typeof document !== "undefined" && !!document.querySelector('meta[name="lrlab-share"]');
}

function readHash() {
  const raw = (location.hash || "").slice(1);
  if (!raw) return [];
  if (raw.length > HASH_LIMIT) return [["…", raw.slice(0, 20)]];
  return [...new URLSearchParams(raw).entries()];
}

const FLAGS = { 1: true, true: true, 0: false, false: false };

// The knob position a shared value names, or undefined.
export function positionFromText(knob, view, text) {
  if (knob.check) return Object.hasOwn(FLAGS, text) ? FLAGS[text] : undefined;
  const count = knob.play ? view.steps + 1 : view[knob.options].length;
  const texts = knob.play ? null : knob.texts ? view[knob.texts] : view[knob.options].map(String);
  const at = knob.play ? (/^\d{1,6}$/.test(text) ? Number(text) : -1) : texts.indexOf(text);
  if (at >= 0 && at < count) return at;
  if (!knob.play && /^[0-9.eE+-]{1,24}$/.test(text)) {  // the same number written another way: 0.70, 7e-1
    const n = view[knob.options].indexOf(Number(text));
    if (n >= 0) return n;
  }
  return undefined;
}

function textOf(knob, view, value) {
  if (knob.check) return value ? "1" : "0";
  if (knob.play) return String(value);
  return knob.texts ? view[knob.texts][value] : String(view[knob.options][value]);
}

// ------------------------------------------------------------------ one scaffold for every explorer

function style(el) {
  const css = getComputedStyle(el);
  const scaleBy = parseFloat(css.getPropertyValue("--lrlab-scale")) || 1;
  return { font: Math.round(12 * scaleBy), family: css.fontFamily || "sans-serif",
    ink: css.getPropertyValue("--lrlab-ink").trim() || "#222222", grid: "#e4e4e4", scaleBy };
}

// Panel boxes: side by side when each gets at least 240 px, else one above the other (each then as tall as a
// phone needs, never taller than a laptop screen wants).
function layout(width, fractions, st, titled) {
  const n = fractions.length, top = st.font * (titled ? 3.4 : 1), bottom = st.font * 4.2;
  const grow = Math.min(st.scaleBy, 1.25);
  if (n === 1 || width / n >= 240) {
    const tall = Math.round(Math.min(400, Math.max(260, width * 0.36)) * grow);
    let x = 0;
    const boxes = fractions.map((f) => { const b = { x, y: top, w: width * f, h: tall - top - bottom }; x += width * f; return b; });
    return { boxes, height: tall };
  }
  const each = Math.round(Math.min(340, Math.max(230, width * 0.62)) * grow);
  return { boxes: fractions.map((_, k) => ({ x: 0, y: k * each + top, w: width, h: each - top - bottom })), height: each * n };
}

// The explorer's stylesheet (the model's _css) in the page, once per version of it: a notebook saved with an older
// explorer can bring that version's stylesheet under the same name, and this one must hold anyway.
function ensureStyle(css) {
  if (!css || typeof document === "undefined") return;
  let hash = 0;
  for (let n = 0; n < css.length; n++) hash = (hash * 31 + css.charCodeAt(n)) | 0;
  const id = "lrlab-style-" + (hash >>> 0).toString(36);
  if (document.getElementById(id)) return;
  document.head.append(make("style", { id }, css));
}

function render({ model, el }) {
  const view = model.get("view"), kind = KINDS[view.kind], L = view.labels;
  ensureStyle(model.get("_css"));
  const data = buffersOf(view.kind, (name) => model.get(name));
  const cleanups = [];
  el.classList.add("lrlab-explorer", "lrlab-kind-" + view.kind);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const controls = make("div", { class: "lrlab-controls" });
  const note = make("p", { class: "lrlab-note", role: "status", hidden: "" });
  const readout = make("div", { class: "lrlab-readout" });
  const live = make("div", { class: "lrlab-live", "aria-live": "polite", role: "status" });
  const canvas = make("canvas", { role: "img", "aria-label": view.description, tabindex: "0" });
  const legend = legendBox(view);
  el.append(controls, readout, live, note, canvas, legend);

  const position = () => Object.fromEntries(kind.knobs.map((k) => [k.trait, model.get(k.trait)]));
  let playing = null, panels = [], cache = { key: null, run: null };
  const runNow = (pos) => {
    const key = kind.runKey(pos);
    if (cache.key !== key) cache = { key, run: kind.run(view, pos, data) };
    return cache.run;
  };
  // the kernel hears about a move when there is one to hear it; a busy, dead or absent kernel is no error here
  const save = () => { try { model.save_changes(); } catch (err) { /* no kernel: the page still answers */ } };
  const set = (trait, value, quiet) => {
    if (model.get(trait) === value) return;
    model.set(trait, value);
    if (!quiet) { save(); settleSoon(); }
  };

  // the knobs
  const widgets = {};
  for (const knob of kind.knobs) {
    const id = PREFIX + ++uid;
    const row = make("div", { class: "lrlab-row" + (knob.play ? " lrlab-steprow" : "") });
    let input, output;
    if (knob.check) {
      input = make("input", { type: "checkbox", id, "data-trait": knob.trait });
      row.append(input, make("label", { for: id }, L[knob.label]));
      input.addEventListener("change", () => set(knob.trait, input.checked));
    } else {
      const count = knob.play ? view.steps + 1 : view[knob.options].length;
      input = make("input", { id, type: "range", min: "0", max: String(count - 1), step: "1", "data-trait": knob.trait });
      output = make("output", { for: id, "aria-hidden": "true" });
      row.append(make("label", { for: id }, L[knob.label]), input, output);
      input.addEventListener("input", () => { if (knob.play) stopPlay(true); set(knob.trait, +input.value); });
    }
    if (knob.play) {
      const button = make("button", { type: "button", class: "lrlab-play", "aria-pressed": "false" });
      const labels = make("span", { class: "lrlab-play-labels" });
      labels.append(make("span", { class: "lrlab-play-text", "data-when": "stopped" }, L.play),
        make("span", { class: "lrlab-play-text", "data-when": "playing" }, L.pause));
      button.append(make("span", { class: "lrlab-play-icon", "aria-hidden": "true" }), labels);
      button.addEventListener("click", () => (playing ? stopPlay(false) : startPlay()));
      row.prepend(button);
      widgets.play = button;
    }
    controls.append(row);
    widgets[knob.trait] = { knob, input, output };
    if (knob.presets) {
      const presets = make("div", { class: "lrlab-row lrlab-presets", role: "group", "aria-label": L.presets });
      presets.append(make("span", { "aria-hidden": "true" }, L.presets));
      widgets.presets = view[knob.presets].map((n) => {
        const b = make("button", { type: "button", "aria-label": L[knob.label] + " " + view[knob.texts][n], "aria-pressed": "false" },
          view[knob.texts][n]);
        b.addEventListener("click", () => set(knob.trait, n));
        presets.append(b);
        return [n, b];
      });
      controls.append(presets);
    }
  }
  const larger = make("button", { type: "button", class: "lrlab-larger", "aria-pressed": "false" }, L.larger);
  larger.addEventListener("click", () => {
    const on = el.classList.toggle("lrlab-large");
    larger.setAttribute("aria-pressed", String(on));
    measured = null;
    paint();
  });
  controls.append(larger);

  // the picture
  const ctx = canvas.getContext("2d");
  const size = { width: 0, height: 0, dpr: 0 };
  // The width and the text style are read from the page only when they can have changed (a resize, larger text):
  // reading them on every frame of Play would make the browser lay out the whole notebook each time.
  let measured = null;
  const paint = () => {
    if (!measured || !measured.width) measured = { width: Math.floor(el.clientWidth || canvas.clientWidth), st: style(el) };
    const { width, st } = measured;
    if (!width) return;  // not displayed yet: the resize observer paints once it is
    const { boxes, height } = layout(width, kind.panels(view), st, !!kind.titled);
    const dpr = window.devicePixelRatio || 1;
    if (width !== size.width || height !== size.height || dpr !== size.dpr) {
      Object.assign(size, { width, height, dpr });
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = height + "px";
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const pos = position();
    panels = kind.paint(ctx, boxes, view, pos, runNow(pos), st, data);
    const where = JSON.stringify(panels.map((p) => p.box));  // where each panel is (a click finds it)
    if (canvas.dataset.panels !== where) canvas.dataset.panels = where;
  };
  const draw = () => {
    const pos = position(), run = runNow(pos);
    for (const { knob, input, output } of Object.values(widgets).filter((w) => w.knob)) {
      if (knob.check) { if (input.checked !== pos[knob.trait]) input.checked = pos[knob.trait]; continue; }
      const text = textOf(knob, view, pos[knob.trait]);
      if (output.textContent === text && input.value === String(pos[knob.trait])) continue;  // only what moved
      input.value = String(pos[knob.trait]);
      input.setAttribute("aria-valuetext", text);
      output.textContent = text;
    }
    for (const [n, b] of widgets.presets || []) {
      const pressed = String(n === pos.index);
      if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
    }
    const exact = legend.querySelector('[data-key="exact"]'), off = !(kind.exact && kind.exact(run));
    if (exact && exact.hidden !== off) exact.hidden = off;
    readout.textContent = readoutOf(view, pos, data, run);
    paint();
  };

  // the readout for screen readers, once the picture has settled (not on every frame of Play)
  let settling = 0;
  const settle = () => {
    settling = 0;
    if (playing) return;
    live.textContent = readout.textContent;
    if (shared()) writeHash();
  };
  const settleSoon = () => { clearTimeout(settling); settling = setTimeout(settle, 400); };

  // Play: steps through 0 … steps in the browser, the step worked out from the time since Play was pressed (a
  // late frame catches up instead of slowing the run down); the kernel hears the step when Play stops
  const startPlay = () => {
    if (model.get("step") >= view.steps) set("step", 0, true);
    widgets.play.setAttribute("aria-pressed", "true");
    const k0 = model.get("step"), t0 = performance.now();
    const tick = (now) => {
      const k = Math.min(view.steps, k0 + Math.floor(Math.max(0, now - t0) / view.interval));
      set("step", k, true);
      if (k >= view.steps) return stopPlay(false);
      playing = requestAnimationFrame(tick);
    };
    playing = requestAnimationFrame(tick);
  };
  const stopPlay = (quiet) => {
    if (!playing) return;
    cancelAnimationFrame(playing);
    playing = null;
    widgets.play.setAttribute("aria-pressed", "false");
    if (!quiet) { save(); settle(); }
  };

  // one listener per knob trait: every change, from a control, Play, Python or a link, redraws once
  for (const knob of kind.knobs) {
    const handler = () => draw();
    model.on("change:" + knob.trait, handler);
    cleanups.push(() => model.off("change:" + knob.trait, handler));
  }

  // a click on the picture (the map picks a point)
  if (kind.pick) {
    const click = (e) => {
      const r = canvas.getBoundingClientRect(), hit = kind.pick(view, panels, e.clientX - r.left, e.clientY - r.top);
      if (!hit) return;
      for (const [trait, value] of Object.entries(hit)) model.set(trait, value);
      save();
      settleSoon();
    };
    canvas.addEventListener("click", click);
    cleanups.push(() => canvas.removeEventListener("click", click));
  }

  // share links
  const writeHash = () => {
    const params = new URLSearchParams(location.hash.slice(1).length <= HASH_LIMIT ? location.hash.slice(1) : "");
    for (const knob of kind.knobs) params.set(knob.share, textOf(knob, view, model.get(knob.trait)));
    history.replaceState(null, "", "#" + params.toString());
  };
  if (shared()) {
    const ignored = [], first = document.querySelector(".lrlab-explorer") === el;
    const found = {};
    for (const [key, text] of readHash()) {
      const knob = kind.knobs.find((k) => k.share === key);
      const at = knob ? positionFromText(knob, view, text) : undefined;
      if (at !== undefined) found[knob.trait] = at;
      else if (knob || first) ignored.push(`${key.slice(0, 24)}=${text.slice(0, 24)}`);
    }
    for (const [trait, value] of Object.entries(found)) model.set(trait, value);
    if (ignored.length) {
      note.textContent = fill(L.link_ignored, { keys: ignored.join(", ") });
      note.hidden = false;
    }
  }

  // size follows the page
  // only a new width matters (the readout growing a line must not make every frame lay the page out again)
  const observer = new ResizeObserver((entries) => {
    const width = Math.floor(entries[entries.length - 1].contentRect.width);
    if (measured && width === measured.width) return;
    measured = null;
    paint();
  });
  observer.observe(el);
  const media = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  const rescale = () => { measured = null; paint(); };
  media.addEventListener("change", rescale);
  cleanups.push(onKeys(el), () => observer.disconnect(), () => media.removeEventListener("change", rescale),
    () => stopPlay(true), () => clearTimeout(settling));
  draw();
  live.textContent = readout.textContent;
  return () => { cleanups.forEach((f) => f()); el.replaceChildren(); };
}

export default { render };
