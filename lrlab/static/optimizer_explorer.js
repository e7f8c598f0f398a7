// The optimizer explorer (lrlab.widgets.OptimizerExplorer): one more kind of explorer for
// explorer.js's scaffold. lrlab.widgets.optimizer_renderer appends this file to explorer.js's module (after its
// descent.js and theory.js are put in place), so it registers itself in KINDS and draws with the scaffold's own
// panels, axes, markers and texts: the knobs, Play, share links and the readout work as for every explorer.
//
// Every run is computed here by descent.js with the optimizer on show (lrlab.descend(…, optimizer=…), bit for
// bit). The map's classes come from Python (the binary trait `codes`: one layer per map, row i = rate, column
// j = momentum); the readout's factor ρ is the heavy ball's closed form (lrlab.optimizers.momentum_rate).

// The optimizer at knob positions `pos`, as descent.js takes it: {name, <its β>: β, <its β₂>: β₂}.
function optimizerAt(view, pos) {
  const o = view.optimizers[pos.index], spec = { name: o.name };
  if (o.beta) spec[o.beta] = view.momenta[pos.j];
  if (o.beta2) spec[o.beta2] = view.beta2s[pos.beta2_index];
  return spec;
}

// The heavy ball's long-run factor per update on a quadratic of curvature h, as lrlab.optimizers.momentum_rate
// works it out (float64, same operations): the larger |r| of r² − (1 + β − ηh)r + β = 0. The course's SGDM is the
// heavy ball with the rate (1 − β)·η.
function heavyBallRate(eta, beta, h) {
  const x = eta * h, p = 1 + beta - x, disc = p * p - 4 * beta;
  return disc >= 0 ? (Math.abs(p) + Math.sqrt(disc)) / 2 : Math.sqrt(beta);
}

function optimizerFactor(view, pos) {
  const layer = view.optimizers[pos.index].map;
  if (layer < 0) return null;
  const eta = view.rates[pos.i], beta = view.momenta[pos.j];
  return heavyBallRate(layer === 1 ? (1 - beta) * eta : eta, beta, view.loss.curvature);
}

KINDS.optimizer = {
  knobs: [
    { trait: "index", label: "opt.optimizer", options: "optimizers", texts: "optimizer_texts", share: "opt",
      presets: "optimizer_presets" },
    { trait: "i", label: "learning_rate", options: "rates", texts: "rate_texts", share: "eta" },
    { trait: "j", label: "opt.beta", options: "momenta", texts: "momentum_texts", share: "beta" },
    { trait: "beta2_index", label: "opt.beta2", options: "beta2s", texts: "beta2_texts", share: "beta2" },
    { trait: "step", label: "step", play: true, share: "step" },
  ],
  panels: () => [0.34, 0.3, 0.36],
  titled: true,
  buffers: { codes: Uint8Array },
  runKey: (pos) => [pos.index, pos.i, pos.j, pos.beta2_index].join(),
  run(view, pos) {
    const options = runOptions(view, { learningRate: view.rates[pos.i], optimizer: optimizerAt(view, pos) });
    return describeRun(descend(options), view);
  },
  paint(ctx, [b1, b2, b3], view, pos, run, style, data) {
    const ax = view.axes, o = view.optimizers[pos.index], k = pos.step;
    const p1 = panelWith(b1, ax.parabola[0], ax.parabola[1], ctx, style);
    const p2 = panelWith(b2, ax.step, ax.distance, ctx, style);
    const p3 = panelWith(b3, ax.map_x, ax.map_y, ctx, style);
    [p1, p2].forEach((p) => drawAxes(ctx, p, style));
    drawParabola(ctx, p1, view, run, k, null, style);
    drawPerStep(ctx, p2, { values: (n) => run.dist[n], count: view.steps + 1, k, color: view.colors.path, mark: "point",
      exactAt: run.exact, view });
    drawAxes(ctx, p3, style);
    drawOptimizerMap(ctx, p3, view, Math.max(o.map, 0), o.map < 0, data, style);
    marker(ctx, "x", p3.x(view.rates[pos.i]), p3.y(view.momenta[pos.j]), 7, "#000000");
    drawTitle(ctx, b3, view.map_titles[o.map + 1], style);
    return [p1, p2, p3];
  },
  readout(view, pos, run) {
    const L = view.labels, k = pos.step, o = view.optimizers[pos.index];
    const rho = optimizerFactor(view, pos);
    const setting = fill(L[o.setting], { rate: view.rate_texts[pos.i], beta: view.momentum_texts[pos.j],
      beta2: view.beta2_texts[pos.beta2_index] });
    const theory = rho === null ? "" : fill(L[rho < 1 ? "opt.factor" : "opt.factor_diverges"], { rho: number(rho, L.overflow, 3) });
    return [fill(L.readout, { step: k, w: number(run.w[k], L.overflow), loss: number(run.loss[k], L.overflow) }),
      fill(L["opt.setting_of"], { optimizer: view.optimizer_texts[pos.index], setting }), theory];
  },
  // a click on the map picks the rate and the momentum under the pointer
  pick(view, panels, x, y) {
    const p = panels[2], b = p.box;
    if (!(x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h)) return null;
    const ax = view.axes;
    const eta = 10 ** (Math.log10(ax.map_x.lo) + ((x - b.x) / b.w) * (Math.log10(ax.map_x.hi) - Math.log10(ax.map_x.lo)));
    const beta = ax.map_y.lo + ((b.y + b.h - y) / b.h) * (ax.map_y.hi - ax.map_y.lo);
    const nearest = (edges, at) => Math.max(0, Math.min(edges.length - 2, edges.findIndex((e) => e > at) - 1));
    return { i: nearest(ax.x_edges, eta), j: nearest(ax.y_edges, beta) };
  },
  exact: (run) => run.exact >= 0,
};

// The map's cells of one layer (faded when the optimizer on show has no such theory), the edge and the best
// momentum of that layer.
function drawOptimizerMap(ctx, p, view, layer, faded, data, style) {
  const { x_edges: xe, y_edges: ye } = view.axes, ni = xe.length - 1, nj = ye.length - 1, from = layer * ni * nj;
  clip(ctx, p.box);
  ctx.globalAlpha = faded ? 0.3 : 1;
  for (let i = 0; i < ni; i++) {
    const x0 = p.x(xe[i]), x1 = p.x(xe[i + 1]);
    for (let j = 0; j < nj; j++) {
      ctx.fillStyle = view.map_colors[data.codes[from + i * nj + j]];
      const y0 = p.y(ye[j]), y1 = p.y(ye[j + 1]);
      ctx.fillRect(Math.floor(x0), Math.floor(y1), Math.ceil(x1 - x0) + 1, Math.ceil(y0 - y1) + 1);
    }
  }
  ctx.globalAlpha = 1;
  if (!faded) {
    const { edge, best } = view.map_lines[layer];
    polyline(ctx, p, (n) => edge[n][0], (n) => edge[n][1], edge.length, "#000000", 1.6, { dash: [6, 4] });
    polyline(ctx, p, (n) => best[n][0], (n) => best[n][1], best.length, "#000000", 1.6);
  }
  ctx.restore();
  ctx.strokeStyle = style.ink; ctx.lineWidth = 1; ctx.strokeRect(p.box.x + 0.5, p.box.y + 0.5, p.box.w, p.box.h);
}

// For tests (node): the kind itself.
export const OPTIMIZER_KIND = KINDS.optimizer;
