#!/usr/bin/env python3
"""Measure GET /api/projects/{id}/document over HTTP for a 5,000-node document.

Usage: rest-document-load.py [base-url]   (default http://127.0.0.1:8181)

Needs a running PixelCraft with the accounts and projects features. The script registers a new
user (register signs in and returns the CSRF token), creates a project, adds 2,500 rectangles and
2,500 texts in 50 op batches, then times 120 requests and reports percentiles of the last 100.
"""
import http.cookiejar
import json
import random
import sys
import time
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8181"
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
headers = {"Content-Type": "application/json"}


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    with opener.open(request) as response:
        return response.read()


email = "bench-%d@example.com" % int(time.time() * 1000)
session = json.loads(call("POST", "/api/auth/register",
                          {"email": email, "password": "a long benchmark passphrase", "displayName": "Bench"}))
headers["X-CSRF-Token"] = session["csrfToken"]
project_id = json.loads(call("POST", "/api/projects", {"name": "Bench 5000", "width": 4000, "height": 3000}))["id"]

rnd = random.Random(9)
for batch in range(50):
    ops = []
    for i in range(100):
        n = batch * 100 + i
        if n % 2 == 0:
            props = {"x": rnd.randrange(4000), "y": rnd.randrange(3000), "width": 120, "height": 80, "fill": "#aa3366"}
        else:
            props = {"x": rnd.randrange(4000), "y": rnd.randrange(3000), "text": "Label number %d" % n, "fontSize": 18}
        ops.append({"kind": "create", "opId": "c%d" % n, "node": "n%d" % n,
                    "type": "rect" if n % 2 == 0 else "text", "parent": "root", "props": props})
    call("POST", "/api/projects/%s/ops" % project_id, {"ops": ops})

times = []
size = 0
for i in range(120):
    start = time.perf_counter()
    size = len(call("GET", "/api/projects/%s/document" % project_id))
    if i >= 20:
        times.append((time.perf_counter() - start) * 1000)
times.sort()


def percentile(fraction):
    return times[min(len(times) - 1, int(fraction * len(times)))]


print("GET document, 5,001 nodes, %d bytes: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d requests"
      % (size, percentile(0.5), percentile(0.95), percentile(0.99), len(times)))
