"""Times `make lab` to the first cell of 00-welcome (see firstrun.sh).

Polls the server's /api/status, starts a dlfun kernel through the REST
API, connects to it with jupyter_client from the connection file the
server wrote, runs the notebook's first code cell and prints the three
times, in seconds since t0.

Usage: firstcell.py T0 PORT TOKEN RUNTIME_DIR NOTEBOOK
"""
import json
import os
import sys
import time
import urllib.request

from jupyter_client import BlockingKernelClient


def main():
    t0, port, token, runtime, nb = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    base = f"http://127.0.0.1:{port}"
    hdr = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/api/status", headers=hdr), timeout=2)
            break
        except Exception:
            time.sleep(0.1)
    t_server = time.time() - t0
    req = urllib.request.Request(base + "/api/kernels", data=json.dumps({"name": "dlfun"}).encode(),
                                 headers=hdr, method="POST")
    kid = json.load(urllib.request.urlopen(req, timeout=120))["id"]
    kc = BlockingKernelClient()
    kc.load_connection_file(os.path.join(runtime, f"kernel-{kid}.json"))
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    t_kernel = time.time() - t0
    with open(nb, encoding="utf-8") as f:
        cell = next(c for c in json.load(f)["cells"] if c["cell_type"] == "code")
    out = []

    def hook(m):
        if m["msg_type"] == "stream":
            out.append(m["content"].get("text", ""))

    reply = kc.execute_interactive("".join(cell["source"]), timeout=300, output_hook=hook)
    t_cell = time.time() - t0
    status = reply["content"]["status"]
    print(f"server answered {t_server:.1f}s, kernel ready {t_kernel:.1f}s, first cell done {t_cell:.1f}s, "
          f"status {status}, output {''.join(out).strip()!r}")
    sys.exit(0 if status == "ok" else 1)


if __name__ == "__main__":
    main()
