import { actorFromClaims } from './provider-claims';

const NAMES = { roleClaim: 'roles', organisationClaim: 'ods' };

describe('actorFromClaims', () => {
  it('takes sub, the role and the ODS code from the configured claims', () => {
    expect(actorFromClaims({ sub: 'u1', roles: 'case-manager', ods: 'RV5' }, NAMES)).toEqual({
      actor: { subject: 'u1', role: 'case-manager', organisationCode: 'RV5' },
    });
  });

  it('takes the one ledger role from a list (Entra ID app roles), ignoring others', () => {
    expect(actorFromClaims({ sub: 'u1', roles: ['Everyone', 'reviewer'] }, NAMES)).toEqual({
      actor: { subject: 'u1', role: 'reviewer', organisationCode: null },
    });
  });

  it.each([
    [{ roles: 'reviewer' }, 'no-subject'],
    [{ sub: 'u1' }, 'no-role'],
    [{ sub: 'u1', roles: 'pharmacist' }, 'unknown-role'],
    [{ sub: 'u1', roles: ['reviewer', 'admin'] }, 'several-roles'],
    [{ sub: 'u1', roles: 'analyst' }, 'no-organisation'],
    [{ sub: 'u1', roles: 'analyst', ods: 'not an ODS code' }, 'bad-organisation'],
  ])('refuses %j: %s', (claims, reason) => {
    expect(actorFromClaims(claims, NAMES)).toEqual({
      refused: expect.objectContaining({ reason }),
    });
  });
});
