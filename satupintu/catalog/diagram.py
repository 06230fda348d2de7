"""A workflow definition drawn as SVG on the server (no JavaScript): steps as boxes in columns
by their distance from the start, actions as arrows with their labels.

Every piece of text is escaped; the result is safe to put inline in a page. The page also lists
the same steps and actions as text, which is what screen readers and printouts use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from satupintu.catalog.workflow import Definition

BOX_W, BOX_H = 170, 58
COL_GAP, ROW_GAP = 70, 34
MARGIN = 24


@dataclass(frozen=True)
class Box:
    key: str
    x: int
    y: int


def _columns(definition: Definition) -> dict[str, int]:
    """Step key → column: breadth-first distance from the start; terminal steps last."""
    column: dict[str, int] = {}
    if definition.step(definition.start) is not None:
        column[definition.start] = 0
        queue = [definition.start]
        while queue:
            key = queue.pop(0)
            for action in definition.actions_from(key):
                if action.target not in column:
                    column[action.target] = column[key] + 1
                    queue.append(action.target)
    working = [s for s in definition.steps if not s.is_terminal]
    last = max([column.get(s.key, 0) for s in working] or [0]) + 1
    for step in definition.steps:
        if step.is_terminal:
            column[step.key] = last
        elif step.key not in column:
            column[step.key] = 0  # unreachable: drawn at the left, the problems list says so
    return column


def layout(definition: Definition) -> dict[str, Box]:
    columns = _columns(definition)
    rows: dict[int, int] = {}
    boxes: dict[str, Box] = {}
    for step in definition.steps:
        col = columns[step.key]
        row = rows.get(col, 0)
        rows[col] = row + 1
        boxes[step.key] = Box(
            step.key,
            MARGIN + col * (BOX_W + COL_GAP),
            MARGIN + row * (BOX_H + ROW_GAP),
        )
    return boxes


def _clip(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(definition: Definition) -> SafeString:
    """The diagram as an inline <svg> element."""
    boxes = layout(definition)
    if not boxes:
        return mark_safe("")
    width = max(b.x for b in boxes.values()) + BOX_W + MARGIN
    height = max(b.y for b in boxes.values()) + BOX_H + MARGIN + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="wf-title"><title id="wf-title">{escape(_("Diagram alur kerja"))}</title>',
        '<defs><marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#334155"/></marker></defs>',
    ]
    for action in definition.actions:
        src, dst = boxes.get(action.source), boxes.get(action.target)
        if src is None or dst is None:
            continue
        if dst.x > src.x:
            x1, y1 = src.x + BOX_W, src.y + BOX_H // 2
            x2, y2 = dst.x, dst.y + BOX_H // 2
            path = f"M{x1},{y1} C{x1 + 30},{y1} {x2 - 30},{y2} {x2},{y2}"
            lx, ly = (x1 + x2) // 2, (y1 + y2) // 2 - 4
        else:
            # Back (or sideways) moves loop under the boxes.
            x1, y1 = src.x + BOX_W // 2 + 12, src.y + BOX_H
            x2, y2 = dst.x + BOX_W // 2 - 12, dst.y + BOX_H
            low = max(y1, y2) + 30
            path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
            lx, ly = (x1 + x2) // 2, low - 2
        dash = ' stroke-dasharray="5 4"' if action.returns_for_correction else ""
        parts.append(
            f'<path d="{path}" fill="none" stroke="#334155" stroke-width="1.5"{dash} '
            f'marker-end="url(#wf-arrow)"/>'
            f'<text x="{lx}" y="{ly}" font-size="11" text-anchor="middle" fill="#0f172a">'
            f"{escape(_clip(action.label, 28))}</text>"
        )
    for action in definition.actions:
        # The applicant's resubmission: back from the waiting step to the step that asked.
        src, dst = boxes.get(action.target), boxes.get(action.source)
        if not action.returns_for_correction or src is None or dst is None:
            continue
        x1, y1 = src.x + BOX_W // 2, src.y
        x2, y2 = dst.x + BOX_W // 2, dst.y
        top = min(y1, y2) - 2
        parts.append(
            f'<path d="M{x1},{y1} C{x1},{top - 14} {x2},{top - 14} {x2},{y2}" fill="none" '
            f'stroke="#854d0e" stroke-width="1.2" stroke-dasharray="2 3" '
            f'marker-end="url(#wf-arrow)"/>'
        )
    for step in definition.steps:
        box = boxes[step.key]
        if step.outcome == "completed":
            fill, stroke = "#dcfce7", "#166534"
        elif step.outcome:
            fill, stroke = "#f1f5f9", "#475569"
        elif step.waits_on_citizen:
            fill, stroke = "#fef9c3", "#854d0e"
        else:
            fill, stroke = "#e0f2fe", "#075985"
        start = step.key == definition.start
        detail = (
            _("menunggu pemohon")
            if step.waits_on_citizen
            else (
                _("akhir")
                if step.outcome
                else ngettext("%(n)d hari kerja", "%(n)d hari kerja", step.sla_days)
                % {"n": step.sla_days}
            )
        )
        parts.append(
            f'<g><rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{3 if start else 1.5}"/>'
            f'<text x="{box.x + 10}" y="{box.y + 20}" font-size="13" font-weight="bold" '
            f'fill="#0f172a">{escape(_clip(step.label_internal or step.label))}</text>'
            f'<text x="{box.x + 10}" y="{box.y + 37}" font-size="11" fill="#334155">'
            f"{escape(_clip(step.label))}</text>"
            f'<text x="{box.x + 10}" y="{box.y + 51}" font-size="11" fill="#334155">'
            f"{escape(detail)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
