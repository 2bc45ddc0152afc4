import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore } from '../projection/append-only-store';
import { getOrCreate, mapValues } from '../projection/maps';
import { PositionedList } from '../projection/positioned-list';
import { postingsOf, type LedgerPosting } from '../ledger/ledger-events';

/** Every posting of every agreement, in log order. */
export class JournalStore extends AppendOnlyStore<JournalStore> {
  constructor(private readonly byAgreement = new Map<string, PositionedList<LedgerPosting>>()) {
    super();
  }

  record(event: RecordedEvent): void {
    for (const posting of postingsOf(event)) {
      getOrCreate(this.byAgreement, posting.agreementId, () =>
        PositionedList.empty<LedgerPosting>(),
      ).push(event.position, posting);
    }
  }

  copyUpTo(position: number): JournalStore {
    return new JournalStore(mapValues(this.byAgreement, (list) => list.copyUpTo(position)));
  }

  postingsUpTo(agreementId: string, position: number): LedgerPosting[] {
    return this.byAgreement.get(agreementId)?.upTo(position) ?? [];
  }
}
