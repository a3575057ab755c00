#!/usr/bin/env python3
"""The hottest frames of a JFR recording's execution samples: self time by method, time under our own entry points
(webhook road, consumer lanes, outbox), and by thread group. Usage: jfr-top.py recording.jfr [top N]"""
import json
import os
import subprocess
import sys
from collections import Counter

recording = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
jfr = os.environ.get("JFR", "jfr")  # the JDK that wrote the recording (bench/profile.sh says which)
raw = subprocess.run([jfr, "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", recording],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(raw)["recording"]["events"]


def name(frame):
    method = frame["method"]
    return (method["type"]["name"] + "." + method["name"]).replace("/", ".")


self_time, under, threads, webhook = Counter(), Counter(), Counter(), Counter()
ROADS = [("webhook road (WebhookIngress and below)", "io.despacho.pipeline.WebhookIngress"),
         ("consumer lanes (InboundConsumer and below)", "io.despacho.pipeline.InboundConsumer"),
         ("outbox publishing (DownstreamPublisher and below)", "io.despacho.outbox.DownstreamPublisher"),
         ("Kafka producer network thread", "org.apache.kafka.clients.producer.internals.Sender"),
         ("Vert.x HTTP (event loop)", "io.vertx.core.http.impl")]
for event in events:
    frames = event["values"]["stackTrace"]["frames"]
    if not frames:
        continue
    self_time[name(frames[0])] += 1
    names = [name(f) for f in frames]
    for label, prefix in ROADS:
        if any(n.startswith(prefix) for n in names):
            under[label] += 1
            if prefix.endswith("WebhookIngress"):
                # the webhook road's own hot spots: the innermost frame that is not JDK plumbing
                webhook[next((n for n in names if not n.startswith(("java.", "jdk.", "sun."))), names[0])] += 1
            break
    else:
        under["other"] += 1
    thread = event["values"]["sampledThread"]["javaName"] or "?"
    threads[thread.rstrip("0123456789-")] += 1
total = sum(self_time.values())
print(f"{total} execution samples")
print("share of samples by road (the first of these found in the stack):")
for label, n in under.most_common():
    print(f"  {100 * n / total:5.1f}%  {label}")
print("by thread:")
for thread, n in threads.most_common(8):
    print(f"  {100 * n / total:5.1f}%  {thread}")
print(f"top {top} frames by self time:")
for method, n in self_time.most_common(top):
    print(f"  {100 * n / total:5.1f}%  {method}")
webhook_total = sum(webhook.values())
print(f"top {top} frames under WebhookIngress ({webhook_total} samples; innermost non-JDK frame):")
for method, n in webhook.most_common(top):
    print(f"  {100 * n / max(1, webhook_total):5.1f}%  {method}")
