"""Every query and write of the engine, set-based: the only package that speaks SQL.

``save_plan`` upserts a validated plan in one transaction: rows present in the plan are inserted or
updated and marked active; rows the plan no longer names are deactivated (kept for history).
Modules: ``plan`` (plan entities), ``checklist`` (evidence items, external values), ``occurrences``
(materialisation; ``materialise``: across instansi in batches), ``tracking`` (status, history), ``figures``
(completion counts; every instansi's figures at once), ``reminders`` (sweep and outbox), ``engine`` (engine,
sessions, migrations), ``models`` (tables), ``rows`` (the
typed records the queries return).

The names below load their module on first use (PEP 562), so a command that needs only ``engine`` or ``lean``
(``spbe status``) never pays for the ORM models.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spbe_actions.store._base import (  # noqa: F401
        add_events,
        upsert,
    )
    from spbe_actions.store.auth import (  # noqa: F401
        account,
        accounts,
        add_session,
        deactivate_account,
        live_session,
        revoke_session,
        save_account,
        save_throttle,
        throttles,
    )
    from spbe_actions.store.checklist import (  # noqa: F401
        advance_items,
        external_values,
        external_values_of,
        item_actions,
        items,
        items_of,
        save_external,
        set_item_states,
    )
    from spbe_actions.store.evidence_files import (  # noqa: F401
        add_files,
        file_by_id,
        file_count,
        files_of,
        links_of,
        sha_referenced,
        submission_counts,
        verifiers,
    )
    from spbe_actions.store.figures import completion_counts  # noqa: F401
    from spbe_actions.store.item_page import (  # noqa: F401
        CoordinatorOccurrence,
        coordinator_occurrence,
    )
    from spbe_actions.store.occurrences import (  # noqa: F401
        ActionRow,
        action_labels,
        active_domains,
        apply_occurrence_changes,
        domain_actions,
        evidence_expiry_inputs,
        occurrence_counts,
        occurrences_in,
    )
    from spbe_actions.store.plan import (  # noqa: F401
        LoadCounts,
        action_recurrence,
        action_targets,
        action_targets_of,
        active_counts,
        actual_levels,
        all_instansi,
        evidence_records,
        evidence_records_by_instansi,
        instansi,
        levels,
        opd_codes,
        opd_id_by_code,
        people_roles,
        person,
        published_history,
        record_snapshot,
        save_plan,
        snapshots,
    )
    from spbe_actions.store.reminders import (  # noqa: F401
        advance_next_steps,
        claim,
        contacts,
        due_items,
        enqueue,
        enqueue_many,
        forget_next_steps,
        last_seen,
        outbox_row,
        outbox_rows,
        people,
        people_of,
        people_to_tell,
        record_delivery,
        record_reminders,
        recorded,
        return_reasons,
        targets_to_look_at,
    )
    from spbe_actions.store.tracking import (  # noqa: F401
        Binding,
        OccurrenceRow,
        action_and_opd,
        action_standing,
        apply_transitions,
        bind_occurrence,
        bind_person,
        evidence_by_occurrence,
        evidence_of,
        history,
        last_events,
        occurrences_by_ids,
        refresh_evidence_records,
        task_rows,
        trail_and_evidence,
        verified_evidence,
        verified_evidence_by_instansi,
    )

_WHERE = {
    "add_events": "spbe_actions.store._base",
    "upsert": "spbe_actions.store._base",
    "account": "spbe_actions.store.auth",
    "accounts": "spbe_actions.store.auth",
    "add_session": "spbe_actions.store.auth",
    "deactivate_account": "spbe_actions.store.auth",
    "live_session": "spbe_actions.store.auth",
    "revoke_session": "spbe_actions.store.auth",
    "save_account": "spbe_actions.store.auth",
    "save_throttle": "spbe_actions.store.auth",
    "throttles": "spbe_actions.store.auth",
    "advance_items": "spbe_actions.store.checklist",
    "external_values": "spbe_actions.store.checklist",
    "external_values_of": "spbe_actions.store.checklist",
    "item_actions": "spbe_actions.store.checklist",
    "items": "spbe_actions.store.checklist",
    "items_of": "spbe_actions.store.checklist",
    "coordinator_occurrence": "spbe_actions.store.item_page",
    "CoordinatorOccurrence": "spbe_actions.store.item_page",
    "save_external": "spbe_actions.store.checklist",
    "set_item_states": "spbe_actions.store.checklist",
    "add_files": "spbe_actions.store.evidence_files",
    "file_by_id": "spbe_actions.store.evidence_files",
    "file_count": "spbe_actions.store.evidence_files",
    "files_of": "spbe_actions.store.evidence_files",
    "links_of": "spbe_actions.store.evidence_files",
    "sha_referenced": "spbe_actions.store.evidence_files",
    "submission_counts": "spbe_actions.store.evidence_files",
    "verifiers": "spbe_actions.store.evidence_files",
    "action_labels": "spbe_actions.store.occurrences",
    "ActionRow": "spbe_actions.store.occurrences",
    "active_domains": "spbe_actions.store.occurrences",
    "apply_occurrence_changes": "spbe_actions.store.occurrences",
    "domain_actions": "spbe_actions.store.occurrences",
    "evidence_expiry_inputs": "spbe_actions.store.occurrences",
    "occurrence_counts": "spbe_actions.store.occurrences",
    "occurrences_in": "spbe_actions.store.occurrences",
    "action_recurrence": "spbe_actions.store.plan",
    "action_targets": "spbe_actions.store.plan",
    "action_targets_of": "spbe_actions.store.plan",
    "active_counts": "spbe_actions.store.plan",
    "actual_levels": "spbe_actions.store.plan",
    "all_instansi": "spbe_actions.store.plan",
    "evidence_records": "spbe_actions.store.plan",
    "evidence_records_by_instansi": "spbe_actions.store.plan",
    "instansi": "spbe_actions.store.plan",
    "levels": "spbe_actions.store.plan",
    "LoadCounts": "spbe_actions.store.plan",
    "opd_codes": "spbe_actions.store.plan",
    "opd_id_by_code": "spbe_actions.store.plan",
    "people_roles": "spbe_actions.store.plan",
    "person": "spbe_actions.store.plan",
    "published_history": "spbe_actions.store.plan",
    "record_snapshot": "spbe_actions.store.plan",
    "save_plan": "spbe_actions.store.plan",
    "snapshots": "spbe_actions.store.plan",
    "advance_next_steps": "spbe_actions.store.reminders",
    "claim": "spbe_actions.store.reminders",
    "contacts": "spbe_actions.store.reminders",
    "due_items": "spbe_actions.store.reminders",
    "enqueue": "spbe_actions.store.reminders",
    "enqueue_many": "spbe_actions.store.reminders",
    "forget_next_steps": "spbe_actions.store.reminders",
    "last_seen": "spbe_actions.store.reminders",
    "outbox_row": "spbe_actions.store.reminders",
    "outbox_rows": "spbe_actions.store.reminders",
    "people": "spbe_actions.store.reminders",
    "people_of": "spbe_actions.store.reminders",
    "people_to_tell": "spbe_actions.store.reminders",
    "targets_to_look_at": "spbe_actions.store.reminders",
    "record_delivery": "spbe_actions.store.reminders",
    "record_reminders": "spbe_actions.store.reminders",
    "recorded": "spbe_actions.store.reminders",
    "return_reasons": "spbe_actions.store.reminders",
    "action_and_opd": "spbe_actions.store.tracking",
    "action_standing": "spbe_actions.store.tracking",
    "apply_transitions": "spbe_actions.store.tracking",
    "bind_occurrence": "spbe_actions.store.tracking",
    "bind_person": "spbe_actions.store.tracking",
    "Binding": "spbe_actions.store.tracking",
    "completion_counts": "spbe_actions.store.figures",
    "evidence_of": "spbe_actions.store.tracking",
    "evidence_by_occurrence": "spbe_actions.store.tracking",
    "last_events": "spbe_actions.store.tracking",
    "history": "spbe_actions.store.tracking",
    "OccurrenceRow": "spbe_actions.store.tracking",
    "occurrences_by_ids": "spbe_actions.store.tracking",
    "refresh_evidence_records": "spbe_actions.store.tracking",
    "task_rows": "spbe_actions.store.tracking",
    "trail_and_evidence": "spbe_actions.store.tracking",
    "verified_evidence": "spbe_actions.store.tracking",
    "verified_evidence_by_instansi": "spbe_actions.store.tracking",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        if name.startswith("_") or not (Path(__file__).parent / f"{name}.py").exists():
            raise AttributeError(f"module 'spbe_actions.store' has no attribute {name!r}")
        return importlib.import_module(f"spbe_actions.store.{name}")  # a submodule (``store.plan``)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
