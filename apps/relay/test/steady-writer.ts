import { fixedClock, LedgerCommands } from '@ledger/commands';
import type { Actor, EventStore } from '@ledger/event-store';

const commissioner: Actor = {
  subject: 'alice',
  role: 'commissioner-finance',
  organisationCode: '13R',
};

/**
 * A steady write load for the relay's fault tests: budget adjustments on one agreement of a
 * `writeCommandHistory` history (whose clock ends in November 2025, the first open period),
 * one every `everyMs`, through LedgerCommands as the API sends them. Every write must be
 * accepted: the log is the outbox, so a broker outage never refuses a write.
 */
export class SteadyWriter {
  written = 0;
  private stopped = false;
  private running: Promise<void> | null = null;
  private readonly ledger: LedgerCommands;

  constructor(
    store: EventStore,
    private readonly agreementId: string,
    private readonly everyMs = 10,
  ) {
    this.ledger = new LedgerCommands({ store, clock: fixedClock('2025-11-02T10:00:00.000Z') });
  }

  start(): void {
    this.running = (async () => {
      while (!this.stopped) {
        const n = this.written + 1;
        await this.ledger.execute(
          {
            type: 'AdjustBudget',
            data: {
              agreementId: this.agreementId,
              adjustmentId: `${this.agreementId}-steady-${n}`,
              serviceLine: 'adult-medium-secure',
              amount: `${n}.25`,
              effectiveDate: '2025-11-02',
              reason: 'Steady load during a broker outage',
            },
          },
          { actor: commissioner, correlationId: `steady-${n}`, causationId: `steady-${n}` },
        );
        this.written = n;
        await new Promise((resolve) => setTimeout(resolve, this.everyMs));
      }
    })();
  }

  /** Stops and resolves once the last write is acknowledged. */
  async stop(): Promise<number> {
    this.stopped = true;
    await this.running;
    return this.written;
  }
}
