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
}

# A cheap signature of a canvas' pixels (changes when anything drawn changes).
JS_PIXELS = """(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let h = 0; for (let i = 0; i < d.length; i += 12) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0;
  return canvas.width + 'x' + canvas.height + ':' + h;
}"""

JS_INK = """(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
  return ink;
}"""


def explorers(page, kind: str):
    return page.locator(KINDS[kind])


def pixels(explorer) -> str:
    return explorer.locator("canvas").evaluate(JS_PIXELS)


def ink(explorer, at_least: int = 2000, timeout: float = 5.0) -> int:
    """How many canvas pixels are painted (a blank canvas has 0); waits up to ``timeout`` s for ``at_least``."""
    deadline = time.monotonic() + timeout
    while True:
        n = explorer.locator("canvas").evaluate(JS_INK)
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
