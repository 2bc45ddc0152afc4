import type { CalendarDate } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import {
  agreementEventOf,
  budgetProjection,
  caseEventOf,
  formatPence,
  oapMetrics,
  postingsOf,
  savingsReport,
  type BudgetState,
  type Pence,
} from '@ledger/read-model';
import { BALANCES_TOPIC, OAP_METRICS_TOPIC, SAVINGS_TOPIC } from '../topics/ledger-topics';
import { integrationEventMessage } from './integration-event';
import type { OutboundMessage } from './outbound-message';

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The UK calendar date of an instant: the business date a derived figure is stated at. */
export function londonDateOf(instant: string): CalendarDate {
  return LONDON_DATE.format(new Date(instant));
}

/**
 * Turns the log, batch by batch, into the public topics' messages. It folds every event into
 * the read side's pure projections (the same rules the reports use) and emits:
 *
 * - `ledger.events.v1`: one message per event;
 * - `ledger.balances.v1`: per event, each account it moved, with the balance after it;
 * - `ledger.savings.v1` and `ledger.oap-metrics.v1`: per batch, for each agreement the batch
 *   touched, every period whose figures differ from the last ones sent, stated at the UK date
 *   of the last event in the batch that touched it and known at its position. An event touches
 *   its own agreement; a case's event, every agreement of its chain (a case's nights count in
 *   the agreement whose year holds them); a close posting prior-year adjustments, also the
 *   closed agreements they belong to (their pending adjustments are then posted).
 *
 * Derived figures depend only on the log and on where batches end, never on the wall clock,
 * so a replay gives the same latest value per key. Not thread-safe: one relay owns one.
 */
export class LedgerMessages {
  private state: BudgetState = budgetProjection.initial();
  private readonly balances = new Map<string, Pence>();
  private readonly agreementOfCase = new Map<string, string>();
  /** `topic|key` → the value last emitted, to send only what changed. */
  private readonly lastSent = new Map<string, string>();

  /** The position of the last event folded. */
  get position(): number {
    return this.state.ledger.position;
  }

  /** Folds events that were published before (a relay resuming), emitting nothing. */
  skip(events: readonly RecordedEvent[]): void {
    for (const event of events) this.fold(event);
  }

  /** Folds a batch and returns its messages, in log order per key. */
  messagesFor(events: readonly RecordedEvent[]): OutboundMessage[] {
    const messages: OutboundMessage[] = [];
    const touched = new Map<string, RecordedEvent>();
    for (const event of events) {
      if (event.position <= this.position) continue;
      const moved = this.fold(event);
      messages.push(integrationEventMessage(event));
      for (const [key, pence] of moved) messages.push(this.balanceMessage(key, pence, event));
      for (const agreementId of this.agreementsTouched(event)) touched.set(agreementId, event);
    }
    for (const [agreementId, last] of touched) {
      messages.push(...this.periodMessages(agreementId, last));
    }
    return messages;
  }

  /** Folds one event; returns the balances it moved (key → balance after). */
  private fold(event: RecordedEvent): Map<string, Pence> {
    this.state = budgetProjection.apply(this.state, event);
    const caseEvent = caseEventOf(event);
    if (caseEvent?.type === 'ReferralRegistered') {
      this.agreementOfCase.set(caseEvent.data.caseId, caseEvent.data.agreementId);
    }
    const moved = new Map<string, Pence>();
    for (const posting of postingsOf(event)) {
      for (const [account, pence] of [
        [posting.debitAccount, -posting.amountPence],
        [posting.creditAccount, posting.amountPence],
      ] as const) {
        const key = `${posting.agreementId}|${account}`;
        const balance = (this.balances.get(key) ?? 0n) + pence;
        this.balances.set(key, balance);
        moved.set(key, balance);
      }
    }
    return moved;
  }

  /** The agreements whose savings or OAP figures the event (already folded) may have moved. */
  private agreementsTouched(event: RecordedEvent): string[] {
    const agreementEvent = agreementEventOf(event);
    if (agreementEvent) {
      const touched = new Set([agreementEvent.data.agreementId]);
      for (const posting of postingsOf(event)) {
        if (posting.belongsToAgreementId !== null) touched.add(posting.belongsToAgreementId);
      }
      return [...touched];
    }
    const caseEvent = caseEventOf(event);
    const agreementId = caseEvent && this.agreementOfCase.get(caseEvent.data.caseId);
    if (!agreementId) return [];
    const { cases } = this.state;
    const chain = cases.store.chainAt(agreementId, cases.position);
    return chain.length === 0 ? [agreementId] : chain.map((member) => member.terms.agreementId);
  }

  private balanceMessage(key: string, pence: Pence, event: RecordedEvent): OutboundMessage {
    const separator = key.indexOf('|');
    return {
      topic: BALANCES_TOPIC.name,
      key,
      value: {
        agreementId: key.slice(0, separator),
        account: key.slice(separator + 1),
        balance: formatPence(pence),
        position: event.position,
        eventId: event.eventId,
        recordedAt: event.recordedAt,
      },
      headers: { 'event-id': event.eventId, position: String(event.position) },
    };
  }

  /** The agreement's savings and OAP figures per period that changed since last sent. */
  private periodMessages(agreementId: string, last: RecordedEvent): OutboundMessage[] {
    const query = { agreementId, asOf: londonDateOf(last.recordedAt), knownAt: last.position };
    const savings = savingsReport(this.state, query);
    const metrics = oapMetrics(this.state, query);
    if (!savings || !metrics) return [];
    const base = (period: string) => ({
      agreementId,
      financialYear: savings.financialYear,
      period,
      asOf: query.asOf,
      position: last.position,
    });
    const candidates = [
      ...savings.byPeriod.map(({ period, status, amount, pendingAdjustment }) => ({
        topic: SAVINGS_TOPIC.name,
        period,
        figures: { status, amount, pendingAdjustment },
      })),
      ...metrics.periods.map(({ period, ...figures }) => ({
        topic: OAP_METRICS_TOPIC.name,
        period,
        figures,
      })),
    ];
    const messages: OutboundMessage[] = [];
    for (const { topic, period, figures } of candidates) {
      const key = `${agreementId}|${period}`;
      const fingerprint = JSON.stringify(figures);
      if (this.lastSent.get(`${topic}|${key}`) === fingerprint) continue;
      this.lastSent.set(`${topic}|${key}`, fingerprint);
      messages.push({
        topic,
        key,
        value: { ...base(period), ...figures },
        headers: { 'event-id': last.eventId, position: String(last.position) },
      });
    }
    return messages;
  }
}
