// HDFS daemons: a DataNode in the classic LogHub capture layout and a NameNode in Hadoop's
// log4j layout. Block receipts, heartbeats and audit lines are the normal traffic; the faults are
// write pipeline failures and a NameNode stuck in safe mode.

import type { Rng } from "../gen-mixed/rng.js";
import { defineCase, type Family } from "./compose.js";
import { hdfsClassic, log4j } from "./formats.js";

const block = (r: Rng): string =>
  `blk_${r.chance(0.5) ? "-" : ""}${r.int(1e9, 9e9)}${r.int(1e8, 9e8)}`;
const node = (r: Rng): string => `10.250.${r.int(1, 19)}.${r.int(2, 250)}`;

const DATANODE: readonly Family[] = [
  {
    weight: 20,
    level: "INFO",
    origin: "dfs.DataNode$DataXceiver",
    render: (r) =>
      `Receiving block ${block(r)} src: /${node(r)}:${r.int(30000, 60000)} dest: /${node(r)}:50010`,
  },
  {
    weight: 20,
    level: "INFO",
    origin: "dfs.DataNode$PacketResponder",
    render: (r) => `PacketResponder ${r.int(0, 2)} for block ${block(r)} terminating`,
  },
  {
    weight: 18,
    level: "INFO",
    origin: "dfs.DataNode$PacketResponder",
    render: (r) =>
      `Received block ${block(r)} of size ${r.pick([67108864, r.int(1000, 67108863)])} from /${node(r)}`,
  },
  {
    weight: 15,
    level: "INFO",
    origin: "dfs.FSNamesystem",
    render: (r) =>
      `BLOCK* NameSystem.addStoredBlock: blockMap updated: ${node(r)}:50010 is added to ${block(r)} size 67108864`,
  },
  {
    weight: 4,
    level: "INFO",
    origin: "dfs.DataBlockScanner",
    render: (r) => `Verification succeeded for ${block(r)}`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: "dfs.DataNode",
    render: (r) =>
      `Slow BlockReceiver write packet to mirror took ${r.int(300, 900)}ms (threshold=300ms)`,
  },
  {
    weight: 1,
    level: "INFO",
    origin: "dfs.DataNode",
    render: (r) =>
      `BlockReport of ${r.int(40000, 90000)} blocks took 0 msec to generate and ${r.int(10, 90)} msecs for RPC and NN processing; 0 errors`,
  },
];

const blockErrors = defineCase(
  { name: "hdfs-datanode-pipeline", format: "hdfs", expected: "hdfs-datanode-block-errors" },
  {
    format: hdfsClassic(),
    normal: DATANODE,
    gapMs: 200,
    fault: {
      units: 14,
      density: 0.15,
      unit: (r) => {
        const b = block(r);
        return [
          {
            level: "INFO",
            origin: "dfs.DataNode$DataXceiver",
            text: `writeBlock ${b} received exception java.io.IOException: Connection reset by peer`,
          },
          {
            level: "ERROR",
            origin: "dfs.DataNode",
            text: `${node(r)}:50010:DataXceiver error processing WRITE_BLOCK operation  src: /${node(r)}:${r.int(30000, 60000)} dst: /${node(r)}:50010`,
            cont: [
              "java.io.IOException: Premature EOF from inputStream",
              "\tat org.apache.hadoop.io.IOUtils.readFully(IOUtils.java:203)",
            ],
          },
          {
            level: "WARN",
            origin: "dfs.DataNode",
            text: `Checksum error in block ${b} from /${node(r)}`,
          },
        ];
      },
    },
  },
);

const NAMENODE: readonly Family[] = [
  {
    weight: 25,
    level: "INFO",
    origin: "FSNamesystem.audit",
    render: (r) =>
      `allowed=true\tugi=etl (auth:SIMPLE)\tip=/${node(r)}\tcmd=${r.pick(["open", "getfileinfo", "listStatus"])}\tsrc=/warehouse/orders/dt=2025-03-${r.int(1, 13)}/part-${String(r.int(0, 199)).padStart(5, "0")}.parquet\tdst=null\tperm=null\tproto=rpc`,
  },
  {
    weight: 6,
    level: "INFO",
    origin: "org.apache.hadoop.hdfs.StateChange",
    render: (r) =>
      `BLOCK* allocate ${block(r)}_${r.int(1000, 9999)}, replicas=${node(r)}:9866, ${node(r)}:9866, ${node(r)}:9866 for /warehouse/tmp/_temporary/${r.hex(8)}`,
  },
  {
    weight: 4,
    level: "INFO",
    origin: "org.apache.hadoop.hdfs.server.blockmanagement.BlockManager",
    render: (r) =>
      `BLOCK* processReport 0x${r.hex(12)}: from storage DS-${r.uuid()} node DatanodeRegistration(${node(r)}:9866), blocks: ${r.int(40000, 90000)}, hasStaleStorage: false`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: "org.apache.hadoop.hdfs.server.namenode.FSNamesystem",
    render: (r) => `trying to get DT with no secret manager running (ugi=etl, ip=/${node(r)})`,
  },
];

const safeMode = defineCase(
  { name: "hdfs-namenode-safemode", format: "hadoop-log4j", expected: "hdfs-namenode-safe-mode" },
  {
    format: log4j(),
    normal: NAMENODE,
    gapMs: 300,
    fault: {
      units: 12,
      density: 0.12,
      unit: (r, _now, n) => [
        n % 4 === 0
          ? {
              level: "INFO",
              origin: "org.apache.hadoop.hdfs.StateChange",
              text: `STATE* Safe mode ON. The reported blocks ${r.int(800000, 900000)} needs additional ${r.int(1000, 9000)} blocks to reach the threshold 0.9990 of total blocks 912345. The minimum number of live datanodes is not required. Safe mode will be turned off automatically once the thresholds have been reached.`,
            }
          : {
              level: "INFO",
              origin: "org.apache.hadoop.ipc.Server",
              text: `IPC Server handler ${r.int(0, 63)} on default port 8020, call Call#${r.int(1000, 99999)} Retry#0 org.apache.hadoop.hdfs.protocol.ClientProtocol.create from ${node(r)}:${r.int(30000, 60000)}: org.apache.hadoop.hdfs.server.namenode.SafeModeException: Cannot create file/warehouse/tmp/_temporary/${r.hex(8)}. Name node is in safe mode.`,
            },
      ],
    },
  },
);

export const HADOOP_CASES = [blockErrors, safeMode];
