#!/usr/bin/env python3
# Usage: python3 tests/tools/kill9_under_load.py BINARY DATABASE_URL DEFINITIONS_DIR
# Prints acknowledged / retried / distinct ids; compare with SELECT COUNT(*) FROM responses.
# kill -9 under load: N client threads submit with Idempotency-Keys; the server is killed
# mid-flight, restarted, every unanswered request retried with its key; then count.
import json, os, signal, subprocess, sys, threading, time, urllib.request, uuid
BIN, URL_DB, DEFS = sys.argv[1], sys.argv[2], sys.argv[3]
def start():
    env = dict(os.environ, DATABASE_URL=URL_DB, YOUSAID_ADDR="127.0.0.1:0", YOUSAID_DEFINITIONS=DEFS,
               YOUSAID_SUBMIT_RATE="0", YOUSAID_MIN_FILL_SECONDS="0", RUST_LOG="info", YOUSAID_SCHEDULE_SECONDS="0")
    p = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        try:
            v = json.loads(line)
        except Exception:
            continue
        if v.get("message") == "listening":
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, v["port"]
def post(port, key):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/surveys/food-statistics-pocketbook/responses",
        data=json.dumps({"answers": {"role": "academia", "satisfaction": 4}}).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read())["id"]
p, port = start()
acked, unanswered, lock = {}, [], threading.Lock()
killed = threading.Event()
def worker():
    while not killed.is_set():
        key = str(uuid.uuid4())
        try:
            status, rid = post(port, key)
            with lock: acked[key] = rid
        except Exception:
            with lock: unanswered.append(key)
ts = [threading.Thread(target=worker) for _ in range(16)]
[t.start() for t in ts]
time.sleep(2.5)
p.send_signal(signal.SIGKILL); killed.set(); p.wait()
[t.join() for t in ts]
p, port = start()
retried = {}
for key in unanswered:
    try:
        status, rid = post(port, key); retried[key] = rid
    except Exception as e:
        print("retry failed", e)
ids = set(acked.values()) | set(retried.values())
json.dump(sorted(acked.values()), open("/tmp/k9/acked.json", "w"))
print(json.dumps({"acknowledged": len(acked), "unanswered_then_retried": len(unanswered), "retried_ok": len(retried),
                  "distinct_ids": len(ids), "port": port}))
p.send_signal(signal.SIGTERM); p.wait()
