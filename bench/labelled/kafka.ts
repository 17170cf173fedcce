// Kafka Java client logs in Kafka's own layout (`[time] LEVEL message (logger)`): an order
// projector consuming and committing as normal traffic; faults are the coordinator and network
// client messages of a consumer group that keeps rebalancing, or of brokers that went away.

import { orderId } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { kafkaClient } from "./formats.js";

const CLIENT = "[Consumer clientId=order-projector-2, groupId=order-projector]";
const COORD = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";

const NORMAL: readonly Family[] = [
  {
    weight: 30,
    level: "INFO",
    origin: "shop.projector.OrderProjector",
    render: (r) =>
      `Projected ${r.pick(["order.created", "order.paid", "order.shipped"])} key=${orderId(r)} partition=${r.int(0, 11)} offset=${r.int(1000000, 9999999)} lag=${r.skewed([0, 0, 1, 2, 5, 40])}`,
  },
  {
    weight: 6,
    level: "DEBUG",
    origin: COORD,
    render: (r) =>
      `${CLIENT} Committed offset ${r.int(1000000, 9999999)} for partition orders-${r.int(0, 11)}`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "shop.projector.Metrics",
    render: (r) =>
      `batch stats records=${r.int(50, 500)} failed=0 error_count=0 took_ms=${r.int(20, 400)}`,
  },
  {
    weight: 1,
    level: "WARN",
    origin: "org.apache.kafka.clients.NetworkClient",
    render: () =>
      `${CLIENT} Bootstrap broker kafka-0.kafka-headless:9092 (id: -1 rack: null) disconnected`,
  },
  {
    weight: 1,
    level: "INFO",
    origin: "org.apache.kafka.clients.Metadata",
    render: (r) =>
      `${CLIENT} Resetting the last seen epoch of partition orders-${r.int(0, 11)} to ${r.int(10, 40)} since the associated topicId changed from null to Jq2${r.alnum(19)}`,
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: kafkaClient(),
  normal: NORMAL,
  fault,
  gapMs: 300,
});

const rebalance = defineCase(
  {
    name: "kafka-poll-interval-rebalance",
    format: "kafka-client",
    expected: "kafka-consumer-rebalance-lag",
    alsoAccept: ["inc-2025-063-orders-consumer-rebalance-storm"],
  },
  scenario({
    units: 5,
    density: 0.05,
    unit: (r) => [
      {
        level: "WARN",
        origin: COORD,
        text: `${CLIENT} consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`,
      },
      {
        level: "INFO",
        origin: COORD,
        text: `${CLIENT} Member order-projector-2-${r.uuid()} sending LeaveGroup request to coordinator kafka-1.kafka-headless:9092 (id: 2147483646 rack: null) due to consumer poll timeout has expired.`,
      },
      {
        level: "ERROR",
        origin: COORD,
        text: `${CLIENT} Offset commit failed on partition orders-${r.int(0, 11)} at offset ${r.int(1000000, 9999999)}: The coordinator is not aware of this member.`,
      },
      {
        level: "INFO",
        origin: COORD,
        text: `${CLIENT} Revoke previously assigned partitions orders-${r.int(0, 5)}, orders-${r.int(6, 11)}`,
      },
      {
        level: "INFO",
        origin: "org.apache.kafka.clients.consumer.internals.AbstractCoordinator",
        text: `${CLIENT} (Re-)joining group`,
      },
    ],
  }),
);

const PRODUCER = "[Producer clientId=order-projector-dlq]";
const brokerGone = defineCase(
  {
    name: "kafka-broker-unreachable",
    format: "kafka-client",
    expected: "kafka-broker-not-available",
  },
  scenario({
    units: 20,
    density: 0.2,
    unit: (r, _now, n) =>
      n % 2 === 0
        ? [
            {
              level: "WARN",
              origin: "org.apache.kafka.clients.NetworkClient",
              text: `${PRODUCER} Connection to node ${r.int(0, 2)} (kafka-${r.int(0, 2)}.kafka-headless/10.0.6.${r.int(10, 12)}:9092) could not be established. Node may not be online.`,
            },
          ]
        : [
            {
              level: "WARN",
              origin: "org.apache.kafka.clients.NetworkClient",
              text: `${PRODUCER} Error while fetching metadata with correlation id ${r.int(100, 9000)} : {orders-dlq=LEADER_NOT_AVAILABLE}`,
            },
          ],
  }),
);

export const KAFKA_CASES = [rebalance, brokerGone];
