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


# --- the same small city on the Indeks Pemdi (PermenPANRB 8/2026) -------------------------------------------
# Indicators 1 and 13 (weight 5 each: 0.05 index points per level) are scored by their evidence items, 5, 6, 7
# and 18 (weights 5, 3, 3, 3) by other agencies; the other 14 (weight 76 in all) are at level 3.
#   "1":  L1 diterima, L2 diterima, L3 diterima + revisi, L4 proses  -> achieved 2 (the revision caps it), ceiling 4
#   "13": L1 belum, L2 diterima                                      -> achieved 1 (level 1 incomplete), ceiling 2
# Now: 76 x 3 + 5 x 2 + 5 x 1 + 14 x 1 (external, awaited: the lowest level) = 257 -> 2.57 Baik.
# Every listed item accepted: + 5 x 2 + 5 x 1 = 272 -> 2.72; the open items hold back 0.15 index points.
_PEMDI_ITEMS = [
    ("tk-1a", "1", 1, "Draf rancangan Perwal tata kelola Pemdi", "diterima"),
    ("tk-2a", "1", 2, "Perwal tata kelola Pemdi ditetapkan", "diterima"),
    ("tk-3a", "1", 3, "Pedoman tata kelola diterapkan di semua OPD", "diterima"),
    ("tk-3b", "1", 3, "Laporan penerapan tata kelola seluruh OPD", "revisi"),
    ("tk-4a", "1", 4, "Reviu tata kelola oleh Tim Koordinasi (< 2 tahun)", "proses"),
    ("ap-1a", "13", 1, "Inventaris aplikasi Pemdi", "belum"),
    ("ap-2a", "13", 2, "Kebijakan pembangunan aplikasi ditetapkan", "diterima"),
]


def small_pemdi_plan() -> dict:
    """The small plan moved to ``pemdi-2026`` with a checklist for two indicators (see the comment above)."""
    plan = small_plan()
    inst = plan["instansi"]
    inst.update(framework="pemdi-2026", current_year=2026, target_year=2027)
    inst["index_history"] = {
        2023: {"value": "3.10", "framework": "permenpanrb-59-2020"},
        2024: {"value": "3.36", "framework": "permenpanrb-59-2020"},
    }
    scored, external = {"1", "13"}, {"5", "6", "7", "18"}
    plan["indicators"] = {
        str(i): {"lead": "KOMINFO", "target": 4 if str(i) in scored else 3}
        | ({} if str(i) in scored | external else {"current": 3})
        for i in range(1, 21)
    }
    plan["indicators"]["9"]["lead"] = "INSPEKTORAT"
    plan["evidence"] = [
        {"id": "reviu-tk-2025", "title": "Reviu tata kelola 2025", "indicator": "1", "effective": "2025-03-01"}
    ]
    plan["items"] = [
        {"id": k, "indicator": ind, "level": lv, "title": title, "state": state}
        for k, ind, lv, title, state in _PEMDI_ITEMS
    ]
    plan["items"][4]["evidence"] = ["reviu-tk-2025"]
    plan["actions"] = [
        {
            "id": "tk-laporan",
            "title": "Perbaikan laporan penerapan tata kelola Pemdi",
            "domain": "policy",
            "items": ["tk-3b"],
            "owners": ["KOMINFO"],
            "recurrence": {"kind": "yearly", "month": 3, "day": 31},
            "evidence": ["Laporan penerapan tata kelola (revisi)"],
            "priority": "high",
        },
        {
            "id": "audit-keamanan",
            "title": "Audit keamanan Pemdi",
            "domain": "infosec",
            "raises": [{"indicator": "9", "level": 4}],
            "owners": ["INSPEKTORAT"],
            "recurrence": {"kind": "yearly", "month": 10, "day": 31},
            "evidence": ["Laporan audit keamanan"],
        },
    ]
    return plan
