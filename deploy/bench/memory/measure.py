#!/usr/bin/env python3
"""What the keys that grow cost in Redis memory, measured: starts a scratch redis-server (7, no
persistence) on a free port, writes N items of each kind in the shape the workers write them
(field names and typical values from the wire contract; Chinese texts where institutions read
them), and reports used_memory's growth per item. docs/failover.md multiplies these by a year.

    python3 deploy/bench/memory/measure.py [--items 20000]

Prints one line per kind: bytes per item, and the key it lives in.
"""
import argparse, json, os, random, shutil, socket, subprocess, tempfile, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def resp(*args):
    out = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(f"${len(b)}\r\n".encode() + b + b"\r\n")
    return b"".join(out)

def cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *map(str, args)], capture_output=True, text=True, check=True).stdout

def used(port):
    for line in cli(port, "INFO", "memory").splitlines():
        if line.startswith("used_memory:"): return int(line.split(":")[1])

def id_number(i):  # 18 characters, like a resident ID number
    return f"430102{19800101 + i % 9000:08d}{i % 1000:03d}X"[:18]

def kinds(n):
    now = "2026-11-29T08:00:00.000Z"
    rnd = random.Random(7)
    # (name, key it lives in, commands for item i)
    yield ("job result (7 days)", "vt:result:{jobId}", lambda i: [
        resp("HSET", f"vt:result:job-{i:08d}", "status", "done", "outcome", "recorded", "message", "learning time counted",
             "finishedAt", now, "attempts", "1", "worker", "training-worker-7d9f-12/3", "entity", f"rec-{i:010d}"),
        resp("EXPIRE", f"vt:result:job-{i:08d}", 604800)])
    yield ("learning record claim", "vt:class:{classId}:records (hash)", lambda i: [
        resp("HSET", f"vt:class:class-{i // 2000}:records", f"rec-{i:010d}",
             json.dumps({"jobId": f"job-{i:08d}", "idNumber": id_number(i), "courseId": f"course-{i % 12}", "seconds": 1800 + i % 600,
                         "occurredAt": now}, separators=(",", ":")))])
    yield ("roster entry", "vt:class:{classId}:students (hash)", lambda i: [
        resp("HSET", f"vt:class:class-{i // 50}:students", id_number(i),
             json.dumps({"name": "李小明", "gender": "男", "phone": f"138{i % 100000000:08d}", "studentType": "城乡未继续升学的应届初高中毕业生",
                         "addedAt": now, "source": f"imp-{i // 50}"}, ensure_ascii=False, separators=(",", ":")))])
    yield ("hours + scores of a student", "vt:class:{classId}:hours, :scores (hashes)", lambda i: [
        resp("HSET", f"vt:class:class-{i // 50}:hours", id_number(i), 86400 + i % 7200),
        resp("HSET", f"vt:class:class-{i // 50}:scores", id_number(i),
             json.dumps({"theory": 78.5, "practical": 82, "passed": True, "recordedAt": now}, separators=(",", ":")))])
    yield ("audit entry", "vt:audit:… (stream)", lambda i: [
        resp("XADD", f"vt:audit:class:class-{i // 20}", "*", "entry",
             json.dumps({"at": now, "action": "scores.recorded", "actor": "inst-1", "jobId": f"job-{i:08d}", "traceId": f"trace-{i}",
                         "detail": {"count": 1}}, separators=(",", ":")))])
    yield ("inbox message (capped 1,000 per institution)", "vt:inbox:{institutionId} (stream)", lambda i: [
        resp("XADD", f"vt:inbox:inst-{i // 1000}", "*", "notificationId", f"notif-job-{i:08d}", "template", "scores.recorded",
             "title", "成绩已录入", "body", "班级“育婴员一班”（编号class-1）录入了 1 名学员的成绩。", "createdAt", now)])
    yield ("notification status (30 days)", "vt:notification:{id} (hash)", lambda i: [
        resp("HSET", f"vt:notification:notif-{i:08d}", "status", "delivered", "inbox", "delivered", "sms", "delivered", "updatedAt", now),
        resp("EXPIRE", f"vt:notification:notif-{i:08d}", 2592000)])
    yield ("event (stream capped at 100,000)", "vt:events (stream)", lambda i: [
        resp("XADD", "vt:events", "MAXLEN", "~", 100000, "*", "event",
             json.dumps({"id": f"evt-job-{i:08d}", "type": "scores.recorded", "occurredAt": now, "jobId": f"job-{i:08d}",
                         "traceId": f"trace-{i}", "payload": {"classId": "class-1", "count": 1}}, separators=(",", ":")))])
    yield ("queue entry waiting (a backlog)", "vt:queue:{queue} (stream)", lambda i: [
        resp("XADD", "vt:queue:training", "*", "job",
             json.dumps({"id": f"job-{i:08d}", "type": "learning.recorded", "version": 1, "createdAt": now,
                         "payload": {"recordId": f"rec-{i:010d}", "classId": "class-1", "idNumber": id_number(i), "courseId": "course-1",
                                     "seconds": 1800, "occurredAt": now}}, separators=(",", ":")))])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=20000)
    a = ap.parse_args()
    port, d = free_port(), tempfile.mkdtemp(prefix="vt-mem-")
    p = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", d],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                cli(port, "PING"); break
            except subprocess.CalledProcessError:
                time.sleep(0.05)
        print(f"redis-server {cli(port, 'INFO', 'server').split('redis_version:')[1].split()[0]}, {a.items} items per kind")
        for name, key, make in kinds(a.items):
            cli(port, "FLUSHALL"); time.sleep(0.2)
            before = used(port)
            data = b"".join(c for i in range(a.items) for c in make(i))
            subprocess.run(["redis-cli", "-p", str(port), "--pipe"], input=data, capture_output=True, check=True)
            time.sleep(0.2)
            print(f"{(used(port) - before) / a.items:8.0f} B  {name:48s} {key}")
    finally:
        cli(port, "SHUTDOWN", "NOSAVE") if p.poll() is None else None
        p.wait(); shutil.rmtree(d, ignore_errors=True)

if __name__ == "__main__":
    main()
