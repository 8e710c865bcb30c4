#!/usr/bin/env python3
"""Builds the committed real-data sample (tests/Fixtures/realdata) from a checkout of the public eCQM content
cqframework/ecqm-content-qicore-2024 (CC0 1.0): the test patients of the DXA-scan and kidney-health measures, one
collection Bundle per patient, holding only the resource types the service reads. Size-bounded: PER_MEASURE patients each.

    python3 tests/realdata/extract_ecqm.py /path/to/ecqm-content-qicore-2024
"""
import json
import pathlib
import sys

MEASURES = ["AppropriateDXAScansForWomenUnder65FHIR", "KidneyHealthEvaluationFHIR",
            "BoneDensityProstateCancerAndrogenDeprivationTherapyFHIR"]
PER_MEASURE = 15
KEEP = {"Patient", "Observation", "Condition", "MedicationRequest", "MedicationStatement", "Medication"}


def main(checkout):
    root = pathlib.Path(checkout) / "input" / "tests" / "measure"
    out = pathlib.Path(__file__).resolve().parents[1] / "Fixtures" / "realdata"
    out.mkdir(parents=True, exist_ok=True)
    for measure in MEASURES:
        cases = sorted(p for p in (root / measure).iterdir() if p.is_dir())[:PER_MEASURE]
        for case in cases:
            entries = []
            for f in sorted(case.glob("*.json")):
                resource = json.loads(f.read_text())
                if resource.get("resourceType") in KEEP:
                    url = f"https://ecqm.example/fhir/{resource['resourceType']}/{resource.get('id', f.stem)}"
                    entries.append({"fullUrl": url, "resource": resource})
            if not any(e["resource"]["resourceType"] == "Patient" for e in entries):
                continue
            bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
            (out / f"{measure}-{case.name}.json").write_text(json.dumps(bundle, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
