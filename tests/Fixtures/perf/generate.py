#!/usr/bin/env python3
"""Generates the benchmark payloads: order-sign requests with a 50- and a 500-observation prefetch.

Deterministic (seeded), dated relative to 2026-11-25 (the benchmarks' fixed clock). Run from this folder:
    python3 generate.py
"""
import datetime, json, random

TODAY = datetime.date(2026, 11, 25)
PID = "perf-patient"

LABS = [  # (loinc, display, unit, ucum, low, high, share)
    ("62292-8", "25-hydroxyvitamin D2+D3 [Mass/volume] in Serum or Plasma", "ng/mL", "ng/mL", 8, 45, 10),
    ("2731-8", "Parathyrin.intact [Mass/volume] in Serum or Plasma", "pg/mL", "pg/mL", 20, 95, 8),
    ("17861-6", "Calcium [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 8.6, 10.2, 12),
    ("2697-1", "Osteocalcin [Mass/volume] in Serum or Plasma", "ng/mL", "ng/mL", 10, 55, 5),
    ("98979-8", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] by CKD-EPI 2021", "mL/min/1.73m2", "mL/min/{1.73_m2}", 45, 90, 6),
]
DXA = [("38267-1", "DXA Lumbar spine [T-score] Bone density", None),
       ("38263-0", "DXA Femur [T-score] Bone density", ("29627003", "Structure of neck of femur")),
       ("38264-8", "DXA Hip [T-score] Bone density", None)]
MEDS = [("11289", "warfarin sodium 5 MG Oral Tablet"), ("17767", "amlodipine 5 MG Oral Tablet"), ("6809", "metformin 500 MG Oral Tablet"),
        ("83367", "atorvastatin 20 MG Oral Tablet"), ("10582", "levothyroxine 50 MCG Oral Tablet"), ("7646", "omeprazole 20 MG Delayed Release Oral Capsule"),
        ("29046", "lisinopril 10 MG Oral Tablet"), ("36437", "sertraline 50 MG Oral Tablet"), ("2418", "cholecalciferol 1000 UNT Oral Tablet"),
        ("1897", "calcium carbonate 500 MG Oral Tablet")]


def observation(rng, i, loinc, display, unit, ucum, value, date, body_site=None):
    o = {
        "resourceType": "Observation", "id": f"obs-{i}",
        "meta": {"versionId": "1", "lastUpdated": f"{date.isoformat()}T10:15:00Z"},
        "identifier": [{"system": "urn:oid:1.2.840.114350.1.13.0.1.7.2.798268", "value": f"LAB-{100000 + i}"}],
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "imaging" if "DXA" in display else "laboratory"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc, "display": display}], "text": display},
        "subject": {"reference": f"Patient/{PID}"},
        "effectiveDateTime": f"{date.isoformat()}T08:{rng.randint(10, 59)}:00Z",
        "issued": f"{date.isoformat()}T14:00:00Z",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": ucum},
    }
    if body_site:
        o["bodySite"] = {"coding": [{"system": "http://snomed.info/sct", "code": body_site[0], "display": body_site[1]}]}
    return o


def build(n_obs, seed):
    rng = random.Random(seed)
    obs, i = [], 0
    scans = max(3, n_obs // 50 * 3)
    for s in range(scans):  # DXA every ~2 years back in time, three sites
        date = TODAY - datetime.timedelta(days=40 + 700 * s)
        for loinc, display, site in DXA:
            i += 1
            obs.append(observation(rng, i, loinc, display, "{T-score}", "{T-score}", round(rng.uniform(-3.0, -0.5), 1), date, site))
    total_share = sum(l[6] for l in LABS)
    remaining = n_obs - len(obs)
    for loinc, display, unit, ucum, low, high, share in LABS:
        count = round(remaining * share / total_share)
        for k in range(count):
            i += 1
            date = TODAY - datetime.timedelta(days=7 + k * (3 * 365 // max(count, 1)) // (1 if n_obs <= 50 else 3))
            obs.append(observation(rng, i, loinc, display, unit, ucum, round(rng.uniform(low, high), 1), date))
    obs = obs[:n_obs]
    while len(obs) < n_obs:
        i += 1
        obs.append(observation(rng, i, "17861-6", LABS[2][1], "mg/dL", "mg/dL", 9.4, TODAY - datetime.timedelta(days=i)))
    meds = [{"resourceType": "MedicationRequest", "id": f"med-{k}", "status": "active", "intent": "order",
             "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": code, "display": name}], "text": name},
             "subject": {"reference": f"Patient/{PID}"}, "authoredOn": "2025-06-01",
             "dosageInstruction": [{"text": "1 tablet by mouth daily"}]} for k, (code, name) in enumerate(MEDS)]
    draft = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "MedicationRequest", "id": "draft-1", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "46041", "display": "alendronate"}],
                                      "text": "alendronate 70 MG Oral Tablet weekly"},
        "subject": {"reference": f"Patient/{PID}"}}}]}
    def searchset(items):
        return {"resourceType": "Bundle", "type": "searchset", "total": len(items),
                "entry": [{"fullUrl": f"https://ehr.example/fhir/Observation/{o['id']}", "resource": o} for o in items]}

    return {
        "hook": "order-sign", "hookInstance": f"perf-{n_obs}",
        "context": {"userId": "Practitioner/perf", "patientId": PID, "draftOrders": draft},
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": PID, "gender": "female", "birthDate": "1956-03-02",
                        "name": [{"family": "Perf", "given": ["Test"]}]},
            # The v3 data groups: labs apart from densitometry (DXA scores, BMD, FRAX).
            "labs": searchset([o for o in obs if not is_densitometry(o)]),
            "densitometry": searchset([o for o in obs if is_densitometry(o)]),
            "medications": {"resourceType": "Bundle", "type": "searchset", "total": len(meds), "entry": [{"resource": m} for m in meds]},
            "conditions": {"resourceType": "Bundle", "type": "searchset", "total": 0},
        },
    }


LAB_CODES = {"62292-8", "35365-6", "1989-3", "14635-7", "2731-8", "14866-8", "2697-1", "17861-6", "2000-8", "49765-1",
        "62238-1", "98979-8", "33914-3", "48642-3", "48643-1"}


def is_densitometry(observation):
    return not any(c.get("code") in LAB_CODES for c in observation["code"]["coding"])


for n in (50, 500):
    with open(f"order-sign-{n}.json", "w") as f:
        json.dump(build(n, seed=n), f, separators=(",", ":"))
