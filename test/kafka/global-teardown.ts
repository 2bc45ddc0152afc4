/**
 * Jest globalTeardown of the int project: stops the broker global-setup.ts started (only that
 * one; a KAFKA_BROKERS broker from the environment is left alone), and any private broker
 * (startPrivateBroker) that a test of this run left running.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { sweepPrivateBrokers } from '../../libs/messaging/src/testing/kafka-broker';
import { runKafkaLocalOrThrow } from '../../libs/messaging/src/testing/kafka-local';
import { say, takeTestBrokerState } from './state';

export default async function globalTeardown(): Promise<void> {
  const leftovers = await sweepPrivateBrokers((owner) => owner.runPid === process.pid);
  if (leftovers > 0) {
    say(
      `kafka: stopped ${leftovers} private broker(s) that a test left running (call destroy() in afterAll)`,
    );
  }

  const state = takeTestBrokerState();
  if (!state) return;
  const startedAt = Date.now();
  await runKafkaLocalOrThrow('stop', state.instance, 60_000);
  rmSync(path.join(state.instance.dataDir, 'jest-owner.json'), { force: true });
  if (state.previousBrokers === undefined) delete process.env.KAFKA_BROKERS;
  else process.env.KAFKA_BROKERS = state.previousBrokers;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  say(`kafka: stopped the int-test broker at ${state.brokers} in ${seconds} s`);
}
