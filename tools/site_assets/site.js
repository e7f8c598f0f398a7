// The explorers of a page of the lrlab website, with no kernel and no widget manager.
//
// A page keeps each explorer as Jupyter stores it: a widget-view script where the explorer was shown, and the
// page's widget state (its model's traits, binary ones base64-encoded). For each view this script builds a
// small model (get, set, on/off "change:<trait>", save_changes) from the stored state and hands it to the
// explorer's renderer, the ES module lrlab stored with it (which puts the stored stylesheet in the page); the
// builder put each renderer's source once in static/ (window.LRLAB_RENDERERS[id]). A classic script, so that
// pages opened from a folder (file://) work.
(function () {
  "use strict";
  const STATE = "application/vnd.jupyter.widget-state+json";
  const VIEW = "application/vnd.jupyter.widget-view+json";

  function bytes(base64) {
    const text = atob(base64), out = new Uint8Array(text.length);
    for (let n = 0; n < text.length; n++) out[n] = text.charCodeAt(n);
    return new DataView(out.buffer);
  }

  // The model one explorer reads and writes: its stored traits, binary buffers put back at their paths.
  function model(stored) {
    const values = Object.assign({}, stored.state);
    for (const b of stored.buffers || []) {
      let at = values;
      b.path.slice(0, -1).forEach((key) => { at = at[key]; });
      at[b.path[b.path.length - 1]] = bytes(b.data);
    }
    const listeners = new Map();
    return {
      get: (name) => values[name],
      set(name, value) {
        if (values[name] === value) return;
        values[name] = value;
        for (const f of listeners.get("change:" + name) || []) f();
      },
      on(event, f) { listeners.set(event, (listeners.get(event) || []).concat([f])); },
      off(event, f) { listeners.set(event, (listeners.get(event) || []).filter((g) => g !== f)); },
      save_changes() {},  // no kernel to tell
      send() {},
    };
  }

  const renderers = new Map();

  function renderer(id) {
    if (!renderers.has(id)) {
      const source = (window.LRLAB_RENDERERS || {})[id];
      if (typeof source !== "string") return Promise.reject(new Error("lrlab site: no renderer " + id));
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      renderers.set(id, import(url));
    }
    return renderers.get(id);
  }

  async function start() {
    const script = document.querySelector('script[type="' + STATE + '"]');
    if (!script) return;
    const state = JSON.parse(script.textContent).state;
    for (const view of document.querySelectorAll('script[type="' + VIEW + '"]')) {
      const stored = state[JSON.parse(view.textContent).model_id];
      if (!stored || stored.model_module !== "anywidget") continue;
      const el = document.createElement("div");
      view.parentElement.append(el);
      const module = await renderer(stored.state._esm);
      module.default.render({ model: model(stored), el });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
