/**
 * What global-setup.ts hands to global-teardown.ts. Both run in Jest's main process, where
 * globalThis is shared between them (and not visible to the tests).
 */
import type { KafkaLocalInstance } from '../../libs/messaging/src/testing/kafka-local';

export interface TestBrokerState {
  /** The broker global-setup.ts started; teardown stops exactly this one. */
  readonly instance: KafkaLocalInstance;
  readonly brokers: string;
  /** KAFKA_BROKERS before setup (undefined: unset), restored by teardown (watch mode reruns). */
  readonly previousBrokers: string | undefined;
}

const KEY = Symbol.for('ledger.test.kafka.broker');

type Holder = { [KEY]?: TestBrokerState };

export function saveTestBrokerState(state: TestBrokerState): void {
  (globalThis as Holder)[KEY] = state;
}

export function takeTestBrokerState(): TestBrokerState | undefined {
  const holder = globalThis as Holder;
  const state = holder[KEY];
  delete holder[KEY];
  return state;
}

/** Setup/teardown output: plain lines on stdout, outside Jest's reporters. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
