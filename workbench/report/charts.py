"""Charts as inline SVG, with Chinese text drawn as glyph outlines.

``svg.fonttype = 'path'`` turns every glyph into a path, so the report needs no font at
reading time; at rendering time matplotlib needs a CJK font, found among the system
fonts (the project's set-up installs WenQuanYi Micro Hei from Debian).
"""

from __future__ import annotations

import functools
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
LEVEL_COLOURS = {"low": "#4caf50", "medium": "#ffb300", "high": "#f4511e", "severe": "#b71c1c"}


class MissingFontError(RuntimeError):
    pass


@functools.cache
def cjk_font() -> str:
    """The first installed CJK font family; raises with the fix when there is none."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FONTS:
        if family in installed:
            return family
    raise MissingFontError(
        "no Chinese font found for charts: install one, e.g. "
        "`apt-get install fonts-wqy-microhei` (make setup does this)"
    )


def _style() -> dict:
    return {
        "font.family": [cjk_font(), "DejaVu Sans"],
        "svg.fonttype": "path",
        "axes.unicode_minus": False,
        "svg.hashsalt": "workbench",
        "font.size": 10,
    }


def to_svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def bar_chart(
    labels: list[str],
    values: list[float],
    title: str,
    xlabel: str = "",
    colours=None,
    xmax: float | None = None,
    fmt: str = "{:,.0f}",
) -> str:
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(6.4, 0.38 * max(len(labels), 3) + 0.8))
        bars = ax.barh(labels[::-1], values[::-1], color=(colours or ["#3f6fb5"] * len(values))[::-1])
        ax.bar_label(bars, labels=[fmt.format(v) for v in values[::-1]], padding=3, fontsize=10)
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_xlabel(xlabel)
        if xmax:
            ax.set_xlim(0, xmax)
        ax.spines[["top", "right"]].set_visible(False)
        return to_svg(fig)


def risk_matrix(points, title: str, impact_label: str, likelihood_label: str) -> str:
    """A 4×4 impact × likelihood grid with each point's id placed in its cell."""
    import numpy as np

    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(5.2, 4.4))
        grid = np.array([[impact * likelihood for likelihood in range(1, 5)] for impact in range(1, 5)])
        cmap = matplotlib.colors.ListedColormap([LEVEL_COLOURS[k] for k in ("low", "medium", "high", "severe")])
        norm = matplotlib.colors.BoundaryNorm([0, 4, 8, 12, 17], cmap.N)
        ax.imshow(grid, origin="lower", cmap=cmap, norm=norm, alpha=0.35, extent=(0.5, 4.5, 0.5, 4.5))
        cells: dict = {}
        for p in points:
            cells.setdefault((p.likelihood, p.impact), []).append(p.point_id)
        for (lik, imp), ids in cells.items():
            ax.text(
                lik,
                imp,
                "\n".join(", ".join(ids[i : i + 3]) for i in range(0, len(ids), 3)),
                ha="center",
                va="center",
                fontsize=9,
            )
        ax.set_xticks(range(1, 5))
        ax.set_yticks(range(1, 5))
        ax.set_xlabel(likelihood_label)
        ax.set_ylabel(impact_label)
        ax.set_title(title, loc="left", fontsize=11)
        return to_svg(fig)
