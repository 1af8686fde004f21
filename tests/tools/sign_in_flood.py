#!/usr/bin/env python3
# Usage: python3 tests/tools/sign_in_flood.py BINARY DEFINITIONS_DIR [ATTEMPTS]
# Starts `yousaid serve` on a fresh SQLite file with no per-client sign-in limit, sends ATTEMPTS
# (default 500) concurrent sign-ins with unknown emails from 50 loopback addresses, and prints
# the answers and the server's peak resident memory (VmHWM).
import collections, json, os, subprocess, sys, tempfile, threading, urllib.parse, http.client
binary, definitions = sys.argv[1], sys.argv[2]
attempts = int(sys.argv[3]) if len(sys.argv) > 3 else 500
data = tempfile.mkdtemp()
env = dict(os.environ, DATABASE_URL=f"sqlite://{data}/flood.db", YOUSAID_ADDR="127.0.0.1:0",
           YOUSAID_DEFINITIONS=definitions, YOUSAID_LOGIN_RATE="0", RUST_LOG="info",
           YOUSAID_SCHEDULE_SECONDS="0", YOUSAID_OUTBOX_DIR=f"{data}/outbox")
server = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = None
for line in server.stdout:
    message = json.loads(line) if line.startswith("{") else {}
    if message.get("message") == "listening":
        port = message["port"]
        break
threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
def rss(field):
    for line in open(f"/proc/{server.pid}/status"):
        if line.startswith(field):
            return int(line.split()[1]) // 1024
before = rss("VmRSS:")
answers = collections.Counter()
lock = threading.Lock()
def attempt(i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(f"127.0.1.{i % 50 + 1}", 0))
    body = urllib.parse.urlencode({"email": f"nobody{i}@example.org", "password": "a guess at a password"})
    try:
        conn.request("POST", "/admin/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        status = conn.getresponse().status
    except Exception as e:
        status = type(e).__name__
    with lock:
        answers[status] += 1
threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"attempts": attempts, "answers": answers, "rss_before_mib": before,
                  "peak_rss_mib": rss("VmHWM:"), "rss_after_mib": rss("VmRSS:")}))
server.terminate()
server.wait()
