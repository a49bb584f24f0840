"""Checks of deploy/grafana/ and deploy/prometheus/ that need no running Prometheus or Grafana (run by
deploy/check-deploy.sh; promtool's own check and test of the rules run there too).

The dashboard: importable JSON (no numeric id, a uid, a Prometheus datasource variable that every
panel and query uses, unique panel ids and refIds, panels inside the 24-column grid and not
overlapping), the panels the operators asked for, and every query valid PromQL (the queries,
with Grafana's variables filled in, are written as recording rules to a scratch file that
`promtool check rules` parses). The alert rules: each alert has a severity, a summary, a
description and a runbook_url whose section exists in docs/alerts.md.

Which metric names the dashboard and rules may use is not checked here but against a running
worker's /metrics by Tests/DeployTests.

Prints one "ok ..." or "FAIL ..." line per check.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

deploy = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(deploy)
failed = 0


def ok(m):
    print("ok " + m)


def bad(m):
    global failed
    failed += 1
    print("FAIL " + m)


# What the operators asked to see (issue 19): a panel query matching each pattern.
REQUIRED = {
    "throughput per queue": r"rate\(vt_jobs_processed_total\{[^}]*\}\[",
    "lag": r"vt_queue_lag",
    "pending": r"vt_queue_pending",
    "retries": r"vt_jobs_retried_total|vt_queue_retry_scheduled",
    "dead letters": r"vt_jobs_dead_total|vt_queue_dead",
    "job duration p99": r"histogram_quantile\(0\.99,.*vt_job_duration_seconds_bucket",
    "job duration p50": r"histogram_quantile\(0\.5,.*vt_job_duration_seconds_bucket",
    "Redis reconnects": r"vt_redis_reconnects_total",
    "workers up": r"vt_worker_up",
    "notification deliveries by channel and result": r"by \(channel, result\) \(rate\(vt_notification_deliveries_total",
    "import rows validated": r"vt_import_rows_validated_total",
}
VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "${queue}": ".*", "$queue": ".*"}


def check_dashboard(path):
    rel = os.path.relpath(path, root)
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except Exception as e:
        bad(f"{rel} is not JSON: {e}")
        return []
    problems = []
    if d.get("id") is not None:
        problems.append("top-level id must be null (Grafana assigns one on import)")
    for key in ("uid", "title"):
        if not isinstance(d.get(key), str) or not d[key]:
            problems.append(f"no {key}")
    if not isinstance(d.get("schemaVersion"), int):
        problems.append("no numeric schemaVersion")
    variables = {v.get("name"): v for v in (d.get("templating") or {}).get("list", [])}
    ds = variables.get("datasource", {})
    if ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problems.append("no datasource variable of type datasource, query prometheus")
    wanted_ds = {"type": "prometheus", "uid": "${datasource}"}
    for name, v in variables.items():
        if v.get("type") == "query" and v.get("datasource") != wanted_ds:
            problems.append(f"variable {name} does not query ${{datasource}}")
    panels = d.get("panels")
    if not isinstance(panels, list) or not panels:
        problems.append("no panels")
        panels = []
    flat = []
    for p in panels:
        flat.append(p)
        flat.extend(p.get("panels", []) if p.get("type") == "row" else [])
    ids = [p.get("id") for p in flat]
    if len(ids) != len(set(ids)) or not all(isinstance(i, int) for i in ids):
        problems.append(f"panel ids not unique integers: {ids}")
    cells = {}
    exprs = []
    for p in flat:
        title = p.get("title", "?")
        g = p.get("gridPos") or {}
        if not all(isinstance(g.get(k), int) for k in ("x", "y", "w", "h")) or g["x"] < 0 or g["w"] < 1 or g["x"] + g["w"] > 24:
            problems.append(f"panel {title!r}: gridPos {g} outside the 24-column grid")
            continue
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                if (x, y) in cells:
                    problems.append(f"panel {title!r} overlaps {cells[(x, y)]!r}")
                    break
                cells[(x, y)] = title
            else:
                continue
            break
        if p.get("type") == "row":
            continue
        if p.get("datasource") != wanted_ds:
            problems.append(f"panel {title!r}: datasource is not ${{datasource}}")
        targets = p.get("targets") or []
        if not targets:
            problems.append(f"panel {title!r}: no queries")
        refs = [t.get("refId") for t in targets]
        if len(refs) != len(set(refs)):
            problems.append(f"panel {title!r}: refIds repeat {refs}")
        for t in targets:
            if t.get("datasource", wanted_ds) != wanted_ds:
                problems.append(f"panel {title!r} query {t.get('refId')}: datasource is not ${{datasource}}")
            if not (t.get("expr") or "").strip():
                problems.append(f"panel {title!r} query {t.get('refId')}: empty expr")
            else:
                exprs.append((f"{title} {t.get('refId')}", t["expr"]))
    for name, v in variables.items():
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        m = re.fullmatch(r"\s*label_values\((.+),\s*\w+\)\s*", q or "")
        if v.get("type") == "query":
            if m:
                exprs.append((f"variable {name}", m.group(1)))
            else:
                problems.append(f"variable {name}: query {q!r} is not label_values(SELECTOR, LABEL)")
    if problems:
        for p in problems:
            bad(f"{rel}: {p}")
    else:
        ok(f"{rel}: importable ({len(flat)} panels, uid {d['uid']}, every query on ${{datasource}}, grid without overlaps)")
    joined = "\n".join(e for _, e in exprs)
    missing = [what for what, pattern in REQUIRED.items() if not re.search(pattern, joined)]
    if missing:
        bad(f"{rel}: no panel shows {', '.join(missing)}")
    else:
        ok(f"{rel}: shows {', '.join(REQUIRED)}")
    return exprs


def check_promql(exprs, label):
    """Every expression parsed by promtool, as a recording rule in a scratch rule file."""
    rules = []
    for i, (where, expr) in enumerate(exprs):
        for k, v in VARIABLES.items():
            expr = expr.replace(k, v)
        rules.append({"record": f"dashboard:query_{i}", "expr": expr, "labels": {"panel": where}})
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, f, allow_unicode=True)
        scratch = f.name
    try:
        r = subprocess.run(["promtool", "check", "rules", scratch], capture_output=True, text=True)
    except FileNotFoundError:
        bad("promtool is not installed (bash deploy/install-deps.sh)")
        return
    finally:
        os.unlink(scratch)
    if r.returncode == 0:
        ok(f"{label}: all {len(rules)} queries are valid PromQL (promtool)")
    else:
        bad(f"{label}: promtool refuses a query: {(r.stdout + r.stderr).strip()}")


def check_rules(path, runbook):
    rel = os.path.relpath(path, root)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    anchors = set()
    if os.path.exists(runbook):
        with open(runbook, encoding="utf-8") as f:
            anchors = {re.sub(r"[^a-z0-9 _-]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
                       for line in f if line.startswith("#")}
    else:
        bad(f"{os.path.relpath(runbook, root)} is missing: the alerts' runbooks")
    alerts = [r for g in doc.get("groups", []) for r in g.get("rules", []) if "alert" in r]
    problems = []
    for a in alerts:
        name = a["alert"]
        if (a.get("labels") or {}).get("severity") not in ("critical", "warning"):
            problems.append(f"{name}: severity not critical or warning")
        ann = a.get("annotations") or {}
        for key in ("summary", "description", "runbook_url"):
            if not str(ann.get(key, "")).strip():
                problems.append(f"{name}: no {key}")
        url = str(ann.get("runbook_url", ""))
        target, _, anchor = url.partition("#")
        if target != "docs/alerts.md" or anchor != name.lower() or anchor not in anchors:
            problems.append(f"{name}: runbook_url {url!r} is not a section docs/alerts.md#{name.lower()}")
    if not alerts:
        problems.append("no alerts")
    for p in problems:
        bad(f"{rel}: {p}")
    if not problems:
        ok(f"{rel}: {len(alerts)} alerts, each with a severity, summary, description and a runbook section in docs/alerts.md")


def main():
    exprs = []
    for path in sorted(os.listdir(os.path.join(deploy, "grafana"))):
        if path.endswith(".json"):
            exprs += check_dashboard(os.path.join(deploy, "grafana", path))
    check_promql(exprs, "deploy/grafana")
    check_rules(os.path.join(deploy, "prometheus", "alerts.yaml"), os.path.join(root, "docs", "alerts.md"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
