/** The store settings every process shares: defaults, the kinds a process allows, messages. */
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import {
  ConfigError,
  describeEventStore,
  openConfiguredEventStore,
  parseConnectionString,
  parseEventStoreKind,
} from './configured-event-store';

describe('parseEventStoreKind (LEDGER_EVENT_STORE)', () => {
  it('defaults to sqlite and accepts every kind by default', () => {
    expect(parseEventStoreKind(undefined)).toBe('sqlite');
    expect(parseEventStoreKind('memory')).toBe('memory');
    expect(parseEventStoreKind('eventstoredb')).toBe('eventstoredb');
  });

  it('refuses a kind the process cannot use, listing the ones it can', () => {
    const refuse = () => parseEventStoreKind('memory', ['sqlite', 'eventstoredb']);
    expect(refuse).toThrow(ConfigError);
    expect(refuse).toThrow(
      'Invalid configuration: LEDGER_EVENT_STORE must be one of "sqlite", "eventstoredb", got "memory"',
    );
    expect(() => parseEventStoreKind('EventStoreDB')).toThrow(/LEDGER_EVENT_STORE/);
  });
});

describe('parseConnectionString (EVENTSTORE_CONNECTION_STRING)', () => {
  it('is ignored unless the store is eventstoredb', () => {
    expect(parseConnectionString('sqlite', 'not a connection string')).toBeNull();
    expect(parseConnectionString('memory', undefined)).toBeNull();
  });

  it('is required with eventstoredb, and trimmed', () => {
    expect(() => parseConnectionString('eventstoredb', undefined)).toThrow(
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when LEDGER_EVENT_STORE is "eventstoredb"/,
    );
    expect(() => parseConnectionString('eventstoredb', '  ')).toThrow(ConfigError);
    expect(parseConnectionString('eventstoredb', ' esdb://es:2113?tls=false ')).toBe(
      'esdb://es:2113?tls=false',
    );
  });

  it('names the setting, and never prints the password, when the string is wrong', () => {
    const wrong = (raw: string) => () => parseConnectionString('eventstoredb', raw);
    expect(wrong('http://es:2113')).toThrow(/^Invalid configuration: EVENTSTORE_CONNECTION_STRING/);
    expect(wrong('esdb://u:pw-secret@es:2113?tls=false&colour=blue')).toThrow(
      'unknown option "colour"',
    );
    expect(wrong('esdb://u:pw-secret@es:2113?tls=false&colour=blue')).not.toThrow('pw-secret');
  });
});

describe('openConfiguredEventStore', () => {
  it('builds the EventStoreDB store without touching the network; its positions are sparse', async () => {
    const settings = {
      eventStore: 'eventstoredb' as const,
      dataDir: '',
      eventStoreConnectionString: 'esdb://127.0.0.1:1?tls=false',
    };
    const store = openConfiguredEventStore(settings);
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    expect(store.gapFreePositions).toBe(false);
    expect(store.supportsMultiStreamAppend).toBe(false);
    await store.close();
  });

  it('builds the in-memory store, whose positions are gap-free', async () => {
    const store = openConfiguredEventStore({
      eventStore: 'memory',
      dataDir: '',
      eventStoreConnectionString: null,
    });
    expect(store).toBeInstanceOf(InMemoryEventStore);
    expect(store.gapFreePositions).toBe(true);
    await store.close();
  });
});

describe('describeEventStore', () => {
  it('names the SQLite file, or the server with its password hidden', () => {
    expect(
      describeEventStore({
        eventStore: 'sqlite',
        dataDir: '/var/lib/ledger',
        eventStoreConnectionString: null,
      }),
    ).toBe('/var/lib/ledger/ledger.sqlite');
    expect(
      describeEventStore({
        eventStore: 'eventstoredb',
        dataDir: '',
        eventStoreConnectionString: 'esdb://ledger:pw@es:2113?tls=false',
      }),
    ).toBe('EventStoreDB esdb://ledger:***@es:2113?tls=false');
  });
});
