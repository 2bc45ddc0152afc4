/** The projector's settings: the store it follows (SQLite or EventStoreDB) and its own. */
import { ConfigError } from '@ledger/event-store/configured';
import { loadProjectorConfig, ProjectorConfigError } from './projector-config';

const READ_MODEL = { LEDGER_READ_MODEL_URL: 'postgres://postgres@postgres:5432/ledger' };
const ESDB = {
  LEDGER_EVENT_STORE: 'eventstoredb',
  EVENTSTORE_CONNECTION_STRING: 'esdb://eventstoredb:2113?tls=false',
};

describe('loadProjectorConfig', () => {
  it('follows EventStoreDB with LEDGER_EVENT_STORE=eventstoredb, needing no data folder', () => {
    expect(loadProjectorConfig({ ...ESDB, ...READ_MODEL })).toEqual({
      store: {
        eventStore: 'eventstoredb',
        dataDir: '',
        eventStoreConnectionString: 'esdb://eventstoredb:2113?tls=false',
      },
      readModelUrl: 'postgres://postgres@postgres:5432/ledger',
      schema: 'ledger_read',
      batchSize: 500,
      pollIntervalMs: 250,
    });
  });

  it('requires EVENTSTORE_CONNECTION_STRING with eventstoredb, and checks it', () => {
    const load = (connection: string | undefined) => () =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, EVENTSTORE_CONNECTION_STRING: connection });
    expect(load(undefined)).toThrow(ConfigError);
    expect(load(undefined)).toThrow(
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when LEDGER_EVENT_STORE is "eventstoredb"/,
    );
    expect(load('postgres://eventstoredb:2113')).toThrow(/EVENTSTORE_CONNECTION_STRING must be/);
    expect(load('esdb://eventstoredb:2113?tls=false&speed=fast')).toThrow(
      /EVENTSTORE_CONNECTION_STRING has an unknown option "speed"/,
    );
  });

  it('refuses the in-memory store: another process cannot follow it', () => {
    expect(() => loadProjectorConfig({ ...READ_MODEL, LEDGER_EVENT_STORE: 'memory' })).toThrow(
      'LEDGER_EVENT_STORE must be one of "sqlite", "eventstoredb", got "memory"',
    );
  });

  it('still needs LEDGER_DATA_DIR with SQLite (the default), whatever else is set', () => {
    const withoutFolder = () =>
      loadProjectorConfig({ ...READ_MODEL, EVENTSTORE_CONNECTION_STRING: 'ignored' });
    expect(withoutFolder).toThrow(ProjectorConfigError);
    expect(withoutFolder).toThrow('LEDGER_DATA_DIR is required');
    expect(() =>
      loadProjectorConfig({ ...READ_MODEL, LEDGER_DATA_DIR: '/no/such/ledger/folder' }),
    ).toThrow('LEDGER_DATA_DIR: /no/such/ledger/folder is not a folder');
  });

  it('checks its own settings on EventStoreDB too', () => {
    expect(() => loadProjectorConfig(ESDB)).toThrow('LEDGER_READ_MODEL_URL is required');
    expect(() =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, LEDGER_PROJECTOR_BATCH_SIZE: '0' }),
    ).toThrow('LEDGER_PROJECTOR_BATCH_SIZE must be a whole number from 1 to 10000, got "0"');
  });
});
