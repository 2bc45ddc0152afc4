import type { CaseRecord } from '../execution/ledger-streams';

/**
 * A case as a case manager sees it now: its placements with their rate timelines, its
 * repatriations and its discharge. The patient appears only by pseudonym.
 */
export function summariseCase(record: CaseRecord) {
  const { history } = record;
  const state = history.state;
  if (state.status === 'unregistered' || history.revision === null) return null;
  return { ...state, revision: history.revision };
}

export type CaseSummary = NonNullable<ReturnType<typeof summariseCase>>;
