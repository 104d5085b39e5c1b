"""Every query and write of the engine, set-based: the only package that speaks SQL.

``save_plan`` upserts a validated plan in one transaction: rows present in the plan are inserted or
updated and marked active; rows the plan no longer names are deactivated (kept for history).
Modules: ``plan`` (plan entities), ``checklist`` (evidence items, external values), ``occurrences`` (materialisation), ``tracking`` (status, history, figures),
``reminders`` (sweep and outbox), ``engine`` (engine, sessions, migrations), ``models`` (tables), ``rows`` (the
typed records the queries return).
"""

from spbe_actions.store._base import add_events, upsert  # noqa: F401
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
    sha_referenced,
    submission_counts,
    verifiers,
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
    claim,
    contacts,
    due_items,
    enqueue,
    enqueue_many,
    last_seen,
    outbox_row,
    outbox_rows,
    people,
    people_of,
    record_delivery,
    record_reminders,
    recorded,
)
from spbe_actions.store.tracking import (  # noqa: F401
    OccurrenceRow,
    action_and_opd,
    apply_transitions,
    completion_counts,
    evidence_of,
    history,
    occurrences_by_ids,
    refresh_evidence_records,
    task_rows,
    verified_evidence,
    verified_evidence_by_instansi,
)
