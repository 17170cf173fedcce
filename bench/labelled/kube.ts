// kubelet logs (klog) of a busy node: PLEG events, volume mounts, image GC and probe chatter as
// normal traffic; the faults are pod lifecycle failures as kubelet reports them, never as the
// `kubectl describe` summary a runbook quotes.

import type { Rng } from "../gen-mixed/rng.js";
import { defineCase, type Entry, type Family, type Scenario } from "./compose.js";
import { klog } from "./formats.js";

const PODS = [
  "shop/checkout-api-7d9f8b6c5-x2k4p",
  "shop/cart-5c6b9d7f8-kq2lm",
  "monitoring/node-exporter-4hx7c",
  "kube-system/coredns-5d78c9869d-2wq7n",
];

const NORMAL: readonly Family[] = [
  {
    weight: 12,
    level: "INFO",
    origin: "kubelet.go:2448",
    render: (r) =>
      `"SyncLoop (PLEG): event for pod" pod="${r.pick(PODS)}" event={"ID":"${r.uuid()}","Type":"ContainerStarted","Data":"${r.hex(64)}"}`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "reconciler_common.go:258",
    render: (r) =>
      `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${r.alnum(5).toLowerCase()}\\" (UniqueName: \\"kubernetes.io/projected/${r.uuid()}-kube-api-access\\") pod="${r.pick(PODS)}"`,
  },
  {
    weight: 6,
    level: "INFO",
    origin: "scope.go:117",
    render: (r) => `"RemoveContainer" containerID="${r.hex(64)}"`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "image_gc_manager.go:407",
    render: () => '"Image garbage collection succeeded" freed=0',
  },
  {
    weight: 4,
    level: "INFO",
    origin: "kubelet.go:2536",
    render: (r) => `"SyncLoop (probe)" probe="readiness" status="ready" pod="${r.pick(PODS)}"`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: "reflector.go:462",
    render: () =>
      'object-"shop"/"kube-root-ca.crt": watch of *v1.ConfigMap ended with: very short watch: unexpected EOF',
  },
  {
    weight: 2,
    level: "WARN",
    origin: "cadvisor_stats_provider.go:473",
    render: (r) =>
      `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${r.hex(8)}.slice\\": RecentStats: unable to find data in memory cache]"`,
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: klog(),
  normal: NORMAL,
  fault,
  gapMs: 1500,
});
const syncError = (
  r: Rng,
  container: string,
  pod: string,
  reason: string,
  detail: string,
): Entry => ({
  level: "ERROR",
  origin: "pod_workers.go:1300",
  text: `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${container}\\" with ${reason}: \\"${detail}\\"" pod="shop/${pod}" podUID="${r.uuid()}"`,
});

const crashLoop = defineCase(
  { name: "kubelet-crashloop", format: "klog", expected: "k8s-crashloopbackoff" },
  scenario({
    units: 12,
    density: 0.08,
    unit: (r, _now, n) => [
      {
        level: "INFO",
        origin: "scope.go:117",
        text: `"RemoveContainer" containerID="${r.hex(64)}"`,
      },
      syncError(
        r,
        "orders",
        "orders-6f7d8c9b5-tz8wq",
        "CrashLoopBackOff",
        `back-off ${Math.min(300, 10 * 2 ** n)}s restarting failed container=orders pod=orders-6f7d8c9b5-tz8wq_shop(${r.uuid()})`,
      ),
    ],
  }),
);

const imagePull = defineCase(
  { name: "kubelet-image-pull", format: "klog", expected: "k8s-imagepullbackoff" },
  scenario({
    units: 10,
    density: 0.08,
    unit: (r, _now, n) =>
      n % 3 === 0
        ? [
            {
              level: "ERROR",
              origin: "remote_image.go:180",
              text: '"PullImage from image service failed" err="rpc error: code = NotFound desc = failed to pull and unpack image \\"registry.example.com/shop/search:7.3.1\\": failed to resolve reference \\"registry.example.com/shop/search:7.3.1\\": registry.example.com/shop/search:7.3.1: not found" image="registry.example.com/shop/search:7.3.1"',
            },
            syncError(
              r,
              "search",
              "search-7c8d9f6b4-p2m9x",
              "ErrImagePull",
              "rpc error: code = NotFound desc = failed to pull and unpack image",
            ),
          ]
        : [
            syncError(
              r,
              "search",
              "search-7c8d9f6b4-p2m9x",
              "ImagePullBackOff",
              'Back-off pulling image \\\\\\"registry.example.com/shop/search:7.3.1\\\\\\"',
            ),
          ],
  }),
);

const probes = defineCase(
  { name: "kubelet-probe-timeouts", format: "klog", expected: "k8s-probe-failures" },
  scenario({
    units: 14,
    density: 0.1,
    unit: (r, _now, n) => {
      const probe = n % 4 === 3 ? "Liveness" : "Readiness";
      const entries: Entry[] = [
        {
          level: "INFO",
          origin: "prober.go:107",
          text: `"Probe failed" probeType="${probe}" pod="shop/cart-5c6b9d7f8-kq2lm" podUID="${r.uuid()}" containerName="cart" probeResult="failure" output="Get \\"http://10.244.3.${r.int(10, 60)}:8080/${probe === "Liveness" ? "livez" : "readyz"}\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
        },
      ];
      if (probe === "Liveness")
        entries.push({
          level: "INFO",
          origin: "kuberuntime_manager.go:1056",
          text: `"Message for Container of pod" containerName="cart" containerStatusID={"Type":"containerd","ID":"${r.hex(64)}"} pod="shop/cart-5c6b9d7f8-kq2lm" containerMessage="Container cart failed liveness probe, will be restarted"`,
        });
      return entries;
    },
  }),
);

export const KUBE_CASES = [crashLoop, imagePull, probes];
