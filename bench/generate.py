"""Deterministic synthetic plans for the scale benchmark (issue #8).

``generate_plan(seed, index, opds)`` builds one instansi plan (a plain dict that ``load_plan`` accepts once
dumped to YAML): all 47 indicators of PermenPANRB 59/2020 owned, ~2 recurring actions per indicator, each in
a management domain that contains the indicator. Every instansi draws from its own
``random.Random(f"{seed}:{index}")``, so plans are reproducible and independent of each other.
``status_mix`` assigns outcomes (on time, late, waived, open) to occurrence ids, purely from the seed and id.

    python bench/generate.py --size city --seed 1 --out /tmp/plans
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import yaml

SIZES: dict[str, tuple[int, int]] = {"city": (1, 30), "province": (40, 30), "national": (600, 30)}

FRAMEWORK = "permenpanrb-59-2020"
ZONES = ("WIB", "WITA", "WIT")
INDICATORS = [str(i) for i in range(1, 48)]
# management domains of config/frameworks/permenpanrb-59-2020.yaml and their indicators
DOMAINS: dict[str, list[str]] = {
    "policy": [str(i) for i in range(1, 11)],
    "governance": [str(i) for i in range(11, 19)],
    "coordination": ["10", "19", "20"],
    "risk": ["21"],
    "infosec": ["22"],
    "data": ["23"],
    "ict_assets": ["24"],
    "hr_competency": ["25"],
    "knowledge": ["26"],
    "change": ["27"],
    "service_management": ["28"],
    "ict_audit": ["29", "30", "31"],
    "services": [str(i) for i in range(32, 48)],
}
DOMAINS_OF: dict[str, list[str]] = {i: [d for d, inds in DOMAINS.items() if i in inds] for i in INDICATORS}

# cadence shares (weights) and occurrences per year of each kind
# mostly monthly work (reports, monitoring), so that `national` reaches ~7x10^5 occurrences a year
CADENCES = (("monthly", 75), ("quarterly", 15), ("yearly", 8), ("every_n_years", 2))
STATUS_SHARES = (("on_time", 60), ("late", 20), ("waived", 5), ("open", 15))

OPD_NAMES = (
    "Dinas Komunikasi dan Informatika",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Kepegawaian dan Pengembangan SDM",
    "Inspektorat Daerah",
    "Bagian Organisasi",
    "Bagian Hukum",
    "Bagian Pengadaan Barang dan Jasa",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kesehatan",
    "Rumah Sakit Umum Daerah",
    "Dinas Pendidikan",
    "Bagian Umum",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Lingkungan Hidup",
    "Dinas Perdagangan dan Perindustrian",
)
FIRST = ("Agus", "Budi", "Dewi", "Eko", "Fitri", "Galih", "Hendra", "Indah", "Joko", "Rina", "Sri", "Wahyu")
LAST = ("Prasetyo", "Santoso", "Lestari", "Wibowo", "Handayani", "Nugroho", "Saputra", "Rahmawati", "Hidayat")
VERBS = ("Laporan", "Reviu", "Pemantauan", "Evaluasi", "Rapat koordinasi", "Pemutakhiran")


def _person(rng: random.Random, pid: str, title: str) -> dict:
    return {
        "id": pid,
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "title": title,
        "email": f"{pid.replace('.', '-')}@example.go.id",
    }


def _recurrence(rng: random.Random, kind: str) -> dict:
    if kind == "monthly":
        return {"kind": "monthly", "day": rng.randint(1, 28), "window_days": rng.choice((5, 7, 10))}
    if kind == "quarterly":
        return {"kind": "quarterly", "days_after_quarter_end": rng.choice((10, 15, 20, 30))}
    if kind == "yearly":
        return {"kind": "yearly", "month": rng.randint(1, 12), "day": rng.randint(1, 28), "window_days": 45}
    return {
        "kind": "every_n_years",
        "every": rng.choice((2, 3)),
        "start_year": 2025,
        "month": rng.randint(1, 12),
        "day": rng.randint(1, 28),
        "window_days": 60,
    }


def generate_plan(seed: int, index: int, opds: int) -> dict:
    """One instansi plan as a plain dict (deterministic in seed and index)."""
    rng = random.Random(f"{seed}:{index}")
    code = f"kab-{index:05d}"
    opd_list = []
    for n in range(1, opds + 1):
        oc = f"OPD{n:02d}"
        slug = oc.lower()
        name = f"{OPD_NAMES[(n - 1) % len(OPD_NAMES)]} {n}"
        opd_list.append(
            {
                "code": oc,
                "name": name,
                "head": _person(rng, f"{slug}.head", f"Kepala {name}"),
                "focal_points": [
                    _person(rng, f"{slug}.fp{k}", f"Operator SPBE {name}") for k in range(1, rng.randint(1, 2) + 1)
                ],
            }
        )
    codes = [o["code"] for o in opd_list]

    indicators: dict[str, dict] = {}
    for ind in INDICATORS:
        current = rng.randint(1, 5)
        entry: dict = {"lead": rng.choice(codes)}
        support = sorted(set(rng.sample(codes, k=min(len(codes), rng.randint(0, 2)))) - {entry["lead"]})
        if support:
            entry["support"] = support
        entry["current"] = current
        entry["target"] = min(5, current + rng.choice((0, 0, 1)))
        indicators[ind] = entry

    kinds = [k for k, _ in CADENCES]
    weights = [w for _, w in CADENCES]
    actions = []
    for ind in INDICATORS:
        n_actions = rng.choice((1, 2, 2, 2, 3))
        for a in range(1, n_actions + 1):
            domain = rng.choice(DOMAINS_OF[ind])
            kind = rng.choices(kinds, weights)[0]
            lead = indicators[ind]["lead"]
            others = [c for c in codes if c != lead]
            owners = [lead] + (rng.sample(others, 1) if others and rng.random() < 0.5 else [])
            verb = rng.choice(VERBS)
            actions.append(
                {
                    "id": f"ind{int(ind):02d}-a{a}",
                    "title": f"{verb} indikator {ind} ({domain}) #{a}",
                    "domain": domain,
                    "raises": [{"indicator": ind, "level": indicators[ind]["target"]}],
                    "owners": owners,
                    "recurrence": _recurrence(rng, kind),
                    "grace_days": rng.choice((3, 5, 7, 10, 14)),
                    "evidence": [f"{verb} indikator {ind}"],
                    "priority": rng.choices(("high", "medium", "low"), (2, 5, 3))[0],
                }
            )

    return {
        "instansi": {
            "code": code,
            "name": f"Pemerintah Kabupaten Sintetis {index:05d}",
            "timezone": ZONES[index % len(ZONES)],
            "framework": FRAMEWORK,
            "language": "id",
            "current_year": 2024,
            "target_year": 2025,
            "coordinators": [_person(rng, "setda.sekda", "Sekretaris Daerah (Koordinator SPBE)")],
        },
        "opds": opd_list,
        "indicators": indicators,
        "actions": actions,
    }


def occurrences_per_year(action: dict) -> float:
    """The expected number of occurrences a year of one action's recurrence."""
    rule = action["recurrence"]
    kind = rule["kind"]
    if kind == "monthly":
        return 12 / rule.get("every", 1)
    if kind == "quarterly":
        return 4.0
    if kind == "yearly":
        return 1.0
    if kind == "every_n_years":
        return 1 / rule["every"]
    return 1.0


def write_plans(size: str, seed: int, out_dir: Path) -> list[Path]:
    """One YAML file per instansi of the size; returns their paths in index order."""
    count, opds = SIZES[size]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        plan = generate_plan(seed, index, opds)
        path = out_dir / f"{plan['instansi']['code']}.yaml"
        path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


_MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64 finaliser: a fast, well-spread hash of a 64-bit integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def status_mix(seed: int, occurrence_ids: list[int]) -> dict[int, str]:
    """Outcome per occurrence id (on_time 60 %, late 20 %, waived 5 %, open 15 %).

    Pure: each id's outcome depends only on (seed, id), not on the order or the other ids.
    """
    total = sum(w for _, w in STATUS_SHARES)
    bounds = []
    acc = 0
    for name, w in STATUS_SHARES:
        acc += w
        bounds.append((acc, name))
    base = _mix(seed & _MASK)
    out: dict[int, str] = {}
    for oid in occurrence_ids:
        r = _mix(base ^ (oid & _MASK)) % total
        out[oid] = next(name for bound, name in bounds if r < bound)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_plans(args.size, args.seed, args.out)
    count, opds = SIZES[args.size]
    actions = 0
    per_year = 0.0
    for index in range(1, count + 1):  # regenerate instead of re-reading YAML: cheaper, identical
        plan = generate_plan(args.seed, index, opds)
        actions += len(plan["actions"])
        per_year += sum(occurrences_per_year(a) * len(a["owners"]) for a in plan["actions"])  # one per owner
    elapsed = time.perf_counter() - started
    print(f"size {args.size}, seed {args.seed}: {len(paths)} files in {args.out} ({elapsed:.1f} s)")
    print(f"instansi {count}")
    print(f"opds {count * opds}")
    print(f"actions {actions}")
    print(f"occurrences/year (estimated) {round(per_year)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
