import type { LogVerification } from '@ledger/commands';
import { eventPath } from '../web-paths';

const REASONS: Record<string, string> = {
  'position-gap': 'events are missing from the log at this position',
  'missing-chain': 'the event carries no hash-chain link this check knows',
  'previous-hash-mismatch':
    'its link to the stream’s previous event does not hold: an event was removed, reordered or re-chained',
  'hash-mismatch': 'the event was changed after it was recorded: it no longer hashes to its hash',
};

/** The hash-chain check's result as the page shows it: OK with what was checked, or where it broke. */
export function verificationView({ verification, head }: LogVerification) {
  if (verification.ok) {
    return {
      ok: true,
      summary: {
        rows: [
          ['Result', 'OK: every link holds'],
          ['Events checked', String(verification.events)],
          ['Streams', String(verification.streams)],
          ['Last event checked', head ? `Event ${head.position}` : 'None (the log is empty)'],
          ['Its hash (the head)', head?.hash ?? 'None'],
        ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
      },
      headHref: head ? eventPath(head.position) : null,
    };
  }
  return {
    ok: false,
    summary: {
      rows: [
        ['Result', 'Broken'],
        ['First broken position', String(verification.position)],
        ['Stream', verification.streamId],
        ['Revision', String(verification.revision)],
        ['Why', REASONS[verification.reason] ?? verification.reason],
        ['Detail', verification.detail],
        ['Events checked before it', String(verification.eventsVerified)],
      ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    },
    brokenHref: eventPath(verification.position),
  };
}
