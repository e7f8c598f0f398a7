"""Drive a real JupyterLab in headless Chromium (Playwright), for the browser tests and benchmarks.

The server runs from this Python environment on 127.0.0.1, a free port and a random token, serving a
temporary copy of notebooks/ (so Run All never writes into the repository) with its own settings and
workspace folders (so nothing leaks between runs).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
INSTALL_HINT = "apt-get install -y chromium   (Debian/Ubuntu; `playwright install` cannot download here)"


def find_chromium() -> str | None:
    env = os.environ.get("LRLAB_CHROMIUM")
    for path in ([env] if env else []) + list(CHROMIUM_CANDIDATES):
        if path and Path(path).exists():
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def voila_server(folder: Path):
    """A Voila server on a free local port serving ``folder``; yields its base URL, stops it on exit."""
    port = free_port()
    voila_bin = Path(sys.executable).parent / "voila"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the server
    proc = subprocess.Popen(
        [str(voila_bin), str(folder), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--template=lrlab"],
        env=dict(os.environ, JUPYTER_PATH=str(ROOT / "jupyter_config")),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


class LabServer:
    """A JupyterLab process; use as a context manager."""

    def __init__(self, notebooks: Path = ROOT / "notebooks"):
        self.tmp = Path(tempfile.mkdtemp(prefix="lrlab-lab-"))
        self.root = self.tmp / "notebooks"
        shutil.copytree(notebooks, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def _env(self):
        settings = self.tmp / "settings"
        notif = settings / "@jupyterlab" / "apputils-extension"
        notif.mkdir(parents=True)
        (notif / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env = dict(os.environ)
        env.update(
            {
                "JUPYTERLAB_SETTINGS_DIR": str(settings),
                "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces"),
                "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
                "JUPYTER_PLATFORM_DIRS": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def __enter__(self):
        jupyter = Path(sys.executable).parent / "jupyter"
        cmd = [
            str(jupyter),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={self.root}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.tmp / "server.log", "w")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self._env())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {(self.tmp / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("JupyterLab did not start within 60 s")

    def api(self, method: str, path: str):
        req = urllib.request.Request(f"{self.base}{path}?token={self.token}", method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def delete_sessions(self):
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------------ page helpers (Playwright sync API)

JS_ALL_RUN = """() => {
  const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def open_notebook(page, server: LabServer, name: str):
    page.goto(f"{server.base}/lab/tree/{name}?token={server.token}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=30_000)
    wait_kernel_idle(page)


def wait_kernel_idle(page, timeout: float = 60_000):
    page.wait_for_function(
        """() => { const a = window.jupyterapp; const w = a && a.shell.currentWidget;
                   const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                   return !!k && k.status === 'idle'; }""",
        timeout=timeout,
    )


def run_all(page, timeout: float = 120_000):
    page.click(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(JS_ALL_RUN, timeout=timeout)
    wait_kernel_idle(page, timeout)


def restart_and_run_all(page, timeout: float = 120_000):
    # not awaited: the command's promise only settles after its confirmation dialog is answered
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    page.click(".jp-Dialog .jp-mod-accept", timeout=15_000)
    # the prompts first clear, then fill again
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
                               .some(p => !/\\[\\d+\\]/.test(p.textContent))""",
        timeout=timeout,
    )
    page.wait_for_function(JS_ALL_RUN, timeout=timeout)
    wait_kernel_idle(page, timeout)


def problems(page) -> list[str]:
    """Error outputs, stderr outputs and widget failures visible in the notebook."""
    return page.evaluate("""() => {
      const out = [];
      const root = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
          .forEach(e => out.push('stderr: ' + e.textContent.slice(0, 300)));
      root.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')
          .forEach(e => out.push('error: ' + e.textContent.slice(0, 300)));
      if (root.textContent.includes('Error displaying widget')) out.push('Error displaying widget');
      return out;
    }""")


def run_code(page, source: str, timeout: float = 60_000):
    """Append a code cell to the open notebook, run it, and wait for it to finish."""
    page.evaluate(
        """async (src) => {
      const app = window.jupyterapp, nb = app.shell.currentWidget.content;
      const n = nb.widgets.length;
      nb.model.sharedModel.insertCell(n, {cell_type: 'code', source: src});
      nb.activeCellIndex = n;
      await app.commands.execute('notebook:run-cell');
    }""",
        source,
    )
    page.wait_for_function(
        """() => { const nb = window.jupyterapp.shell.currentWidget.content;
        const cell = nb.widgets[nb.widgets.length - 1];
        return /\\[\\d+\\]/.test(cell.node.querySelector('.jp-InputPrompt').textContent); }""",
        timeout=timeout,
    )
    wait_kernel_idle(page, timeout)


def kernel_pids(server: LabServer) -> list[int]:
    import psutil

    return [
        p.pid for p in psutil.Process(server.proc.pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())
    ]


def rss_mb(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


# ------------------------------------------------------------------ lrlab explorers (anywidget), read as a person reads them

KINDS = {
    "rate": ".lrlab-explorer.lrlab-kind-rate",
    "decay": ".lrlab-explorer.lrlab-kind-decay",
    "map": ".lrlab-explorer.lrlab-kind-map",
    "noise": ".lrlab-explorer.lrlab-kind-noise",
}

# A cheap signature of a canvas' pixels (changes when anything drawn changes), and how many pixels are painted.
JS_PIXELS = """(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let h = 0, ink = 0;
  for (let i = 0; i < d.length; i += 4) { h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0; if (d[i + 3]) ink++; }
  return [canvas.width + 'x' + canvas.height + ':' + h, ink];
}"""


def explorers(page, kind: str | None = None):
    return page.locator(KINDS[kind] if kind else ".lrlab-explorer")


def canvas(explorer):
    return explorer.locator('canvas[role="img"]')


def pixels(explorer) -> str:
    return canvas(explorer).evaluate(JS_PIXELS)[0]


def ink(explorer, at_least: int = 2000, timeout: float = 5.0) -> int:
    """How many canvas pixels are painted (a blank canvas has 0); waits up to ``timeout`` s for ``at_least``."""
    deadline = time.monotonic() + timeout
    while True:
        n = canvas(explorer).evaluate(JS_PIXELS)[1]
        if n >= at_least or time.monotonic() > deadline:
            return n
        time.sleep(0.05)


def readout(explorer) -> str:
    return explorer.locator(".lrlab-readout").text_content()


def control(explorer, label: str):
    """The input a person finds by its visible label (``<label for>``)."""
    return explorer.get_by_label(label, exact=True)


def value_text(explorer, label: str) -> str:
    return control(explorer, label).get_attribute("aria-valuetext")


def press(explorer, label: str, key: str, times: int = 1):
    box = control(explorer, label)
    box.focus()
    for _ in range(times):
        box.press(key)


def wait_pixels_change(explorer, before: str, timeout: float = 10_000) -> float:
    start = time.perf_counter()
    deadline = start + timeout / 1000
    while time.perf_counter() < deadline:
        if pixels(explorer) != before:
            return time.perf_counter() - start
        time.sleep(0.005)
    raise TimeoutError("the explorer's picture did not change")


def view_of(page, explorer) -> dict:
    """The explorer's view model as its page stores it (the widget state of its own output), or as the kernel
    sent it (read back from the model through the explorer's own inputs: see ``positions``)."""
    model_id = explorer.evaluate("""(el) => { const s = el.closest('.jupyter-widgets, .jp-OutputArea-output')
        ?.querySelector('script[type="application/vnd.jupyter.widget-view+json"]');
        return s ? JSON.parse(s.textContent).model_id : null; }""")
    state = page.evaluate(
        """(id) => { const s = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
        return s && id ? JSON.parse(s.textContent).state[id].state.view : null; }""",
        model_id,
    )
    return state


def positions(explorer) -> dict:
    """Every knob's position as the explorer's inputs show it: {trait: index or True/False}."""
    return explorer.evaluate("""(el) => Object.fromEntries([...el.querySelectorAll('input[data-trait]')]
        .map((i) => [i.dataset.trait, i.type === 'checkbox' ? i.checked : Number(i.value)]))""")


def _run(view, **schedule):
    import lrlab

    loss = lrlab.Quadratic(curvature=view["loss"]["curvature"], centre=view["loss"]["centre"])
    if "decay_rate" in schedule:
        rate = lrlab.exponential_decay(schedule["learning_rate"], schedule["decay_steps"], schedule["decay_rate"],
                                       schedule["staircase"])  # fmt: skip
    else:
        rate = schedule["learning_rate"]
    return lrlab.descend(rate, w0=view["w0"], steps=schedule.get("steps", view["steps"]), loss=loss), loss


#: The kinds of explorer whose readout ``expected_readout`` works out (another kind is driven and checked for
#: its picture only; its own tests check its readout).
READ = {"rate", "decay", "map", "noise"}


def expected_readout(view: dict, pos: dict) -> str:
    """What the readout must say at these knob positions, worked out here with lrlab itself."""
    import lrlab
    from lrlab import view as v
    from lrlab.outcomes import classify

    L, kind = view["labels"], view["kind"]

    def num(x, decimals=6):
        return v.number(x, L["overflow"], decimals)

    if kind in ("rate", "decay"):
        k = pos["step"]
        if kind == "rate":
            run, _ = _run(view, learning_rate=view["rates"][pos["index"]])
            name = lrlab.regime(view["rates"][pos["index"]], run.loss_fn)
            tail = [
                v.fill(L["rate_now"], rate=view["rate_texts"][pos["index"]]),
                v.fill(L["regime"], name=L["regime:" + name]),
            ]
        else:
            settings = dict(learning_rate=view["rates"][pos["index"]], decay_rate=view["decay_rates"][pos["decay_index"]],
                            decay_steps=view["decay_steps_options"][pos["decay_steps_index"]], staircase=pos["staircase"])  # fmt: skip
            run, _ = _run(view, **settings)
            updates = v.limit_horizon(settings["decay_rate"], settings["decay_steps"])
            stop = float(_run(view, **settings, steps=updates)[0].w[-1]) if updates else float("nan")
            tail = [v.fill(L["rate_used"], rate=num(run.lr[min(k, run.steps - 1)])),
                    v.fill(L["limit"], limit=num(stop, 3)) if np.isfinite(stop) else ""]  # fmt: skip
        return v.status_line([v.fill(L["readout"], step=k, w=num(run.w[k]), loss=num(run.loss[k])), *tail])
    if kind == "map":
        i, j = pos["i"], pos["j"]
        run, _ = _run(view, learning_rate=view["rates"][i], decay_rate=view["decay_rates"][j],
                      decay_steps=view["decay_steps"], staircase=view["staircase"])  # fmt: skip
        name = view["outcome_names"][int(classify(run, view["tol"]))]
        return v.status_line([v.fill(L["selection"], rate=view["rate_texts"][i], decay=view["decay_texts"][j]),
                              v.fill(L["final"], T=view["steps"], w=num(run.w[-1])), v.fill(L["outcome"], name=name)])  # fmt: skip
    eta, sigma = view["rates"][pos["index"]], view["noises"][pos["noise_index"]]
    loss = lrlab.Quadratic(curvature=view["loss"]["curvature"], centre=view["loss"]["centre"])
    mean = v.expected_loss(eta, sigma, w0=view["w0"], steps=view["steps"], loss=loss)[-1]
    return v.status_line([v.fill(L["noise_readout"], rate=view["rate_texts"][pos["index"]], noise=view["noise_texts"][pos["noise_index"]],
                                 floor=num(lrlab.noise_floor(eta, sigma, loss)), T=view["steps"], mean=num(mean))])  # fmt: skip


def operate_every_control(page, explorer, view: dict | None = None, *, play: bool = True) -> int:
    """Use every control of an explorer as a person would: each slider (keys), each box, each preset, Play, a
    click on the picture. Each must change the picture, which must never be blank; with ``view``, the readout
    must then say lrlab's numbers. Returns how many controls were used."""
    used = 0

    def check(what):
        assert ink(explorer) > 2000, f"{what}: the picture is blank"
        if view is not None and view["kind"] in READ:
            got = readout(explorer)
            assert got == expected_readout(view, positions(explorer)), (what, got)

    def changed(what, act, or_readout=False):
        before, said = pixels(explorer), readout(explorer)
        act()
        try:
            wait_pixels_change(explorer, before, timeout=5_000)
        except TimeoutError as exc:
            # a preset may name another setting with the very same run (two optimizers' Adam): then the readout
            # must say so
            if not (or_readout and readout(explorer) != said):
                raise AssertionError(f"{what}: the picture did not change ({readout(explorer)})") from exc
        check(what)

    check("first view")
    sliders = explorer.locator('input[type="range"]')
    for n in range(sliders.count()):
        box = sliders.nth(n)
        name = box.get_attribute("data-trait")
        # every key moves it (Home from 0 or End at the end would not), and it ends inside its range (so the
        # knobs after it act on a run they change: a decay rate of 1 would make decay steps idle)
        keys = ("End", "Home", "PageUp") if box.input_value() == "0" else ("Home", "End", "Home", "PageUp")
        for key in keys:
            box.focus()
            changed(f"{name} {key}", lambda box=box, key=key: box.press(key))
        used += 1
    boxes = explorer.locator('input[type="checkbox"]')
    for n in range(boxes.count()):
        for _ in range(2):
            changed(boxes.nth(n).get_attribute("data-trait"), boxes.nth(n).click)
        used += 1
    presets = explorer.locator(".lrlab-presets button")
    for n in range(presets.count()):
        button = presets.nth(n)
        if button.get_attribute("aria-pressed") != "true":
            changed(f"preset {button.inner_text()}", button.click, or_readout=True)
            assert button.get_attribute("aria-pressed") == "true"
        used += 1
    if "lrlab-kind-map" in (explorer.get_attribute("class") or ""):
        box = json.loads(canvas(explorer).get_attribute("data-panels"))[0]  # the map's panel
        spot = {"x": box["x"] + box["w"] * 0.3, "y": box["y"] + box["h"] * 0.4}
        changed("a click on the map", lambda: canvas(explorer).click(position=spot))
        used += 1
    larger = explorer.locator(".lrlab-larger")
    changed("larger text", larger.click)
    changed("larger text off", larger.click)
    used += 1
    button = explorer.locator(".lrlab-play")
    if play and button.count():
        step = explorer.locator('input[data-trait="step"]')
        step.focus()
        step.press("Home")
        width = button.bounding_box()["width"]
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        seen = set()
        deadline = time.monotonic() + 30
        while button.get_attribute("aria-pressed") == "true" and time.monotonic() < deadline:
            seen.add(step.input_value())
            assert abs(button.bounding_box()["width"] - width) < 0.5, "Play and Pause have different widths"
            time.sleep(0.03)
        assert button.get_attribute("aria-pressed") == "false" and step.input_value() == step.get_attribute("max")
        assert len(seen) >= 5, seen  # it went through frames, not straight to the end
        check("Play")
        used += 1
    return used


# What a person sees of an explorer's layout: overflow, text sizes, colours against their background.
JS_LAYOUT = r"""(el) => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, n) => s + v * [0.2126, 0.7152, 0.0722][n], 0);
  const background = (node) => { for (let n = node; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); } return [255, 255, 255]; };
  const texts = [];
  for (const node of el.querySelectorAll('*')) {
    if (!node.offsetParent || ![...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())) continue;
    const cs = getComputedStyle(node), fg = rgb(cs.color).slice(0, 3), bg = background(node);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    texts.push({ text: node.textContent.trim().slice(0, 40), size: parseFloat(cs.fontSize), contrast: (a + 0.05) / (b + 0.05) });
  }
  const r = el.getBoundingClientRect();
  return { texts, overflow: el.scrollWidth - el.clientWidth, right: r.right, page: document.documentElement.scrollWidth,
           window: window.innerWidth, canvasHeight: el.querySelector('canvas[role="img"]').clientHeight,
           canvasWidth: el.querySelector('canvas[role="img"]').clientWidth };
}"""


def layout(explorer) -> dict:
    return explorer.evaluate(JS_LAYOUT)


def start_cell(page, source: str):
    """Append a code cell to the open JupyterLab notebook and start it, without waiting for it to finish."""
    page.evaluate(
        """(src) => {
      const app = window.jupyterapp, nb = app.shell.currentWidget.content;
      const n = nb.widgets.length;
      nb.model.sharedModel.insertCell(n, {cell_type: 'code', source: src});
      nb.activeCellIndex = n;
      app.commands.execute('notebook:run-cell');
    }""",
        source,
    )
