// lrlab's quick explorer: every frame is drawn here, in the browser, from runs that lrlab computed
// in the kernel once. Moving a slider or playing never waits for the kernel.

function symlog(v) {
  return v === null ? null : Math.sign(v) * Math.log10(1 + Math.abs(v) / 1e-6);
}

function fmt(x) {
  if (x === null) return "overflow";
  return Math.abs(x) < 1e6 ? x.toFixed(6) : x.toExponential(3);
}

function frame(ctx, W, H, m, i, k) {
  const w = m.get("w")[i], loss = m.get("loss")[i];
  const c = m.get("centre"), a = m.get("curvature"), cap = 1e6 * Math.max(1, Math.abs(w[0] - c));
  ctx.clearRect(0, 0, W, H);
  ctx.font = "12px sans-serif";
  // left: the parabola with the path of w up to step k
  const L = {x: 50, y: 10, w: W * 0.52 - 60, h: H - 45};
  let lo = c, hi = c;
  for (let j = 0; j <= k; j++) {
    if (w[j] !== null && Math.abs(w[j] - c) <= cap) { lo = Math.min(lo, w[j]); hi = Math.max(hi, w[j]); }
  }
  const half = Math.max((hi - lo) / 2, 1) * 1.15, mid = (hi + lo) / 2;
  const x0 = mid - half, x1 = mid + half;
  const ymax = Math.max(a * (x0 - c) ** 2, a * (x1 - c) ** 2) * 1.12;
  const px = (x) => L.x + (x - x0) / (x1 - x0) * L.w;
  const py = (y) => L.y + L.h - (y + 0.06 * ymax) / (1.18 * ymax) * L.h;
  ctx.strokeStyle = "#999"; ctx.lineWidth = 1; ctx.strokeRect(L.x, L.y, L.w, L.h);
  ctx.save(); ctx.beginPath(); ctx.rect(L.x, L.y, L.w, L.h); ctx.clip();
  ctx.strokeStyle = "#3b3b3b"; ctx.lineWidth = 1.5; ctx.beginPath();
  for (let s = 0; s <= 200; s++) {
    const x = x0 + (x1 - x0) * s / 200;
    s ? ctx.lineTo(px(x), py(a * (x - c) ** 2)) : ctx.moveTo(px(x), py(a * (x - c) ** 2));
  }
  ctx.stroke();
  ctx.strokeStyle = "#1f77b4"; ctx.fillStyle = "#1f77b4"; ctx.lineWidth = 1.2; ctx.beginPath();
  let started = false;
  for (let j = 0; j <= k; j++) {
    if (w[j] === null || loss[j] === null) break;
    started ? ctx.lineTo(px(w[j]), py(loss[j])) : ctx.moveTo(px(w[j]), py(loss[j]));
    started = true;
  }
  ctx.stroke();
  ctx.fillStyle = "#2ca02c"; ctx.beginPath(); ctx.arc(px(c), py(0), 6, 0, 2 * Math.PI); ctx.fill();
  if (w[k] !== null && loss[k] !== null) {
    ctx.fillStyle = "#d62728"; ctx.beginPath(); ctx.arc(px(w[k]), py(loss[k]), 7, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.restore();
  ctx.fillStyle = "#333"; ctx.textAlign = "center";
  ctx.fillText("w", L.x + L.w / 2, H - 8);
  ctx.fillText(x0.toPrecision(3), L.x, L.y + L.h + 14); ctx.fillText(x1.toPrecision(3), L.x + L.w, L.y + L.h + 14);
  const d = m.get("diverged_at")[i];
  if (d >= 0 && k >= d) {
    ctx.fillStyle = "#d62728"; ctx.fillText(m.get("labels").diverged.replace("{step}", d), L.x + L.w / 2, L.y + 16);
  }
  // right: the loss per step (symmetric log scale), a marker at step k
  const R = {x: W * 0.6, y: 10, w: W * 0.38, h: H - 45};
  const ys = loss.map(symlog), n = loss.length;
  const yt = Math.max(1, ...ys.filter((v) => v !== null)) * 1.05;
  const rx = (j) => R.x + j / (n - 1) * R.w, ry = (v) => R.y + R.h - v / yt * R.h;
  ctx.strokeStyle = "#999"; ctx.strokeRect(R.x, R.y, R.w, R.h);
  ctx.strokeStyle = "#1f77b4"; ctx.lineWidth = 1.5; ctx.beginPath();
  let on = false;
  ys.forEach((v, j) => { if (v === null) { on = false; return; } on ? ctx.lineTo(rx(j), ry(v)) : ctx.moveTo(rx(j), ry(v)); on = true; });
  ctx.stroke();
  if (ys[k] !== null) { ctx.fillStyle = "#d62728"; ctx.beginPath(); ctx.arc(rx(k), ry(ys[k]), 5, 0, 2 * Math.PI); ctx.fill(); }
  ctx.fillStyle = "#333"; ctx.fillText(m.get("labels").step, R.x + R.w / 2, H - 8);
  ctx.save(); ctx.translate(R.x - 8, R.y + R.h / 2); ctx.rotate(-Math.PI / 2); ctx.fillText(m.get("labels").loss, 0, 0); ctx.restore();
}

function render({ model, el }) {
  const labels = model.get("labels"), rates = model.get("rates");
  el.classList.add("lrlab-quick");
  el.setAttribute("data-lm-suppress-shortcuts", "true");  // arrow keys move our sliders, not the notebook
  el.innerHTML = `
    <div class="lrlab-row"><label>${labels.learning_rate}</label>
      <input class="lrlab-rate" type="range" min="0" max="${rates.length - 1}" step="1">
      <span class="lrlab-rate-value"></span></div>
    <div class="lrlab-row"><button class="lrlab-play" type="button">▶ ${labels.play}</button>
      <label>${labels.step}</label>
      <input class="lrlab-step" type="range" min="0" max="${model.get("steps")}" step="1">
      <span class="lrlab-step-value"></span></div>
    <div class="lrlab-readout"></div>
    <canvas class="lrlab-canvas"></canvas>`;
  const rate = el.querySelector(".lrlab-rate"), step = el.querySelector(".lrlab-step");
  const play = el.querySelector(".lrlab-play"), readout = el.querySelector(".lrlab-readout");
  const canvas = el.querySelector(".lrlab-canvas");
  const W = model.get("width"), H = model.get("height"), dpr = window.devicePixelRatio || 1;
  canvas.width = W * dpr; canvas.height = H * dpr;
  canvas.style.width = W + "px"; canvas.style.height = H + "px";
  const ctx = canvas.getContext("2d"); ctx.scale(dpr, dpr);
  let i = model.get("index"), k = model.get("step"), timer = null;

  const draw = () => {
    rate.value = i; step.value = k;
    el.querySelector(".lrlab-rate-value").textContent = rates[i].toPrecision(4).replace(/\.?0+$/, "");
    el.querySelector(".lrlab-step-value").textContent = k;
    frame(ctx, W, H, model, i, k);
    const w = model.get("w")[i][k], loss = model.get("loss")[i][k];
    readout.innerHTML = labels.readout.replace("{step}", k).replace("{w}", fmt(w)).replace("{loss}", fmt(loss))
      + " &nbsp;·&nbsp; η = " + rates[i].toPrecision(4).replace(/\.?0+$/, "")
      + " &nbsp;·&nbsp; <b>" + labels.regime.replace("{name}", model.get("names")[i]) + "</b>"
      + `<span class="lrlab-state" hidden data-learning-rate="${rates[i]}" data-step="${k}" data-w="${w}"></span>`;
  };
  // Draw in this frame: no waiting for the kernel. Tell the kernel afterwards.
  const tell = () => { model.set("index", i); model.set("step", k); model.save_changes(); };

  rate.addEventListener("input", () => { i = +rate.value; draw(); tell(); });
  step.addEventListener("input", () => { k = +step.value; draw(); tell(); });
  // JupyterLab keeps arrow keys for itself inside notebooks, so the sliders handle their keys here.
  const moves = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10};
  el.addEventListener("keydown", (e) => {
    const input = e.target;
    if (input !== rate && input !== step) return;
    const max = +input.max;
    let value = +input.value;
    if (e.key in moves) value += moves[e.key];
    else if (e.key === "Home") value = 0;
    else if (e.key === "End") value = max;
    else return;
    e.preventDefault(); e.stopPropagation();
    input.value = Math.min(max, Math.max(0, value));
    input.dispatchEvent(new Event("input"));
  }, true);
  const stop = () => { clearInterval(timer); timer = null; play.textContent = "▶ " + labels.play; tell(); };
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (k >= model.get("steps")) k = 0;
    play.textContent = "⏸ " + labels.play;
    timer = setInterval(() => {
      k += 1; draw();
      if (k >= model.get("steps")) stop();
    }, model.get("interval"));
  });
  model.on("change:index", () => { i = model.get("index"); draw(); });
  model.on("change:step", () => { k = model.get("step"); draw(); });
  draw();
  return () => clearInterval(timer);
}

export default { render };
