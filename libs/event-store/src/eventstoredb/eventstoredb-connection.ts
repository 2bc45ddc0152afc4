import { EventStoreDBClient } from '@eventstore/db-client';

/**
 * Checks a connection string the way the client will read it (scheme `esdb://` or
 * `esdb+discover://`, hosts, ports, known options, certificate files that exist), without
 * connecting: the client opens no channel until its first call. Returns the problem, or null.
 */
export function connectionStringProblem(connectionString: string): string | null {
  if (connectionString.trim() === '') return 'must not be empty';
  if (!/^esdb(\+discover)?:\/\//.test(connectionString.trim())) {
    return 'must start with esdb:// or esdb+discover:// (e.g. esdb://localhost:2113?tls=false)';
  }
  try {
    EventStoreDBClient.connectionString(connectionString);
    return null;
  } catch (error) {
    return `cannot be parsed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The connection string with any password replaced, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/^(esdb(?:\+discover)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
