import { ProjectorMetrics, RelayMetrics, type FollowedLog } from './follower-metrics';
import { parseExposition, valueOf } from './testing/exposition';

/** A log of events recorded one a minute from 10:00, positions 1…n (or sparse, ×100). */
function logOf(count: number, gapFreePositions = true) {
  const events = Array.from({ length: count }, (_, index) => ({
    position: gapFreePositions ? index + 1 : (index + 1) * 100,
    recordedAt: new Date(Date.UTC(2025, 9, 15, 10, index)).toISOString(),
  }));
  const log: FollowedLog & { events: typeof events } = {
    events,
    gapFreePositions,
    headPosition: () => Promise.resolve(events.at(-1)?.position ?? 0),
    readAll: ({ afterPosition = 0, maxCount = Infinity }) =>
      Promise.resolve(events.filter((e) => e.position > afterPosition).slice(0, maxCount)),
  };
  return log;
}

const AT_10_30 = () => Date.UTC(2025, 9, 15, 10, 30);

describe('ProjectorMetrics', () => {
  it('reports checkpoint, lag in events and in seconds, applied events and batches', async () => {
    const log = logOf(20);
    const metrics = new ProjectorMetrics(log, undefined, AT_10_30);
    const scrape = async () => parseExposition(await metrics.metrics());

    metrics.setCheckpoint(0);
    let samples = await scrape();
    expect(valueOf(samples, 'ledger_projector_checkpoint_position')).toBe(0);
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBe(20);
    // The oldest event not applied was recorded at 10:00: it has waited 30 minutes.
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBe(1800);

    metrics.recordBatch({ checkpoint: 15, applied: 15, seconds: 0.05 });
    samples = await scrape();
    expect(valueOf(samples, 'ledger_projector_checkpoint_position')).toBe(15);
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBe(5);
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBe(30 * 60 - 15 * 60);
    expect(valueOf(samples, 'ledger_projector_events_applied_total')).toBe(15);

    metrics.recordBatch({ checkpoint: 20, applied: 5, seconds: 0.01 });
    samples = await scrape();
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBe(0);
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBe(0);
    expect(valueOf(samples, 'ledger_projector_events_applied_total')).toBe(20);
    expect(valueOf(samples, 'ledger_projector_batch_duration_seconds_count')).toBe(2);
    expect(valueOf(samples, 'ledger_projector_batch_duration_seconds_sum')).toBeCloseTo(0.06);
  });

  it('on sparse positions (EventStoreDB) gives the lag in events as 0 when caught up, else NaN', async () => {
    const log = logOf(3, false);
    const metrics = new ProjectorMetrics(log, undefined, AT_10_30);
    metrics.setCheckpoint(100);
    let samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBeNaN();
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBe(29 * 60);
    metrics.setCheckpoint(300);
    samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBe(0);
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBe(0);
  });

  it('gives NaN lags when the log cannot be read, and the scrape still succeeds', async () => {
    const failing: FollowedLog = {
      gapFreePositions: true,
      headPosition: () => Promise.reject(new Error('locked')),
      readAll: () => Promise.reject(new Error('locked')),
    };
    const samples = parseExposition(await new ProjectorMetrics(failing).metrics());
    expect(valueOf(samples, 'ledger_projector_lag_events')).toBeNaN();
    expect(valueOf(samples, 'ledger_projector_lag_seconds')).toBeNaN();
  });
});

describe('RelayMetrics', () => {
  it('reads its checkpoint from the relay, and counts publications and Kafka errors', async () => {
    const log = logOf(10);
    const metrics = new RelayMetrics(log, undefined, AT_10_30);
    let checkpoint = 4;
    metrics.readCheckpointFrom(() => checkpoint);
    metrics.countKafkaError();
    metrics.countKafkaError();
    let samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_relay_checkpoint_position')).toBe(4);
    expect(valueOf(samples, 'ledger_relay_lag_events')).toBe(6);
    expect(valueOf(samples, 'ledger_relay_lag_seconds')).toBe(26 * 60);
    expect(valueOf(samples, 'ledger_relay_kafka_errors_total')).toBe(2);

    checkpoint = 10;
    metrics.recordBatch({ checkpoint, events: 6, messages: 14, seconds: 0.2 });
    samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_relay_checkpoint_position')).toBe(10);
    expect(valueOf(samples, 'ledger_relay_lag_events')).toBe(0);
    expect(valueOf(samples, 'ledger_relay_lag_seconds')).toBe(0);
    expect(valueOf(samples, 'ledger_relay_events_published_total')).toBe(6);
    expect(valueOf(samples, 'ledger_relay_messages_published_total')).toBe(14);
    expect(valueOf(samples, 'ledger_relay_batch_duration_seconds_count')).toBe(1);
  });
});
