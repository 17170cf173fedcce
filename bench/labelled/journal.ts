// Kubernetes worker nodes read with `journalctl -o short-iso`: kubelet, containerd and systemd
// share one journal, so a unit failure or a container killed by its memory cgroup shows up
// among routine pod churn.

import { uptime } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { journal } from "./formats.js";

const PODS = [
  "shop/checkout-api-7d9f8b6c5-x2k4p",
  "shop/search-6b8d7c9f4-q8w2e",
  "monitoring/node-exporter-4hx7c",
];

const NORMAL: readonly Family[] = [
  {
    weight: 10,
    level: "INFO",
    origin: "kubelet",
    render: (r) =>
      `I0314 ${r.int(10, 11)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100000, 999999)}    1187 kubelet.go:2448] "SyncLoop (PLEG): event for pod" pod="${r.pick(PODS)}" event={"ID":"${r.uuid()}","Type":"ContainerStarted","Data":"${r.hex(64)}"}`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "containerd",
    render: (r, now) =>
      `time="${new Date(now).toISOString()}" level=info msg="cleaning up dead shim" namespace=k8s.io id=${r.hex(64)}`,
  },
  {
    weight: 6,
    level: "INFO",
    origin: "systemd",
    render: (r) =>
      `run-containerd-runc-k8s.io-${r.hex(64)}-runc.${r.alnum(6)}.mount: Deactivated successfully.`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "systemd",
    render: (r) =>
      `Started ${r.pick(["logrotate.service - Rotate log files", "apt-daily.service - Daily apt download activities", "sysstat-collect.service - system activity accounting tool"])}.`,
  },
  {
    weight: 3,
    level: "WARN",
    origin: "kubelet",
    render: (r) =>
      `W0314 10:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100000, 999999)}    1187 reflector.go:462] object-"shop"/"kube-root-ca.crt": watch of *v1.ConfigMap ended with: very short watch: unexpected EOF`,
  },
  {
    weight: 2,
    level: "INFO",
    origin: "node-problem-detector",
    render: () =>
      'I0314 Found 0 errors in "/var/log/journal" since last check; conditions unchanged',
  },
  {
    weight: 3,
    level: "INFO",
    origin: "kernel",
    render: (r, now) =>
      `[${uptime(now)}] cni0: port ${r.int(1, 30)}(veth${r.hex(8)}) entered forwarding state`,
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: journal("ip-10-0-3-17"),
  normal: NORMAL,
  fault,
});

const unitFailed = defineCase(
  { name: "journal-unit-failed", format: "journal", expected: "systemd-unit-failed" },
  scenario({
    units: 5,
    density: 0.04,
    unit: (r) => [
      {
        level: "INFO",
        origin: "systemd",
        text: "Starting nightly-export.service - Nightly export of orders to the data lake...",
      },
      {
        level: "ERROR",
        origin: "nightly-export",
        text: `Error: could not read /etc/shop/export.env: permission denied (uid=${r.int(990, 999)})`,
      },
      {
        level: "WARN",
        origin: "systemd",
        text: "nightly-export.service: Main process exited, code=exited, status=1/FAILURE",
      },
      {
        level: "WARN",
        origin: "systemd",
        text: "nightly-export.service: Failed with result 'exit-code'.",
      },
      {
        level: "ERROR",
        origin: "systemd",
        text: "Failed to start nightly-export.service - Nightly export of orders to the data lake.",
      },
    ],
  }),
);

const oomKilled = defineCase(
  {
    name: "journal-container-memcg-oom",
    format: "journal",
    expected: "k8s-oomkilled",
    alsoAccept: ["oom-killer", "exit-code-137"],
  },
  scenario({
    units: 3,
    density: 0.05,
    unit: (r, now) => {
      const pid = r.int(10000, 60000);
      const id = r.hex(64);
      return [
        {
          level: "WARN",
          origin: "kernel",
          text: `[${uptime(now)}] node invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${r.int(900, 999)}`,
        },
        {
          level: "ERROR",
          origin: "kernel",
          text: `[${uptime(now)}] Memory cgroup out of memory: Killed process ${pid} (node) total-vm:${r.int(11000000, 12000000)}kB, anon-rss:${r.int(510000, 524000)}kB, file-rss:${r.int(30000, 50000)}kB, shmem-rss:0kB, UID:1000 pgtables:2312kB oom_score_adj:${r.int(900, 999)}`,
        },
        {
          level: "INFO",
          origin: "containerd",
          text: `time="${new Date(now).toISOString()}" level=info msg="TaskOOM event container_id:\\"${id}\\""`,
        },
        {
          level: "INFO",
          origin: "kubelet",
          text: `I0314 10:41:07.210331    1187 kubelet.go:2448] "SyncLoop (PLEG): event for pod" pod="shop/checkout-api-7d9f8b6c5-x2k4p" event={"ID":"${r.uuid()}","Type":"ContainerDied","Data":"${id}"}`,
        },
        {
          level: "INFO",
          origin: "kubelet",
          text: `I0314 10:41:08.004117    1187 pod_workers.go:1300] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 20s restarting failed container=api pod=checkout-api-7d9f8b6c5-x2k4p_shop(${r.uuid()})\\"" pod="shop/checkout-api-7d9f8b6c5-x2k4p"`,
        },
      ];
    },
  }),
);

export const JOURNAL_CASES = [unitFailed, oomKilled];
