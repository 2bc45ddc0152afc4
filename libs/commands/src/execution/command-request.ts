import type { AgreementCommand, CaseCommand, OrganisationCommand } from '@ledger/domain';
import type { Actor, AppendResult } from '@ledger/event-store';
import {
  AGREEMENT_WRITE_ACTIONS,
  CASE_WRITE_ACTIONS,
  CHAIN_WRITE_ACTIONS,
  ORGANISATION_WRITE_ACTIONS,
  type ChainWriteAction,
} from '../authorisation/ledger-action';

export type LedgerCommand = AgreementCommand | CaseCommand | OrganisationCommand;

/** Every command the ledger records, by its stable type name (the carry-forward included). */
export const LEDGER_COMMAND_TYPES: readonly (LedgerCommand['type'] | ChainWriteAction)[] = [
  ...AGREEMENT_WRITE_ACTIONS,
  ...CASE_WRITE_ACTIONS,
  ...CHAIN_WRITE_ACTIONS,
  ...ORGANISATION_WRITE_ACTIONS,
];

/** Who asks, on behalf of which request, and under which conditions. */
export interface CommandRequest {
  actor: Actor;
  /** Ties together everything one business operation caused, across requests. */
  correlationId: string;
  /** The request that directly caused the events (the HTTP request id, the import row). */
  causationId: string;
  /** The caller's Idempotency-Key, unscoped, as they sent it. */
  idempotencyKey?: string | null;
  /** The If-Match revision: when given, the stream must still be at exactly this revision. */
  expectedRevision?: number | null;
}

export interface CommandOutcome {
  /** The command's own stream's append. */
  append: AppendResult;
  /**
   * The global position of the write's last event, across every stream it wrote (a
   * carry-forward or a successor's creation writes two agreements): a read naming it as
   * `minPosition` sees the whole write.
   */
  position: number;
  /** True when an earlier request with the same Idempotency-Key had already written this. */
  replayed: boolean;
}
