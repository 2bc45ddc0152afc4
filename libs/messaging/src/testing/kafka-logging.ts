/**
 * kafkajs logging for tests: errors only, minus the retry noise.
 *
 * At logLevel ERROR kafkajs still logs every error response a broker sends (namespace
 * `Connection`) and every attempt it is about to retry (`retryCount` in the entry), e.g.
 * "The coordinator is loading" on a fresh broker. Those either succeed on retry or end in an
 * error thrown to the caller, so they are dropped here. Everything else at ERROR is printed.
 *
 *   new Kafka({ clientId, brokers, ...quietKafkaLogging })
 */
import { type KafkaConfig, type LogEntry, logLevel } from 'kafkajs';

function printErrors(): (entry: LogEntry) => void {
  return ({ namespace, label, log }) => {
    if (namespace === 'Connection' || 'retryCount' in log) return;
    const extra = Object.fromEntries(
      Object.entries(log).filter(([key]) => key !== 'message' && key !== 'timestamp'),
    );
    console.error(`kafkajs ${label} [${namespace}] ${log.message} ${JSON.stringify(extra)}`);
  };
}

export const quietKafkaLogging: Pick<KafkaConfig, 'logLevel' | 'logCreator'> = {
  logLevel: logLevel.ERROR,
  logCreator: printErrors,
};
