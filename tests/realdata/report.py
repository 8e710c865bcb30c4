#!/usr/bin/env python3
"""Runs a whole downloaded set of patient Bundles (Synthea's fhir/ output, eCQM test patients, ...) through a running BoneCds
on loopback and prints the regression report the CI suite asserts on its committed sample: statuses, rejection kinds,
whether the hook and the API agree, and timings.

    dotnet run --project src/BoneCds.Api -- --Auth:AllowUnauthenticated=true     # in one shell (http://localhost:8080)
    python3 tests/realdata/report.py /path/to/bundles [--url http://127.0.0.1:8080]
"""
import argparse
import collections
import json
import pathlib
import statistics
import time
import urllib.error
import urllib.request
import uuid


def post(url, body, content_type):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": content_type}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response), time.perf_counter() - started
    except urllib.error.HTTPError as e:
        return e.code, None, time.perf_counter() - started


def own_rules(answer):
    return sorted(c.get("extension", {}).get("org.bonecds.ruleId", "") for c in (answer or {}).get("cards", [])
                  if c.get("extension", {}).get("org.bonecds.ruleId") != "INPUT-PREFETCH-MISSING")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    args = parser.parse_args()
    if not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback only: this script sends patient records")
    statuses, kinds, timings = collections.Counter(), collections.Counter(), []
    agree = disagree = 0
    for path in sorted(pathlib.Path(args.folder).glob("*.json")):
        bundle = json.loads(path.read_text())
        if bundle.get("resourceType") != "Bundle":
            continue
        entries = bundle.get("entry", [])
        patients = [e["resource"] for e in entries if e.get("resource", {}).get("resourceType") == "Patient"]
        if not patients:
            continue
        pid = patients[0]["id"]
        status, assessment, seconds = post(f"{args.url}/api/v1/assessments?patientId={pid}", bundle, "application/fhir+json")
        statuses[status] += 1
        timings.append(seconds)
        for rejected in (assessment or {}).get("rejectedInputs", []):
            kinds[rejected.get("kind")] += 1
        rest = [e for e in entries if e.get("resource", {}).get("resourceType") != "Patient"]
        hook = {"hook": "patient-view", "hookInstance": str(uuid.uuid4()), "context": {"patientId": pid},
                "prefetch": {"patient": patients[0], "records": {"resourceType": "Bundle", "type": "searchset", "entry": rest}}}
        hook_status, answer, _ = post(f"{args.url}/cds-services/bone-health-patient-view", hook, "application/json")
        statuses[f"hook {hook_status}"] += 1
        if own_rules(answer) == own_rules(assessment):
            agree += 1
        else:
            disagree += 1
            print(f"disagree: {path.name}: api {own_rules(assessment)} hook {own_rules(answer)}")
    print(f"patients: {len(timings)}; statuses: {dict(statuses)}")
    print(f"rejections by kind: {dict(kinds)}")
    print(f"hook and API agree: {agree}, disagree: {disagree}")
    if timings:
        ordered = sorted(timings)
        print(f"assessment time: p50 {statistics.median(ordered) * 1000:.0f} ms, "
              f"p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
