import { EventStoreDBClient } from '@eventstore/db-client';

/** The options the client understands in a connection string (compared ignoring case, `-`, `_`). */
const KNOWN_OPTIONS = [
  'tls',
  'tlsVerifyCert',
  'tlsCAFile',
  'userCertFile',
  'userKeyFile',
  'connectionName',
  'defaultDeadline',
  'maxDiscoverAttempts',
  'discoveryInterval',
  'gossipTimeout',
  'nodePreference',
  'keepAliveInterval',
  'keepAliveTimeout',
  'throwOnAppendFailure',
];
const flat = (key: string): string => key.trim().toLowerCase().replace(/[_-]/g, '');

/**
 * Checks a connection string the way the client will read it (scheme `esdb://` or
 * `esdb+discover://`, hosts, ports, option values, certificate files that exist), without
 * connecting: the client opens no channel until its first call. Stricter than the client in
 * two ways: an unknown option is an error (the client only warns, and would print the string,
 * password included), and `throwOnAppendFailure=false` is refused (the adapter relies on the
 * client throwing WrongExpectedVersionError). Returns the problem, or null.
 */
export function connectionStringProblem(connectionString: string): string | null {
  const trimmed = connectionString.trim();
  if (trimmed === '') return 'must not be empty';
  if (!/^esdb(\+discover)?:\/\/[^?]+/.test(trimmed)) {
    return 'must be esdb://host:port[?options] or esdb+discover://… (e.g. esdb://localhost:2113?tls=false)';
  }
  const hostProblem = hostsProblem(trimmed);
  if (hostProblem !== null) return hostProblem;
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : '';
  for (const pair of query === '' ? [] : query.split('&')) {
    const [key = '', value = ''] = pair.split('=');
    if (!KNOWN_OPTIONS.some((known) => flat(known) === flat(key))) {
      return `has an unknown option "${key}" (known: ${KNOWN_OPTIONS.join(', ')})`;
    }
    if (flat(key) === flat('throwOnAppendFailure') && value.trim() === 'false') {
      return 'must not set throwOnAppendFailure=false: the ledger needs failed appends to throw';
    }
  }
  try {
    EventStoreDBClient.connectionString(trimmed);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `cannot be parsed: ${message.split('\n')[0]}`;
  }
}

/** Every `host[:port]` needs a host and, if given, a whole port number (the client reads "21x3" as 21). */
function hostsProblem(connectionString: string): string | null {
  const afterScheme = connectionString.slice(connectionString.indexOf('://') + 3);
  const withoutQuery = afterScheme.split('?')[0].replace(/\/+$/, '');
  const hosts = withoutQuery.slice(withoutQuery.lastIndexOf('@') + 1);
  for (const host of hosts.split(',')) {
    const [name = '', port, ...rest] = host.split(':');
    if (name.trim() === '' || rest.length > 0) return `has an invalid host "${host}"`;
    if (
      port !== undefined &&
      (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)
    ) {
      return `has an invalid port in "${host}" (a number from 1 to 65535)`;
    }
  }
  return null;
}

/** The connection string with any password replaced, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/^(esdb(?:\+discover)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
