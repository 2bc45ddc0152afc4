import 'reflect-metadata';
import { LEDGER_COMMAND_TYPES } from '@ledger/commands';
import { USE_CASE_CONTROLLERS } from '../app/use-case-catalogue';
import { routeKey, writeRoutesOf } from './write-routes';

describe('writeRoutesOf', () => {
  const routes = writeRoutesOf(USE_CASE_CONTROLLERS);

  it('finds one write route per ledger command type, from the controllers’ decorators', () => {
    expect([...routes.values()].sort()).toEqual([...LEDGER_COMMAND_TYPES].sort());
    expect(routes.get(routeKey('POST', '/v1/agreements'))).toBe('CreateAgreement');
    expect(routes.get(routeKey('POST', '/v1/agreements/:agreementId/allocations'))).toBe(
      'AllocateBudget',
    );
    expect(routes.get(routeKey('POST', '/v1/agreements/:agreementId/reinvestments'))).toBe(
      'CommitReinvestment',
    );
  });

  it('leaves out reads and imports', () => {
    const keys = [...routes.keys()];
    expect(keys.every((key) => key.startsWith('POST /v1/'))).toBe(true);
    expect(keys).not.toContain(routeKey('POST', '/v1/imports'));
  });
});
