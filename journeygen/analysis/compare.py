"""Current journey vs its ideal: emotion per stage, touchpoints added and removed,
KPI targets that changed, the bottleneck before and after."""

from __future__ import annotations

from journeygen.model.site import Comparison, Journey, KpiChange, StageDelta


def compare(current: Journey, ideal: Journey) -> Comparison:
    """Stages are matched by id, touchpoints by id (a shared `ref` keeps its id)."""
    now = {s.id: s for s in current.stages}
    then = {s.id: s for s in ideal.stages}
    order = [s.id for s in ideal.stages] + [s.id for s in current.stages if s.id not in then]
    deltas = []
    for stage_id in order:
        before, after = now.get(stage_id), then.get(stage_id)
        before_tps = {tp.id: tp for tp in before.touchpoints} if before else {}
        after_tps = {tp.id: tp for tp in after.touchpoints} if after else {}
        deltas.append(
            StageDelta(
                stage_id=stage_id,
                name=(after or before).name,  # type: ignore[union-attr]
                current_emotion=before.emotion if before else None,
                ideal_emotion=after.emotion if after else None,
                added=tuple(tp for key, tp in after_tps.items() if key not in before_tps),
                removed=tuple(tp for key, tp in before_tps.items() if key not in after_tps),
                kept=tuple(tp for key, tp in after_tps.items() if key in before_tps),
                in_current=before is not None,
                in_ideal=after is not None,
            )
        )
    changes = []
    for stage_id in order:
        before_kpis = {k.name: k for k in now[stage_id].kpis} if stage_id in now else {}
        after_kpis = {k.name: k for k in then[stage_id].kpis} if stage_id in then else {}
        for name in [*after_kpis, *(n for n in before_kpis if n not in after_kpis)]:
            old, new = before_kpis.get(name), after_kpis.get(name)
            old_target = old.target if old else None
            new_target = new.target if new else None
            if old_target != new_target:
                unit = (new or old).unit  # type: ignore[union-attr]
                changes.append(KpiChange(stage_id, name, old_target, new_target, unit))
    return Comparison(
        current_id=current.id,
        ideal_id=ideal.id,
        stages=tuple(deltas),
        kpi_changes=tuple(changes),
        current_bottleneck=current.bottleneck,
        ideal_bottleneck=ideal.bottleneck,
    )
