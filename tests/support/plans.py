"""A small, valid plan on PermenPANRB 59/2020 built in code, so tests can change one thing at a time."""

from __future__ import annotations

import copy


def person(pid: str, name: str) -> dict:
    return {"id": pid, "name": name, "email": f"{pid.replace('.', '-')}@example.go.id"}


_SMALL = {
    "instansi": {
        "code": "kota-uji",
        "name": "Pemerintah Kota Uji",
        "timezone": "WIB",
        "framework": "permenpanrb-59-2020",
        "current_year": 2024,
        "target_year": 2025,
        "index_history": {2023: "3.10", 2024: "3.36"},
        "coordinators": [person("sekda", "Sekretaris Daerah")],
    },
    "opds": [
        {
            "code": "KOMINFO",
            "name": "Dinas Komunikasi dan Informatika",
            "head": person("kominfo.kadis", "Kepala Diskominfo"),
            "focal_points": [person("kominfo.fp1", "Operator SPBE Diskominfo")],
        },
        {
            "code": "INSPEKTORAT",
            "name": "Inspektorat Daerah",
            "head": person("insp.kepala", "Inspektur"),
            "focal_points": [person("insp.fp1", "Auditor Inspektorat")],
        },
    ],
    # all 47 indicators at level 3 except 21 (2) and 29 (2); targets one level up for those two
    "indicators": {
        str(i): {
            "lead": "INSPEKTORAT" if i in (21, 29, 30, 31) else "KOMINFO",
            "current": 2 if i in (21, 29) else 3,
            "target": 3 if i in (21, 29) else 3,
        }
        for i in range(1, 48)
    },
    "evidence": [
        {
            "id": "audit-infra-2023",
            "title": "Laporan audit infrastruktur 2023",
            "indicator": "29",
            "effective": "2023-11-20",
        },
    ],
    "actions": [
        {
            "id": "risk-monitoring",
            "title": "Laporan pemantauan risiko SPBE triwulanan",
            "domain": "risk",
            "raises": [{"indicator": "21", "level": 3}],
            "owners": ["INSPEKTORAT", "KOMINFO"],
            "recurrence": {"kind": "quarterly", "days_after_quarter_end": 10},
            "grace_days": 5,
            "evidence": ["Laporan pemantauan risiko"],
            "priority": "high",
        },
        {
            "id": "audit-infra",
            "title": "Audit infrastruktur SPBE",
            "domain": "ict_audit",
            "raises": [{"indicator": "29", "level": 3}],
            "owners": ["INSPEKTORAT"],
            "recurrence": {"kind": "before_evidence_expiry", "evidence": "audit-infra-2023", "days_before": 90},
            "evidence": ["Laporan audit infrastruktur"],
        },
    ],
}


def small_plan() -> dict:
    """A fresh deep copy: tests may mutate it freely."""
    return copy.deepcopy(_SMALL)


# Three instansi in three time zones, with the same person keys and OPD codes in each (keys are unique per
# instansi only): what a province's installation holds.
ZONES = {"kota-barat": "WIB", "kota-tengah": "WITA", "kota-timur": "WIT"}


def instansi_plan(code: str, zone: str) -> dict:
    """The small plan as another instansi: its own code, name and zone; the same people and OPDs."""
    plan = small_plan()
    name = code.replace("-", " ").title()
    plan["instansi"].update(code=code, name=f"Pemerintah {name}", timezone=zone)
    return plan


def three_instansi() -> list[dict]:
    return [instansi_plan(code, zone) for code, zone in ZONES.items()]
