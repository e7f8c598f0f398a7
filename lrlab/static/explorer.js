// lrlab's explorers, drawn in the browser. Python (lrlab.view) decides everything a picture shows: axis
// spans, ticks, tick labels, log or linear scales, colours, texts, legends; lrlab computes every run the
// knobs can reach in one vectorised call and sends them as float32 buffers. This file only picks the
// frame and paints it, so no knob waits for the kernel.

// ------------------------------------------------------------------ data from the kernel

function typed(value, Type) {
  // A binary trait arrives as a DataView (or an ArrayBuffer / typed array); view it without copying.
  if (!value) return new Type(0);
  if (value instanceof ArrayBuffer) return new Type(value);
  const { buffer, byteOffset, byteLength } = value;
  if (byteOffset % Type.BYTES_PER_ELEMENT === 0) {
    return new Type(buffer, byteOffset, byteLength / Type.BYTES_PER_ELEMENT);
  }
  return new Type(buffer.slice(byteOffset, byteOffset + byteLength));
}

// The texts of numbers, as lrlab.view.number prints them; `overflow` is the label for a non-finite value
// (the catalogue's `overflow`, sent with the labels).
export function number(x, overflow) {
  if (!Number.isFinite(x)) return typeof overflow === "string" ? overflow : "overflow";
  if (Math.abs(x) >= 1e6) return x.toExponential(3);
  // toFixed rounds an exact tie away from zero; Python rounds it to even. A binary number is an exact tie at
  // 6 decimals only if it is a multiple of 1/128 with 7 decimals ending in 5 (e.g. the float32 73741.8828125).
  const seven = x.toFixed(7);
  if (Number.isInteger(x * 128) && seven.endsWith("5") && Number(seven) === x) {
    const cut = seven.slice(0, -1);
    if (+cut[cut.length - 1] % 2 === 0) return cut;
  }
  return x.toFixed(6);
}

export function fill(template, values) {
  let out = template;
  for (const [key, value] of Object.entries(values)) out = out.replaceAll("{" + key + "}", String(value));
  return out;
}

// The loss a·(w − c)² and the distance |w − c| in float32, operation by operation as lrlab computes them.
export function float32Loss(a, centre) {
  const c = Math.fround(centre), a32 = Math.fround(a);
  return (w) => {
    const d = Math.fround(w - c), sq = Math.fround(d * d);
    return a === 1 ? sq : Math.fround(a32 * sq);
  };
}

export function float32Distance(centre) {
  const c = Math.fround(centre);
  return (w) => Math.abs(Math.fround(w - c));
}

// ------------------------------------------------------------------ painting

const MARGIN = { left: 56, right: 12, top: 24, bottom: 40 };

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

function drawAxes(ctx, p, ink, grid) {
  const { box, xAxis, yAxis } = p;
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = grid;
  ctx.fillStyle = ink;
  ctx.font = "11px sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  xAxis.ticks.forEach((t, n) => {
    const x = Math.round(p.x(t)) + 0.5;
    ctx.beginPath(); ctx.moveTo(x, box.y); ctx.lineTo(x, box.y + box.h); ctx.stroke();
    ctx.fillText(xAxis.labels[n], x, box.y + box.h + 4);
  });
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  yAxis.ticks.forEach((t, n) => {
    const y = Math.round(p.y(t)) + 0.5;
    ctx.beginPath(); ctx.moveTo(box.x, y); ctx.lineTo(box.x + box.w, y); ctx.stroke();
    ctx.fillText(yAxis.labels[n], box.x - 4, y);
  });
  ctx.strokeStyle = ink;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
  ctx.font = "12px sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xAxis.title, box.x + box.w / 2, box.y + box.h + 36);
  ctx.translate(box.x - 44, box.y + box.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yAxis.title, 0, 0);
  ctx.restore();
}

function clip(ctx, box) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
}

function marker(ctx, kind, x, y, size, color) {
  ctx.fillStyle = color;
  ctx.beginPath();
  if (kind === "*") {
    for (let n = 0; n < 10; n++) {
      const r = n % 2 ? size * 0.42 : size, t = -Math.PI / 2 + (n * Math.PI) / 5;
      n ? ctx.lineTo(x + r * Math.cos(t), y + r * Math.sin(t)) : ctx.moveTo(x + r * Math.cos(t), y + r * Math.sin(t));
    }
    ctx.closePath();
    ctx.fill(); ctx.lineWidth = 0.7; ctx.strokeStyle = "#ffffff"; ctx.stroke();  // a white rim, as matplotlib's
    return;
  } else if (kind === "D") {
    ctx.moveTo(x, y - size); ctx.lineTo(x + size, y); ctx.lineTo(x, y + size); ctx.lineTo(x - size, y); ctx.closePath();
  } else if (kind === "v") {
    ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y - size); ctx.lineTo(x, y + size * 0.6); ctx.closePath();
  } else if (kind === "x") {
    ctx.lineWidth = 4; ctx.strokeStyle = "#ffffff";
    ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y + size); ctx.moveTo(x + size, y - size); ctx.lineTo(x - size, y + size);
    ctx.stroke(); ctx.lineWidth = 2; ctx.strokeStyle = color; ctx.stroke();
    return;
  } else {
    ctx.arc(x, y, size, 0, 2 * Math.PI);
  }
  ctx.fill();
}

// A line through (xs[n], ys[n]); values the axis cannot show (non-finite, or <= 0 on a log axis) leave a gap.
function polyline(ctx, p, xs, ys, count, color, width, dots) {
  const log = p.yAxis.scale === "log";
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  let on = false;
  for (let n = 0; n < count; n++) {
    const x = xs(n), y = ys(n);
    if (!Number.isFinite(x) || !Number.isFinite(y) || (log && !(y > 0))) { on = false; continue; }
    const px = p.x(x), py = p.y(y);
    if (Math.abs(px) > 1e6 || Math.abs(py) > 1e6) { on = false; continue; }
    on ? ctx.lineTo(px, py) : ctx.moveTo(px, py);
    on = true;
  }
  ctx.stroke();
  if (dots) {
    for (let n = 0; n < count; n++) {
      const x = xs(n), y = ys(n);
      if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(p.x(x)) < 1e6 && Math.abs(p.y(y)) < 1e6) {
        marker(ctx, "o", p.x(x), p.y(y), dots, color);
      }
    }
  }
}

// Each picture element's marker and colour, from the legend entries lrlab sends (lrlab.view.MARKS).
const MARK_DEFAULTS = { point: ["o", "point"], rate_point: ["D", "rate_point"], minimum: ["*", "minimum"], exact: ["v", "exact"] };
function marks(legend, colors) {
  const out = {};
  for (const [key, [kind, color]] of Object.entries(MARK_DEFAULTS)) out[key] = { kind, color: colors[color] || colors.point };
  for (const e of legend || []) if (e.key && out[e.key]) out[e.key] = { kind: e.marker, color: e.color };
  return out;
}

// The parabola a·(w − c)² with the path of w up to step k, a ghost path, the minimum and the current w, drawn
// in the order of lrlab.view.PARABOLA_LAYERS (the minimum's star above the current-w dot).
const LAYERS = ["curve", "ghost", "path", "point", "minimum"];
function drawParabola(ctx, p, o) {
  const { a, centre, colors } = o;
  const mk = o.marks || marks([], colors);
  clip(ctx, p.box);
  const now = o.w[o.k];
  const layer = {
    curve: () => {
      ctx.strokeStyle = colors.curve;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let s = 0; s <= 240; s++) {
        const w = p.xAxis.lo + ((p.xAxis.hi - p.xAxis.lo) * s) / 240, y = p.y(a * (w - centre) ** 2);
        s ? ctx.lineTo(p.x(w), Math.max(y, -1e5)) : ctx.moveTo(p.x(w), Math.max(y, -1e5));
      }
      ctx.stroke();
    },
    ghost: () => { if (o.ghost) polyline(ctx, p, (n) => o.ghost[n], (n) => o.loss(o.ghost[n]), o.k + 1, colors.ghost, 1, 2); },
    path: () => polyline(ctx, p, (n) => o.w[n], (n) => o.loss(o.w[n]), o.k + 1, colors.path, 1.3, 2.5),
    point: () => {
      if (Number.isFinite(now) && now >= p.xAxis.lo && now <= p.xAxis.hi) {
        marker(ctx, mk.point.kind, p.x(now), p.y(o.loss(now)), 7, mk.point.color);
      }
    },
    minimum: () => marker(ctx, mk.minimum.kind, p.x(centre), p.y(0), 9, mk.minimum.color),
  };
  for (const name of o.layers || LAYERS) if (layer[name]) layer[name]();
  ctx.restore();
  if (o.status) {
    ctx.save();
    ctx.fillStyle = colors.point;
    ctx.font = "bold 12px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(o.status, p.box.x + p.box.w / 2, p.box.y + 4);
    ctx.restore();
  }
}

// A quantity per step (the distance on a true log axis, a rate, w) with a marker at the current step.
function drawStepCurve(ctx, p, o) {
  clip(ctx, p.box);
  if (o.ghost) polyline(ctx, p, (n) => n, o.ghost, o.count, o.colors.ghost, 1.5, 0);
  if (o.stairs) {
    // a staircase schedule is drawn as steps: level until the next step, then a jump
    ctx.strokeStyle = o.color; ctx.lineWidth = 1.8; ctx.beginPath();
    for (let n = 0; n < o.count; n++) {
      const y = p.y(o.values(n));
      n ? ctx.lineTo(p.x(n), y) : ctx.moveTo(p.x(n), y);
      ctx.lineTo(p.x(Math.min(n + 1, o.count - 1)), y);
    }
    ctx.stroke();
  } else {
    polyline(ctx, p, (n) => n, o.values, o.count, o.color, 1.8, 0);
  }
  if (o.hline !== undefined) {
    ctx.setLineDash([5, 4]); ctx.strokeStyle = o.colors.minimum; ctx.lineWidth = 1; ctx.beginPath();
    ctx.moveTo(p.box.x, p.y(o.hline)); ctx.lineTo(p.box.x + p.box.w, p.y(o.hline)); ctx.stroke(); ctx.setLineDash([]);
  }
  ctx.restore();
  const mk = o.marks || marks([], o.colors);
  if (o.exactAt >= 0) marker(ctx, mk.exact.kind, p.x(o.exactAt), p.box.y + p.box.h - 6, 6, mk.exact.color);
  if (o.k >= 0) {
    const v = o.values(o.k);
    const visible = Number.isFinite(v) && (p.yAxis.scale !== "log" || v > 0) && v >= p.yAxis.lo && v <= p.yAxis.hi;
    const m = mk[o.mark || "point"];  // the rate panel's current rate has its own marker ("rate now")
    if (visible) marker(ctx, m.kind, p.x(o.k), p.y(v), 5, m.color);
  }
}

// The outcome map: one rectangle per grid cell, coloured by outcome (painted once per size into a layer that
// every frame copies), and the cursor on the selected cell.
function paintCells(ctx, p, o) {
  const { xEdges, yEdges, codes, colors } = o;
  const nj = xEdges.length - 1, ni = yEdges.length - 1;
  clip(ctx, p.box);
  for (let i = 0; i < ni; i++) {
    const y0 = p.y(yEdges[i]), y1 = p.y(yEdges[i + 1]);
    for (let j = 0; j < nj; j++) {
      ctx.fillStyle = colors[codes[i * nj + j]];
      const x0 = p.x(xEdges[j]), x1 = p.x(xEdges[j + 1]);
      ctx.fillRect(Math.floor(x0), Math.floor(y1), Math.ceil(x1 - x0) + 1, Math.ceil(y0 - y1) + 1);
    }
  }
  ctx.restore();
}

function drawOutcomeMap(ctx, p, o, layer) {
  const dpr = window.devicePixelRatio || 1;
  const key = [p.box.x, p.box.y, p.box.w, p.box.h, dpr].join(",");
  if (layer.key !== key) {
    layer.canvas = layer.canvas || document.createElement("canvas");
    layer.canvas.width = Math.ceil((p.box.x + p.box.w + 1) * dpr);
    layer.canvas.height = Math.ceil((p.box.y + p.box.h + 1) * dpr);
    const g = layer.canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintCells(g, p, o);
    layer.key = key;
  }
  ctx.drawImage(layer.canvas, 0, 0, layer.canvas.width / dpr, layer.canvas.height / dpr);
  marker(ctx, "x", p.x(o.decayRates[o.j]), p.y(o.learningRates[o.i]), 7, "#000000");
}

function drawTitle(ctx, box, text, ink) {
  ctx.save();
  ctx.fillStyle = ink; ctx.font = "12px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(text, box.x + box.w / 2, box.y - 4);
  ctx.restore();
}

function boxes(width, height, fractions) {
  let x = 0;
  return fractions.map((f) => {
    const w = width * f, b = { x: x + MARGIN.left, y: MARGIN.top, w: w - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
    x += w;
    return b;
  });
}

// ------------------------------------------------------------------ controls (DOM, no innerHTML)

// Ids must be unique in the page: several explorers (each with its own copy of this module) share a document.
const PREFIX = "lrlab-" + Math.random().toString(36).slice(2, 10) + "-";
let uid = 0;

function make(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A labelled range input over positions 0..n-1, with the real value in aria-valuetext and an <output>.
function slider(parent, labelText, n, valueText) {
  const id = PREFIX + ++uid;
  const row = make("div", { class: "lrlab-row" });
  const label = make("label", { for: id }, labelText);
  const input = make("input", { id, type: "range", min: "0", max: String(n - 1), step: "1" });
  const out = make("output", { for: id, "aria-hidden": "true" });
  row.append(label, input, out);
  parent.append(row);
  const show = (index) => {
    input.value = String(index);
    const text = valueText(index);
    input.setAttribute("aria-valuetext", text);
    out.textContent = text;
  };
  return { row, input, show, get: () => +input.value };
}

function legendBox(entries) {
  const box = make("div", { class: "lrlab-legend" });
  const glyph = { line: "━━", dash: "╍╍", o: "●", D: "◆", "*": "★", v: "▼", square: "■", x: "✖" };
  for (const e of entries) {
    const item = make("span", { class: "lrlab-legend-item", "data-marker": e.marker });
    const sw = make("span", { "aria-hidden": "true" }, glyph[e.marker] || "■");
    sw.style.color = e.color;
    item.append(sw, make("span", {}, e.label));
    box.append(item);
  }
  return box;
}

// The "reached c exactly" entry is listed only when the run on show has that marker.
function showExact(legend, on) {
  const item = legend.querySelector('[data-marker="v"]');
  if (item) item.hidden = !on;
}

// Front ends keep arrow keys for themselves inside notebooks, so our sliders handle their own keys.
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
  // Listen on the window in the capture phase: it runs before the front end's own shortcut handling
  // (JupyterLab honours data-lm-suppress-shortcuts; Notebook 7 takes arrow keys at the document first).
  window.addEventListener("keydown", handler, true);
  return () => window.removeEventListener("keydown", handler, true);
}

// ------------------------------------------------------------------ the canvas: size follows the page

function surface(el, canvas, draw) {
  const ctx = canvas.getContext("2d");
  const state = { width: 0, height: 0, dpr: 0 };
  let queued = 0;
  const resize = () => {
    const shown = canvas.clientWidth || el.clientWidth;
    if (!shown) return false;  // not displayed (yet): keep the last size, the observer tells us when it is
    const width = Math.max(320, Math.floor(shown));
    const height = Math.round(Math.min(380, Math.max(250, width * 0.36)));
    const dpr = window.devicePixelRatio || 1;
    if (width === state.width && height === state.height && dpr === state.dpr) return false;
    Object.assign(state, { width, height, dpr });
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = height + "px";
    return true;
  };
  const paint = () => {
    resize();
    if (!state.width) return;
    ctx.setTransform(state.dpr, 0, 0, state.dpr, 0, 0);
    ctx.clearRect(0, 0, state.width, state.height);
    draw(ctx, state.width, state.height);
  };
  const later = () => { if (!queued) queued = requestAnimationFrame(() => { queued = 0; paint(); }); };
  // a new size clears the canvas: repaint in the same frame (ResizeObserver runs before the frame is shown)
  const observer = new ResizeObserver(() => { if (resize()) paint(); });
  observer.observe(el);
  observer.observe(canvas);
  let media = null;
  const watchDpr = () => {
    media?.removeEventListener("change", onDpr);
    media = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    media.addEventListener("change", onDpr);
  };
  const onDpr = () => { watchDpr(); later(); };
  watchDpr();
  return {
    paint,
    state,
    dispose: () => { observer.disconnect(); media?.removeEventListener("change", onDpr); cancelAnimationFrame(queued); },
  };
}

function inkOf(el) {
  return getComputedStyle(el).getPropertyValue("--lrlab-ink").trim() || "#222222";
}

// ------------------------------------------------------------------ Play (steps through 0..steps in the browser)

function player(button, labels, getStep, setStep, maxStep, interval, tell) {
  let raf = 0, last = 0;
  const show = (on) => {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = (on ? "⏸ " : "▶ ") + (on ? labels.pause : labels.play);
  };
  const stop = () => { cancelAnimationFrame(raf); raf = 0; show(false); tell(); };
  const tick = (now) => {
    if (now - last >= interval() * 0.92) {
      last = now;
      if (getStep() >= maxStep()) return stop();
      setStep(getStep() + 1);
    }
    raf = requestAnimationFrame(tick);
  };
  const click = () => {
    if (raf) return stop();
    if (getStep() >= maxStep()) setStep(0);
    show(true);
    last = performance.now();
    raf = requestAnimationFrame(tick);
  };
  button.addEventListener("click", click);
  show(false);
  return { stop: () => { if (raf) stop(); }, dispose: () => { cancelAnimationFrame(raf); button.removeEventListener("click", click); } };
}

// ------------------------------------------------------------------ the three explorers

function base(model, el, kind) {
  el.classList.add("lrlab-explorer", "lrlab-kind-" + kind);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const labels = model.get("labels");
  const controls = make("div", { class: "lrlab-controls" });
  const readout = make("div", { class: "lrlab-readout", role: "status", "aria-live": "polite" });
  const canvas = make("canvas", { role: "img", "aria-label": model.get("description"), tabindex: "0" });
  el.append(controls, readout, canvas);
  const num = (x) => number(x, labels.overflow);
  return { labels, controls, readout, canvas, num };
}

function setReadout(readout, parts, emphasis) {
  const nodes = [];
  parts.forEach((text, n) => {
    if (n) nodes.push(document.createTextNode(" · "));
    nodes.push(document.createTextNode(text));
  });
  if (emphasis) {
    nodes.push(document.createTextNode(" · "));
    nodes.push(make("span", { class: "lrlab-em" }, emphasis));
  }
  readout.replaceChildren(...nodes);
}

// Bind one model trait to one listener; skip the change when the view itself made it (no echo redraw).
function listen(model, trait, isOwn, apply, cleanups) {
  const handler = () => { if (!isOwn(model.get(trait))) apply(model.get(trait)); };
  model.on("change:" + trait, handler);
  cleanups.push(() => model.off("change:" + trait, handler));
}

function renderRate(model, el) {
  const { labels, controls, readout, canvas, num } = base(model, el, "rate");
  const cleanups = [];
  const rates = model.get("rates"), rateTexts = model.get("rate_texts"), steps = model.get("steps");
  const a = model.get("a"), centre = model.get("centre"), colors = model.get("colors");
  const mk = marks(model.get("legend"), colors), layers = model.get("layers");
  const loss = float32Loss(a, centre), dist = float32Distance(centre);
  let data = null;
  const load = () => {
    data = {
      w: typed(model.get("w"), Float32Array),
      pAxis: typed(model.get("parabola_axis"), Uint16Array),
      dAxis: typed(model.get("distance_axis"), Uint16Array),
      diverged: typed(model.get("diverged_at"), Int32Array),
      exact: typed(model.get("exact_at"), Int32Array),
      axes: model.get("axes"),
      regimes: model.get("regimes"),
    };
  };
  load();
  const st = { i: model.get("index"), k: model.get("step") };
  const rate = slider(controls, labels.learning_rate, rates.length, (i) => rateTexts[i]);
  const presetsRow = make("div", { class: "lrlab-row lrlab-presets", role: "group", "aria-label": labels.presets });
  presetsRow.append(make("span", { "aria-hidden": "true" }, labels.presets));
  const presetButtons = model.get("presets").map((i) => {
    const b = make("button", { type: "button", "aria-label": labels.learning_rate + " " + rateTexts[i] }, rateTexts[i]);
    b.addEventListener("click", () => { st.i = i; tell(); draw(); });
    presetsRow.append(b);
    return [i, b];
  });
  controls.append(presetsRow);
  const playRow = make("div", { class: "lrlab-row" });
  const play = make("button", { type: "button", class: "lrlab-play" });
  playRow.append(play);
  controls.append(playRow);
  const step = slider(playRow, labels.step, steps + 1, (k) => String(k));
  step.row.replaceWith(...step.row.childNodes);
  const legend = legendBox(model.get("legend"));
  el.append(legend);

  const row = () => data.w.subarray(st.i * (steps + 1), (st.i + 1) * (steps + 1));
  const paintFrame = (ctx, width, height) => {
    const w = row(), ink = inkOf(el);
    const [b1, b2] = boxes(width, height, [0.55, 0.45]);
    const [xa, ya] = data.axes.parabola[data.pAxis[st.i]];
    const p1 = panel(b1, xa, ya), p2 = panel(b2, data.axes.step, data.axes.distance[data.dAxis[st.i]]);
    drawAxes(ctx, p1, ink, colors.grid);
    drawAxes(ctx, p2, ink, colors.grid);
    drawParabola(ctx, p1, { a, centre, colors, marks: mk, layers, w, k: st.k, loss, status: statusText(w, p1) });
    drawStepCurve(ctx, p2, { values: (n) => dist(w[n]), count: steps + 1, k: st.k, color: colors.path, colors, marks: mk, exactAt: data.exact[st.i] });
  };
  const statusText = (w, p1) => {
    const d = data.diverged[st.i];
    if (d >= 0 && st.k >= d) return fill(labels.diverged, { step: d });
    const now = w[st.k];
    if (Number.isFinite(now) && (now < p1.xAxis.lo || now > p1.xAxis.hi)) return fill(labels.off_chart, { w: num(now) });
    return "";
  };
  const surf = surface(el, canvas, paintFrame);
  const draw = () => {
    rate.show(st.i);
    step.show(st.k);
    for (const [i, b] of presetButtons) b.setAttribute("aria-pressed", i === st.i ? "true" : "false");
    showExact(legend, data.exact[st.i] >= 0);
    const w = data.w[st.i * (steps + 1) + st.k];
    setReadout(readout, [fill(labels.readout, { step: st.k, w: num(w), loss: num(loss(w)) }),
      fill(labels.rate_now, { rate: rateTexts[st.i] })], fill(labels.regime, { name: data.regimes[st.i] }));
    surf.paint();
  };
  const tell = () => { model.set("index", st.i); model.set("step", st.k); model.save_changes(); };
  rate.input.addEventListener("input", () => { st.i = rate.get(); draw(); tell(); });
  step.input.addEventListener("input", () => { st.k = step.get(); draw(); tell(); });
  const playing = player(play, labels, () => st.k, (k) => { st.k = k; draw(); }, () => steps, () => model.get("interval"), tell);
  listen(model, "index", (v) => v === st.i, (v) => { st.i = v; draw(); }, cleanups);
  listen(model, "step", (v) => v === st.k, (v) => { st.k = v; draw(); }, cleanups);
  listen(model, "w", () => false, () => { load(); draw(); }, cleanups);
  cleanups.push(onKeys(el), surf.dispose, playing.dispose);
  draw();
  return () => cleanups.forEach((f) => f());
}

function renderDecay(model, el) {
  const { labels, controls, readout, canvas, num } = base(model, el, "decay");
  const cleanups = [];
  const rates = model.get("rates"), rateTexts = model.get("rate_texts");
  const decays = model.get("decay_rates"), decayTexts = model.get("decay_texts");
  const sOptions = model.get("decay_steps_options"), steps = model.get("steps");
  const a = model.get("a"), centre = model.get("centre"), colors = model.get("colors");
  const mk = marks(model.get("legend"), colors), layers = model.get("layers");
  const loss = float32Loss(a, centre), dist = float32Distance(centre);
  const nd = decays.length, n1 = steps + 1;
  let data = null;
  const load = () => {
    data = {
      key: model.get("plane_key"),
      w: typed(model.get("w"), Float32Array),
      ghost: typed(model.get("ghost_w"), Float32Array),
      factors: typed(model.get("factors"), Float32Array),
      pAxis: typed(model.get("parabola_axis"), Uint16Array),
      dAxis: typed(model.get("distance_axis"), Uint16Array),
      rAxis: typed(model.get("rate_axis"), Uint16Array),
      diverged: typed(model.get("diverged_at"), Int32Array),
      exact: typed(model.get("exact_at"), Int32Array),
      axes: model.get("axes"),
    };
  };
  let line = null;
  const loadLine = () => {
    line = {
      key: model.get("sline_key") || [-1, -1],  // absent in state saved by an older lrlab
      w: typed(model.get("sline_w"), Float32Array),
      factors: typed(model.get("sline_factors"), Float32Array),
      pAxis: typed(model.get("sline_parabola_axis"), Uint16Array),
      dAxis: typed(model.get("sline_distance_axis"), Uint16Array),
      diverged: typed(model.get("sline_diverged_at"), Int32Array),
      exact: typed(model.get("sline_exact_at"), Int32Array),
      axes: model.get("sline_axes") || { parabola: [], distance: [] },
    };
  };
  load();
  loadLine();
  const st = { i: model.get("index"), j: model.get("decay_index"), s: model.get("decay_steps_index"),
    stair: model.get("staircase"), k: model.get("step") };
  const rowA = make("div", { class: "lrlab-row" });
  const rate = slider(controls, labels.initial_rate, rates.length, (i) => rateTexts[i]);
  const decay = slider(controls, labels.decay_rate, nd, (j) => decayTexts[j]);
  const ds = slider(controls, labels.decay_steps, sOptions.length, (s) => String(sOptions[s]));
  const boxId = PREFIX + ++uid;
  const stairRow = make("div", { class: "lrlab-row" });
  const stair = make("input", { type: "checkbox", id: boxId });
  stairRow.append(stair, make("label", { for: boxId }, labels.staircase));
  controls.append(stairRow);
  const play = make("button", { type: "button", class: "lrlab-play" });
  rowA.append(play);
  controls.append(rowA);
  const step = slider(rowA, labels.step, steps + 1, (k) => String(k));
  step.row.replaceWith(...step.row.childNodes);
  const legend = legendBox(model.get("legend"));
  el.append(legend);

  // The run on show comes from the plane (every η₀ × γ for the current decay steps and staircase) or, right
  // after a decay-steps or staircase change and before the kernel's new plane, from the line of every decay
  // steps × staircase at the current (η₀, γ). Neither: the kernel has not answered yet.
  const source = () => {
    if (data.key[0] === st.s && data.key[1] === st.stair) {
      const r = st.i * nd + st.j;
      return { w: data.w.subarray(r * n1, (r + 1) * n1), factors: data.factors.subarray(st.j * steps, (st.j + 1) * steps),
        axes: data.axes.parabola[data.pAxis[r]], dAxis: data.axes.distance[data.dAxis[r]],
        diverged: data.diverged[r], exact: data.exact[r] };
    }
    if (line.key[0] === st.i && line.key[1] === st.j) {
      const r = st.s * 2 + (st.stair ? 1 : 0);
      return { w: line.w.subarray(r * n1, (r + 1) * n1), factors: line.factors.subarray(r * steps, (r + 1) * steps),
        axes: line.axes.parabola[line.pAxis[r]], dAxis: line.axes.distance[line.dAxis[r]],
        diverged: line.diverged[r], exact: line.exact[r] };
    }
    return null;
  };
  const asked = () => [fill(labels.selection, { rate: rateTexts[st.i], decay: decayTexts[st.j] }),
    labels.decay_steps + " = " + sOptions[st.s]].concat(st.stair ? [labels.staircase] : []).join(", ");
  const ghost = () => data.ghost.subarray(st.i * n1, (st.i + 1) * n1);
  const eta0 = () => Math.fround(rates[st.i]);
  // the rate update k used: float32(η₀) × float32 decay factor, as lrlab's schedule multiplies them
  const rateOf = (src) => (k) => Math.fround(eta0() * src.factors[k]);
  const paintFrame = (ctx, width, height) => {
    const ink = inkOf(el);
    const [b1, b2, b3] = boxes(width, height, [0.37, 0.31, 0.32]);
    const src = source();
    if (!src) {
      // say which settings the kernel is computing (so every knob still changes what is shown)
      ctx.fillStyle = ink; ctx.font = "14px sans-serif"; ctx.textAlign = "center";
      ctx.fillText(labels.waiting, width / 2, height / 2 - 12);
      ctx.fillText(asked(), width / 2, height / 2 + 12);
      return;
    }
    const w = src.w, g = ghost(), rateAt = rateOf(src);
    const [xa, ya] = src.axes;
    const p1 = panel(b1, xa, ya), p2 = panel(b2, data.axes.step, data.axes.rate[data.rAxis[st.i]]);
    const p3 = panel(b3, data.axes.step, src.dAxis);
    [p1, p2, p3].forEach((p) => drawAxes(ctx, p, ink, colors.grid));
    const d = src.diverged, now = w[st.k];
    let status = "";
    if (d >= 0 && st.k >= d) status = fill(labels.diverged, { step: d });
    else if (Number.isFinite(now) && (now < xa.lo || now > xa.hi)) status = fill(labels.off_chart, { w: num(now) });
    drawParabola(ctx, p1, { a, centre, colors, marks: mk, layers, w, ghost: g, k: st.k, loss, status });
    const e0 = eta0();
    drawStepCurve(ctx, p2, { values: rateAt, count: steps, k: Math.min(st.k, steps - 1), color: colors.rate, colors,
      marks: mk, mark: "rate_point", ghost: () => e0, stairs: st.stair, exactAt: -1 });
    drawStepCurve(ctx, p3, { values: (n) => dist(w[n]), ghost: (n) => dist(g[n]), count: n1, k: st.k,
      color: colors.path, colors, marks: mk, exactAt: src.exact });
  };
  const surf = surface(el, canvas, paintFrame);
  const draw = () => {
    rate.show(st.i); decay.show(st.j); ds.show(st.s); step.show(st.k);
    stair.checked = st.stair;
    const src = source();
    showExact(legend, !!src && src.exact >= 0);
    if (!src) {
      setReadout(readout, [labels.waiting, asked()]);
    } else {
      const w = src.w[st.k];
      const parts = [fill(labels.readout, { step: st.k, w: num(w), loss: num(loss(w)) }),
        fill(labels.rate_used, { rate: num(rateOf(src)(Math.min(st.k, steps - 1))) })];
      const lim = model.get("limit");
      if (lim && lim[0] === st.i && lim[1] === st.j && lim[2] === st.s && lim[3] === st.stair && lim[4]) {
        parts.push(fill(labels.limit, { limit: lim[4] }));
      }
      setReadout(readout, parts);
    }
    surf.paint();
  };
  const tell = () => {
    model.set("index", st.i); model.set("decay_index", st.j); model.set("decay_steps_index", st.s);
    model.set("staircase", st.stair); model.set("step", st.k); model.save_changes();
  };
  rate.input.addEventListener("input", () => { st.i = rate.get(); draw(); tell(); });
  decay.input.addEventListener("input", () => { st.j = decay.get(); draw(); tell(); });
  ds.input.addEventListener("input", () => { st.s = ds.get(); draw(); tell(); });
  stair.addEventListener("change", () => { st.stair = stair.checked; draw(); tell(); });
  step.input.addEventListener("input", () => { st.k = step.get(); draw(); tell(); });
  const playing = player(play, labels, () => st.k, (k) => { st.k = k; draw(); }, () => steps, () => model.get("interval"), tell);
  listen(model, "index", (v) => v === st.i, (v) => { st.i = v; draw(); }, cleanups);
  listen(model, "decay_index", (v) => v === st.j, (v) => { st.j = v; draw(); }, cleanups);
  listen(model, "decay_steps_index", (v) => v === st.s, (v) => { st.s = v; draw(); }, cleanups);
  listen(model, "staircase", (v) => v === st.stair, (v) => { st.stair = v; draw(); }, cleanups);
  listen(model, "step", (v) => v === st.k, (v) => { st.k = v; draw(); }, cleanups);
  listen(model, "plane_key", () => false, () => { load(); draw(); }, cleanups);
  listen(model, "sline_key", () => false, () => { loadLine(); draw(); }, cleanups);
  listen(model, "limit", () => false, () => draw(), cleanups);
  cleanups.push(onKeys(el), surf.dispose, playing.dispose);
  draw();
  return () => cleanups.forEach((f) => f());
}

function renderMap(model, el) {
  const { labels, controls, readout, canvas, num } = base(model, el, "map");
  const cleanups = [];
  const lrs = model.get("learning_rates"), drs = model.get("decay_rates");
  const lrTexts = model.get("rate_texts"), drTexts = model.get("decay_texts");
  const names = model.get("outcome_names"), outcomeColors = model.get("outcome_colors");
  const colors = model.get("colors"), steps = model.get("steps"), centre = model.get("centre");
  const ni = lrs.length, nj = drs.length, n1 = steps + 1;
  const codes = typed(model.get("codes"), Uint8Array), finalW = typed(model.get("final_w"), Float32Array);
  const axes = model.get("axes");
  let cross = null;
  const load = () => {
    cross = {
      key: model.get("cross"),
      col: typed(model.get("col_w"), Float32Array),
      row: typed(model.get("row_w"), Float32Array),
      colAxis: typed(model.get("col_axis"), Uint16Array),
      rowAxis: typed(model.get("row_axis"), Uint16Array),
      wAxes: model.get("w_axes"),
    };
  };
  load();
  const st = { i: model.get("i"), j: model.get("j") };
  const rate = slider(controls, labels.initial_rate, ni, (i) => lrTexts[i]);
  const decay = slider(controls, labels.decay_rate, nj, (j) => drTexts[j]);
  el.append(legendBox(model.get("legend")));

  // The selected run, if the kernel's last answer holds it (its column or its row).
  const selected = () => {
    const [ci, cj] = cross.key;
    if (st.j === cj) return [cross.col.subarray(st.i * n1, (st.i + 1) * n1), cross.wAxes[cross.colAxis[st.i]]];
    if (st.i === ci) return [cross.row.subarray(st.j * n1, (st.j + 1) * n1), cross.wAxes[cross.rowAxis[st.j]]];
    return [null, null];
  };
  let mapPanel = null;
  const layer = { key: null, canvas: null };
  const paintFrame = (ctx, width, height) => {
    const ink = inkOf(el);
    const [b1, b2] = boxes(width, height, [0.5, 0.5]);
    mapPanel = panel(b1, axes.map_x, axes.map_y);
    drawAxes(ctx, mapPanel, ink, colors.grid);
    drawOutcomeMap(ctx, mapPanel, { xEdges: axes.x_edges, yEdges: axes.y_edges, codes,
      colors: names.map((n) => outcomeColors[n]), decayRates: drs, learningRates: lrs, i: st.i, j: st.j }, layer);
    drawTitle(ctx, b1, model.get("title"), ink);
    const [w, yAxis] = selected();
    if (!w) {
      ctx.fillStyle = ink; ctx.font = "13px sans-serif"; ctx.textAlign = "center";
      ctx.fillText(labels.waiting, b2.x + b2.w / 2, b2.y + b2.h / 2);
      return;
    }
    const p2 = panel(b2, axes.step, yAxis);
    drawAxes(ctx, p2, ink, colors.grid);
    drawStepCurve(ctx, p2, { values: (n) => w[n], count: n1, k: steps, color: colors.path, colors, exactAt: -1, hline: centre });
  };
  const surf = surface(el, canvas, paintFrame);
  const draw = () => {
    rate.show(st.i); decay.show(st.j);
    const n = st.i * nj + st.j;
    setReadout(readout, [fill(labels.selection, { rate: lrTexts[st.i], decay: drTexts[st.j] }),
      fill(labels.final, { T: steps, w: num(finalW[n]) })],
    fill(labels.outcome, { name: labels["outcome:" + names[codes[n]]] }));
    surf.paint();
  };
  const tell = () => { model.set("i", st.i); model.set("j", st.j); model.save_changes(); };
  rate.input.addEventListener("input", () => { st.i = rate.get(); draw(); tell(); });
  decay.input.addEventListener("input", () => { st.j = decay.get(); draw(); tell(); });
  const click = (e) => {
    if (!mapPanel) return;
    const r = canvas.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top, b = mapPanel.box;
    if (x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h) return;
    const gamma = axes.map_x.lo + ((x - b.x) / b.w) * (axes.map_x.hi - axes.map_x.lo);
    const l0 = Math.log10(axes.map_y.lo), l1 = Math.log10(axes.map_y.hi);
    const logEta = l0 + ((b.y + b.h - y) / b.h) * (l1 - l0);
    let bi = 0, bj = 0;
    lrs.forEach((v, n) => { if (Math.abs(Math.log10(v) - logEta) < Math.abs(Math.log10(lrs[bi]) - logEta)) bi = n; });
    drs.forEach((v, n) => { if (Math.abs(v - gamma) < Math.abs(drs[bj] - gamma)) bj = n; });
    st.i = bi; st.j = bj; draw(); tell();
  };
  canvas.addEventListener("click", click);
  listen(model, "i", (v) => v === st.i, (v) => { st.i = v; draw(); }, cleanups);
  listen(model, "j", (v) => v === st.j, (v) => { st.j = v; draw(); }, cleanups);
  listen(model, "cross", () => false, () => { load(); draw(); }, cleanups);
  cleanups.push(onKeys(el), surf.dispose, () => canvas.removeEventListener("click", click));
  draw();
  return () => cleanups.forEach((f) => f());
}

function renderNoise(model, el) {
  const { labels, controls, readout, canvas, num } = base(model, el, "noise");
  const cleanups = [];
  const rates = model.get("rates"), rateTexts = model.get("rate_texts");
  const noises = model.get("noises"), noiseTexts = model.get("noise_texts");
  const steps = model.get("steps"), runs = model.get("runs"), shown = model.get("shown");
  const colors = model.get("colors"), axes = model.get("axes"), floors = model.get("floors");
  const nn = noises.length, n1 = steps + 1;
  const faint = typed(model.get("faint"), Float32Array), mean = typed(model.get("mean"), Float32Array);
  const st = { i: model.get("index"), j: model.get("noise_index") };
  const rate = slider(controls, labels.learning_rate, rates.length, (i) => rateTexts[i]);
  const noise = slider(controls, labels.noise, nn, (j) => noiseTexts[j]);
  el.append(legendBox(model.get("legend")));

  const paintFrame = (ctx, width, height) => {
    const ink = inkOf(el);
    const [b] = boxes(width, height, [1]);
    const p = panel(b, axes.step, axes.loss);
    drawAxes(ctx, p, ink, colors.grid);
    const cell = st.i * nn + st.j;
    clip(ctx, p.box);
    ctx.globalAlpha = 0.45;
    for (let r = 0; r < shown; r++) {
      const off = (cell * shown + r) * n1;
      polyline(ctx, p, (n) => n, (n) => faint[off + n], n1, colors.faint, 0.8, 0);
    }
    ctx.globalAlpha = 1;
    polyline(ctx, p, (n) => n, (n) => mean[cell * n1 + n], n1, colors.mean, 2.2, 0);
    const y = Math.round(p.y(floors[cell])) + 0.5;
    ctx.setLineDash([6, 4]); ctx.strokeStyle = colors.floor; ctx.lineWidth = 1.6;
    ctx.beginPath(); ctx.moveTo(b.x, y); ctx.lineTo(b.x + b.w, y); ctx.stroke(); ctx.setLineDash([]);
    ctx.restore();
    drawTitle(ctx, b, fill(labels.noise_title, { T: steps, runs }), ink);
  };
  const surf = surface(el, canvas, paintFrame);
  const draw = () => {
    rate.show(st.i); noise.show(st.j);
    const cell = st.i * nn + st.j;
    setReadout(readout, [fill(labels.noise_readout, { rate: rateTexts[st.i], noise: noiseTexts[st.j],
      floor: num(floors[cell]), T: steps, mean: num(mean[cell * n1 + steps]) })]);
    surf.paint();
  };
  const tell = () => { model.set("index", st.i); model.set("noise_index", st.j); model.save_changes(); };
  rate.input.addEventListener("input", () => { st.i = rate.get(); draw(); tell(); });
  noise.input.addEventListener("input", () => { st.j = noise.get(); draw(); tell(); });
  listen(model, "index", (v) => v === st.i, (v) => { st.i = v; draw(); }, cleanups);
  listen(model, "noise_index", (v) => v === st.j, (v) => { st.j = v; draw(); }, cleanups);
  cleanups.push(onKeys(el), surf.dispose);
  draw();
  return () => cleanups.forEach((f) => f());
}

function render({ model, el }) {
  const kind = model.get("kind");
  const cleanup = { rate: renderRate, decay: renderDecay, map: renderMap, noise: renderNoise }[kind](model, el);
  return () => { cleanup(); el.replaceChildren(); };
}

export default { render };
