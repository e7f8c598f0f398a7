"""The optimizer explorer: an optimizer, its learning rate and its one or two main knobs, drawn and computed in the
browser like lrlab's other explorers (:mod:`lrlab.widgets`).

Knobs: the optimizer (Keras's SGD with momentum, the course's SGDM, Keras's RMSprop, Keras's and the course's
Adam), the learning rate η, β (the momentum; Adam's β₁; RMSprop's ρ), Adam's β₂, and the update (with Play).
Panels: ``w`` on the parabola, the distance to the minimum per update (log scale), and the heavy ball's (η, β)
map (:func:`lrlab.plotting.momentum_map`: the factor ρ by which |w − c| shrinks per update, in classes), where a
click picks a setting. For the course's SGDM the map is that of the heavy ball with the rate (1 − β)η; for RMSprop
and Adam, which have no such formula, it is shown faded.

The browser runs ``static/explorer.js`` with ``static/optimizer_explorer.js`` appended to its module, and computes
each run with ``static/descent.js`` (bit for bit :func:`lrlab.descend` with the optimizer), so every knob answers
with the kernel busy, dead or absent.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import traitlets

from . import _validation as v
from . import i18n, view
from .descent import Trajectory, descend
from .widgets import MAX_STATE_BYTES, STATIC, Chosen, Explorer, Listed, checked_loss, rate_options, renderer, view_model

__all__ = ["OPTIMIZERS", "OptimizerExplorer", "optimizer_renderer"]

#: The optimizers on offer: descent.js's name, the parameter the β knob sets, the one the β₂ knob sets, the map
#: layer that holds its theory (0: the heavy ball, 1: the course's SGDM; −1: none) and its readout template.
OPTIMIZERS: tuple[dict[str, Any], ...] = (
    {"name": "keras.SGD", "beta": "momentum", "beta2": None, "map": 0, "setting": "opt.setting"},
    {"name": "course.SGDM", "beta": "beta", "beta2": None, "map": 1, "setting": "opt.setting"},
    {"name": "keras.RMSprop", "beta": "rho", "beta2": None, "map": -1, "setting": "opt.setting_rho"},
    {"name": "keras.Adam", "beta": "beta_1", "beta2": "beta_2", "map": -1, "setting": "opt.setting_adam"},
    {"name": "course.Adam", "beta": "beta1", "beta2": "beta2", "map": -1, "setting": "opt.setting_adam"},
)

#: The explorer's own texts (catalogue keys ``opt.…``), beside the shared explorer labels.
LABEL_KEYS = (
    "opt.optimizer",
    "opt.beta",
    "opt.beta2",
    "opt.setting",
    "opt.setting_rho",
    "opt.setting_adam",
    "opt.setting_of",
    "opt.factor",
    "opt.factor_diverges",
    "opt.map_none",
    "opt.map_heavy",
    "opt.map_course",
    "opt.canvas",
    "opt.text",
)


@functools.cache
def optimizer_renderer() -> str:
    """explorer.js's module (:func:`lrlab.widgets.renderer`) with ``static/optimizer_explorer.js`` appended: the
    scaffold and its helpers, and the optimizer kind registered in it."""
    return renderer() + "\n" + (STATIC / "optimizer_explorer.js").read_text(encoding="utf-8")


def _labels(overrides) -> dict:
    """The shared explorer labels and this explorer's own, in the current language, with ``overrides`` applied
    (each checked now: a known key, a str)."""
    own = {k: i18n.text(k) for k in LABEL_KEYS}
    if overrides is None:
        return view.check_labels(None) | own
    if not isinstance(overrides, dict):
        v.fail("labels", "a dict of texts", overrides, TypeError)
    base = view.check_labels({k: t for k, t in overrides.items() if k not in own})
    for key, text in overrides.items():
        if key in own and not isinstance(text, str):
            v.fail(f"labels[{key!r}]", "a str", text, TypeError)
    return base | own | {k: t for k, t in overrides.items() if k in own}


def _classes(factor: np.ndarray) -> np.ndarray:
    from .plotting import RHO_EDGES

    return np.searchsorted(np.asarray(RHO_EDGES), factor, side="right").astype(np.uint8)


def _map_lines(m, layer: int) -> dict:
    """The edge (largest converging rate per momentum) and the best momentum per rate of a map layer, as lists of
    [η, β] points inside the map."""
    x_axis, y_axis = m.axes()
    h = m.loss.curvature
    beta = np.linspace(max(y_axis.lo, 0.0), min(y_axis.hi, 0.999), 120)
    if layer == 0:  # the heavy ball: ηh = 2(1 + β); best β = (1 − √(ηh))²
        edge = 2 * (1 + beta) / h
        eta = np.geomspace(x_axis.lo, min(x_axis.hi, 4 / h), 200)
        best = np.stack([eta, (1 - np.sqrt(eta * h)) ** 2], axis=1)
    else:  # the course's SGDM: the heavy ball with the rate (1 − β)η
        edge = 2 * (1 + beta) / ((1 - beta) * h)
        best = np.stack([(1 - np.sqrt(beta)) ** 2 / ((1 - beta) * h), beta], axis=1)
    edge_points = np.stack([edge, beta], axis=1)
    keep = (edge_points[:, 0] >= x_axis.lo) & (edge_points[:, 0] <= x_axis.hi)
    inside = (best[:, 0] >= x_axis.lo) & (best[:, 0] <= x_axis.hi) & (best[:, 1] <= y_axis.hi)
    return {"edge": np.round(edge_points[keep], 6).tolist(), "best": np.round(best[inside], 6).tolist()}


class OptimizerExplorer(Explorer):
    """An optimizer × the learning rate × β (momentum; Adam's β₁; RMSprop's ρ) × Adam's β₂: ``w`` on the parabola,
    its distance to the minimum per update, and the heavy ball's (η, β) map, where a click picks η and β.

    ``index`` (the optimizer), ``i`` (the rate), ``j`` (β), ``beta2_index`` and ``step`` hold the knobs' positions
    (setting them from Python moves the view); ``optimizer`` is the lrlab optimizer on show and ``trajectory``
    its run (what the browser computes and draws).
    """

    KNOBS = {"index": "optimizers", "i": "rates", "j": "momenta", "beta2_index": "beta2s"}
    RATE_PRESETS = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 1.2, 1.5)
    BETA2S = (0.9, 0.99, 0.999, 0.9999)

    index = traitlets.Int(0).tag(sync=True)
    i = traitlets.Int(0).tag(sync=True)
    j = traitlets.Int(0).tag(sync=True)
    beta2_index = traitlets.Int(0).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    #: the map's class of every (rate, momentum), one layer per theory (uint8, layer × rate × momentum)
    codes = traitlets.Bytes().tag(sync=True)

    def __init__(
        self,
        optimizer="keras.SGD",
        learning_rate=0.02,
        beta=0.9,
        beta2=0.999,
        *,
        w0=5.0,
        steps=100,
        loss=None,
        labels=None,
        interval=150,
    ):
        from .optimizers import momentum_rate
        from .plotting import RHO_COLORS, momentum_map

        L = _labels(labels)
        names = [o["name"] for o in OPTIMIZERS]
        if optimizer not in names:
            v.fail("optimizer", f"one of {names}", optimizer)
        lr = v.scalar(v.positive("learning_rate", learning_rate), "learning_rate", learning_rate)
        b = v.scalar(v.real("beta", beta), "beta", beta)
        if not 0 <= b < 1:
            v.fail("beta", "in [0, 1)", beta)
        b2 = v.scalar(v.real("beta2", beta2), "beta2", beta2)
        if b2 not in self.BETA2S:
            v.fail("beta2", f"one of {list(self.BETA2S)}", beta2)
        steps = v.count("steps", steps, minimum=1, maximum=2_000)
        interval = v.count("interval", interval, minimum=10, maximum=10_000)
        self.w0 = w0 = float(v.finite("w0", w0))
        self.loss = loss = checked_loss(loss)
        rates = rate_options(min(1e-3, lr), max(2.0, lr), (*self.RATE_PRESETS, lr), per_decade=20)
        momenta = sorted({round(0.02 * k, 2) for k in range(50)} | {0.99, round(b, 10)})
        m = momentum_map(rates, momenta, loss)
        course = np.asarray(momentum_rate((1 - m.momenta[None, :]) * m.learning_rates[:, None], m.momenta, loss))
        codes = np.stack([m.codes, _classes(course)])
        x_axis, y_axis = m.axes()
        x_edges, y_edges = m.edges()
        reach = 2 * abs(w0 - loss.centre) or 1.0  # the parabola panel: twice the start's distance on either side
        p_axes, _ = view.parabola_axes(np.array([[loss.centre - reach], [loss.centre + reach]]), loss, L)
        self.map = m
        super().__init__(
            kind="optimizer",
            view=view_model(
                "optimizer",
                L,
                loss,
                w0=w0,
                steps=steps,
                legend=[
                    *view.legend(L, exact=True),
                    *(
                        view.LegendEntry(name, color, "square")
                        for name, color in zip(m.class_names(), RHO_COLORS, strict=True)
                    ),
                    view.LegendEntry(L["selected"], "#000000", "x", "selected"),
                ],
                description=view.fill(L["opt.canvas"], loss=str(loss)),
                layers=list(view.PARABOLA_LAYERS),
                interval=interval,
                optimizers=[dict(o) for o in OPTIMIZERS],
                optimizer_texts=names,
                optimizer_presets=list(range(len(names))),
                rates=rates,
                rate_texts=[view.rate_text(r) for r in rates],
                momenta=momenta,
                momentum_texts=[f"{x:g}" for x in momenta],
                beta2s=list(self.BETA2S),
                beta2_texts=[f"{x:g}" for x in self.BETA2S],
                map_colors=list(RHO_COLORS),
                map_titles=[L["opt.map_none"], L["opt.map_heavy"], L["opt.map_course"]],
                map_lines=[_map_lines(m, 0), _map_lines(m, 1)],
                axes={
                    "parabola": [a.to_json() for a in p_axes[0]],
                    "distance": view.log_axis(-8, max(1, math.ceil(math.log10(reach))), L["distance"]).to_json(),
                    "step": view.step_axis(steps, L).to_json(),
                    "map_x": x_axis.to_json(),
                    "map_y": y_axis.to_json(),
                    "x_edges": x_edges.tolist(),
                    "y_edges": y_edges.tolist(),
                },
            ),
            codes=np.ascontiguousarray(codes, dtype=np.uint8).tobytes(),
            index=names.index(optimizer),
            i=rates.index(lr),
            j=momenta.index(round(b, 10)),
            beta2_index=self.BETA2S.index(b2),
            step=steps,
        )
        if self.state_bytes() > MAX_STATE_BYTES:  # pragma: no cover - the grids above are fixed and small
            v.fail("learning_rate", f"a grid small enough for the explorer's {MAX_STATE_BYTES:,} bytes", lr)

    @property
    def _esm(self) -> str:
        return optimizer_renderer()

    @traitlets.validate("beta2_index")
    def _check_beta2(self, proposal):
        value, top = proposal["value"], len(self.BETA2S) - 1
        if not 0 <= value <= top:
            v.fail("beta2_index", f"an int between 0 and {top}", value)
        return value

    # -- the numbers

    rates, momenta, beta2s = Listed("rates"), Listed("momenta"), Listed("beta2s")
    learning_rate, beta, beta2 = Chosen("i"), Chosen("j"), Chosen("beta2_index")

    @property
    def optimizer_spec(self) -> dict:
        """The optimizer on show as descent.js takes it: ``{"name": …, <its β>: β, <its β₂>: β₂}``."""
        o = OPTIMIZERS[self.index]
        spec: dict[str, Any] = {"name": o["name"], o["beta"]: self.beta}
        if o["beta2"]:
            spec[o["beta2"]] = self.beta2
        return spec

    @property
    def optimizer(self):
        """The lrlab optimizer on show."""
        from . import optimizers

        spec = self.optimizer_spec
        convention, name = spec["name"].split(".")
        return getattr(getattr(optimizers, convention), name)(**{k: x for k, x in spec.items() if k != "name"})

    @property
    def trajectory(self) -> Trajectory:
        """The run on show (what the browser computes and draws)."""
        return descend(self.learning_rate, w0=self.w0, steps=self.steps, loss=self.loss, optimizer=self.optimizer)

    def factor(self) -> float | None:
        """The heavy ball's factor ρ per update for the setting on show (:func:`lrlab.optimizers.momentum_rate`;
        the course's SGDM with the rate (1 − β)η); None for RMSprop and Adam."""
        from .optimizers import momentum_rate

        layer = OPTIMIZERS[self.index]["map"]
        if layer < 0:
            return None
        eta = (1 - self.beta) * self.learning_rate if layer == 1 else self.learning_rate
        return float(momentum_rate(eta, self.beta, self.loss))

    def readout(self) -> str:
        """The readout the browser shows for the knobs' positions."""
        L, k, run, rho = self.labels, self.step, self.trajectory, self.factor()
        setting = view.fill(
            L[OPTIMIZERS[self.index]["setting"]],
            rate=self.view["rate_texts"][self.i],
            beta=self.view["momentum_texts"][self.j],
            beta2=self.view["beta2_texts"][self.beta2_index],
        )
        theory = (
            ""
            if rho is None
            else view.fill(L["opt.factor" if rho < 1 else "opt.factor_diverges"], rho=self._num(rho, 3))
        )
        return view.status_line(
            [
                view.fill(L["readout"], step=k, w=self._num(run.w[k]), loss=self._num(run.loss[k])),
                view.fill(L["opt.setting_of"], optimizer=self.view["optimizer_texts"][self.index], setting=setting),
                theory,
            ]
        )

    def figure(self):
        """The picture on show as a static matplotlib figure: ``w`` per update, and the map with the setting
        marked."""
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.figure import Figure

        from .fonts import use_cjk
        from .plotting import RHO_COLORS, apply_axes, w_steps_panel

        fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
        ax_run, ax_map = fig.subplots(1, 2)
        w_steps_panel(ax_run, self.trajectory, labels={k: t for k, t in self._overrides().items() if k in view.LABELS})
        layer = OPTIMIZERS[self.index]["map"]
        codes = np.frombuffer(self.codes, dtype=np.uint8).reshape(2, len(self.rates), len(self.momenta))
        x_edges, y_edges = self.view["axes"]["x_edges"], self.view["axes"]["y_edges"]
        cmap, n = ListedColormap(list(RHO_COLORS)), len(RHO_COLORS)
        ax_map.pcolormesh(
            x_edges,
            y_edges,
            codes[max(layer, 0)].T,
            cmap=cmap,
            norm=BoundaryNorm(np.arange(n + 1) - 0.5, n),
            alpha=1.0 if layer >= 0 else 0.3,
            rasterized=True,
        )
        x_axis, y_axis = self.map.axes()
        apply_axes(ax_map, x_axis, y_axis)
        ax_map.grid(False)
        if layer >= 0:
            lines = self.view["map_lines"][layer]
            for key, style in (("edge", "--"), ("best", "-")):
                pts = np.array(lines[key]).reshape(-1, 2)
                ax_map.plot(pts[:, 0], pts[:, 1], style, color="black", lw=1.6)
        ax_map.plot([self.learning_rate], [self.beta], "x", color="black", ms=10, mew=2.5)
        ax_map.set_title(self.view["map_titles"][layer + 1], fontsize=10)
        use_cjk(fig)
        return fig

    def _repr_text(self) -> str:
        return i18n.text_in(
            self._language,
            "opt.text",
            optimizer=self.view["optimizer_texts"][self.index],
            setting=view.fill(
                self.labels[OPTIMIZERS[self.index]["setting"]],
                rate=self.view["rate_texts"][self.i],
                beta=self.view["momentum_texts"][self.j],
                beta2=self.view["beta2_texts"][self.beta2_index],
            ),
            loss=str(self.loss),
            w0=f"{self.w0:g}",
            steps=self.steps,
            end=self._num(self.trajectory.w[-1]),
        )
