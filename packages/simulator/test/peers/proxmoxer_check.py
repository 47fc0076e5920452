"""Drives a pvekit simulator with proxmoxer, the Python client, unchanged.

Reads PVE_HOST, PVE_PORT, PVE_PASSWORD and PVE_CA from the environment and prints one JSON
object with what each step saw, for the test that runs this script to check.
"""
import json
import os
import time

from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException

host = os.environ["PVE_HOST"]
port = int(os.environ["PVE_PORT"])
ca = os.environ["PVE_CA"]
seen = {}

pve = ProxmoxAPI(host, port=port, user="root@pam", password=os.environ["PVE_PASSWORD"],
                 verify_ssl=ca)
seen["version"] = pve.version.get()["release"]
seen["nodes"] = [node["node"] for node in pve.nodes.get()]


def wait(node, upid):
    for _ in range(200):
        status = pve.nodes(node).tasks(upid).status.get()
        if status["status"] == "stopped":
            return status["exitstatus"]
        time.sleep(0.05)
    return "still running"


upid = pve.nodes("pve1").qemu.create(vmid=300, name="from-python", memory=1024, cores=2,
                                     net0="virtio,bridge=vmbr0", scsi0="local-lvm:4")
seen["create_upid"] = upid
seen["create_exit"] = wait("pve1", upid)
pve.nodes("pve1").qemu(300).config.set(memory=2048, delete="cores")
config = pve.nodes("pve1").qemu(300).config.get()
seen["config"] = {key: config.get(key) for key in ("name", "memory", "cores", "scsi0", "net0")}
seen["start_exit"] = wait("pve1", pve.nodes("pve1").qemu(300).status.start.post())
seen["status"] = pve.nodes("pve1").qemu(300).status.current.get()["status"]

try:
    pve.nodes("pve1").qemu(999).config.get()
    seen["missing"] = None
except ResourceException as error:
    seen["missing"] = {"status": error.status_code, "message": str(error)}

try:
    pve.nodes("pve1").qemu.create(vmid=201, memory="lots")
    seen["invalid"] = None
except ResourceException as error:
    seen["invalid"] = {"status": error.status_code, "errors": getattr(error, "errors", None)}

token = pve.access.users("root@pam").token("python").post(privsep=0)
by_token = ProxmoxAPI(host, port=port, user="root@pam", token_name="python",
                      token_value=token["value"], verify_ssl=ca)
seen["token_id"] = token["full-tokenid"]
seen["token_vms"] = sorted(vm["vmid"] for vm in by_token.nodes("pve1").qemu.get())

print(json.dumps(seen))
