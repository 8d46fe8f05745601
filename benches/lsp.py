#!/usr/bin/env python3
"""Time `cclint server` as an editor sees it: from a `didChange` of one file to the
`publishDiagnostics` of that version, in a generated repository of 100 files
(benches/generate.py, 4,400 products, as `run.py --editor` uses).

    cargo build --release
    python3 benches/lsp.py                  # median of 51 edits
    python3 benches/lsp.py --products 100000 --edits 21
    python3 benches/lsp.py --binary OTHER

Each edit toggles a misspelt end user in the open file, so every version changes the
findings. Prints the median, the 90th percentile and the slowest, in milliseconds, and
the time the server took to load the repository (initialize to the first publication).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import queue

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def uri(path):
    return "file://" + "".join(
        c if c.isalnum() or c in "/-_.~" else "".join(f"%{b:02X}" for b in c.encode())
        for c in path)


class Client:
    def __init__(self, binary, root):
        self.proc = subprocess.Popen([binary, "server"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()
        self.next_id = 1

    def read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, m = self.messages.get(timeout=600)
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate, timeout=600):
        while True:
            at, m = self.messages.get(timeout=timeout)
            if predicate(m):
                return at, m


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "cclint"))
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    parser.add_argument("--products", type=int, default=4400)
    parser.add_argument("--edits", type=int, default=51)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    repo = os.path.join(args.work, f"lsp-{args.products}")
    if not os.path.exists(repo):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), repo,
                        "--products", str(args.products)], check=True)
        with open(os.path.join(repo, "cclint.yaml"), "w") as f:
            f.write("rules: {}\n")
    repo = os.path.realpath(repo)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(repo) for f in fs if f.endswith(".ccl"))
    path = os.path.join(repo, "products", "p00010.ccl")
    with open(path) as f:
        text = f.read()
    needle = "end_user: staff_"
    at = text.index(needle) + len(needle)
    broken = text[:at] + "x" + text[at:]
    line = text[:at].count("\n")
    column = len(text[text.rfind("\n", 0, at) + 1:at].encode("utf-16-le")) // 2

    client = Client(args.binary, repo)
    start = time.perf_counter()
    client.request("initialize", {"processId": None, "rootUri": uri(repo), "capabilities": {},
                                  "workspaceFolders": [{"uri": uri(repo), "name": "bench"}]})
    client.notify("initialized", {})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "ccl", "version": 1, "text": text}})
    client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri(path) and m["params"].get("version") == 1)
    loaded = time.perf_counter() - start

    times = []
    for version in range(2, args.edits + 2):
        insert = version % 2 == 0
        change = {"range": {"start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + (0 if insert else 1)}},
                  "text": "x" if insert else ""}
        sent = client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(path), "version": version}, "contentChanges": [change]})
        got, _ = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                 and m["params"]["uri"] == uri(path)
                                 and m["params"].get("version") == version)
        times.append((got - sent) * 1000)
        time.sleep(0.02)
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=60)
    times.sort()
    size = sum(os.path.getsize(f) for f in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB; loaded in {loaded * 1000:.0f} ms")
    print(f"didChange -> publishDiagnostics over {len(times)} edits: median {statistics.median(times):.1f} ms, "
          f"p90 {times[int(len(times) * 0.9)]:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
