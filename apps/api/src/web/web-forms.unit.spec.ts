/**
 * Proves how the pages read what a visitor sends: the time-travel clocks by the API's rules,
 * the development sign-in form, where to go back after signing in, the list's pages forward and
 * back, and which unmatched requests get a page rather than a problem document. Pure functions.
 */
import type { FastifyRequest } from 'fastify';
import {
  agreementListView,
  readAgreementListAddress,
} from './agreements/agreement-list/agreement-list.view';
import { readTimeTravel, timeTravelQuery } from './agreements/agreement-overview/time-travel';
import { calendarDateOf, readPounds } from './agreements/agreement-forms/form-submission';
import { readDevSignIn } from './sign-in/dev-sign-in.form';
import { safeReturnPath, wantsPage } from './web-paths';

describe('readTimeTravel', () => {
  it('takes blank fields as not asked, and keeps good ones', () => {
    expect(readTimeTravel({ asOf: ' ', knownAt: '' })).toEqual({
      asOf: undefined,
      knownAt: undefined,
      errors: [],
    });
    const travel = readTimeTravel({ asOf: '2025-09-30', knownAt: '2025-07-31T23:59:59Z' });
    expect(travel.errors).toEqual([]);
    expect(timeTravelQuery(travel)).toBe('?asOf=2025-09-30&knownAt=2025-07-31T23%3A59%3A59Z');
  });

  it('names an impossible date and a time that is not ISO 8601', () => {
    const { errors } = readTimeTravel({ asOf: '2025-02-30', knownAt: '31/07/2025' });
    expect(errors.map((e) => e.field)).toEqual(['asOf', 'knownAt']);
  });
});

describe('readDevSignIn', () => {
  it('reads an actor, with no organisation for a reviewer', () => {
    expect(readDevSignIn({ subject: 'harriet', role: 'reviewer', organisationCode: '' })).toEqual({
      actor: { subject: 'harriet', role: 'reviewer', organisationCode: null },
      errors: [],
    });
  });

  it('names every field it cannot use', () => {
    const { actor, errors } = readDevSignIn({
      subject: 'a b',
      role: 'root',
      organisationCode: 'x',
    });
    expect(actor).toBeNull();
    expect(errors.map((e) => e.field)).toEqual(['subject', 'role', 'organisationCode']);
  });
});

describe('safeReturnPath', () => {
  it.each(['/agreements', '/agreements/x?asOf=2025-09-30'])('keeps %s', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/sign-in',
    '/sign-out',
    'x',
    42,
  ])('refuses %p', (path) => {
    expect(safeReturnPath(path)).toBeNull();
  });
});

describe('the agreements list pages', () => {
  const list = (ids: string[], nextCursor: string | null) => ({
    knownAt: 1,
    nextCursor,
    agreements: ids.map((agreementId) => ({
      agreementId,
      financialYear: '2025/26',
      commissionerCode: '13R',
      leadProviderCode: 'RV5',
      partnerProviderCodes: [],
      serviceLines: ['adult-low-secure'],
      savingsHorizonDays: 365,
    })),
  });

  it('carries the way back in the address: page 3 goes back to page 2 and on to page 4', () => {
    const request = readAgreementListAddress({
      financialYear: '2025/26',
      after: '2025/26:b',
      trail: '2025/26:a',
    });
    const view = agreementListView(request, list(['c'], '2025/26:c'));
    expect(view.page).toBe(3);
    expect(view.pagination).toEqual({
      previous: {
        href: '/agreements?financialYear=2025%2F26&after=2025%2F26%3Aa',
        labelText: 'Page 2',
      },
      next: {
        href: '/agreements?financialYear=2025%2F26&after=2025%2F26%3Ac&trail=2025%2F26%3Aa%2C2025%2F26%3Ab',
        labelText: 'Page 4',
      },
    });
  });

  it('has no pagination when everything fits on the first page', () => {
    expect(
      agreementListView(readAgreementListAddress({}), list(['a'], null)).pagination,
    ).toBeNull();
  });
});

describe('wantsPage', () => {
  const request = (url: string, accept?: string) =>
    ({ url, headers: accept ? { accept } : {} }) as unknown as FastifyRequest;

  it('answers a browser outside the API with a page', () => {
    expect(wantsPage(request('/nope', 'text/html,application/xhtml+xml'))).toBe(true);
  });

  it('answers the API, the operators and non-browsers with a problem document', () => {
    expect(wantsPage(request('/v1/nope', 'text/html'))).toBe(false);
    expect(wantsPage(request('/metrics', 'text/html'))).toBe(false);
    expect(wantsPage(request('/nope', 'application/json'))).toBe(false);
    expect(wantsPage(request('/nope'))).toBe(false);
  });
});

describe('readPounds', () => {
  it.each([
    ['1,234.56', '1234.56'],
    ['1234.56', '1234.56'],
    [' 12,345,678 ', '12345678'],
    ['0.5', '0.5'],
  ])('reads %p as %p', (raw, amount) => {
    expect(readPounds(raw)).toBe(amount);
  });

  it.each(['', '£10', '1,23.00', '12.345,6', '1234.567', '-5.00', '1e3', '10.'])(
    'refuses %p',
    (raw) => {
      expect(readPounds(raw)).toBeNull();
    },
  );
});

describe('calendarDateOf', () => {
  it('writes the three boxes as YYYY-MM-DD, and leaves real-date checks to the API', () => {
    expect(calendarDateOf({ day: '1', month: '4', year: '2025' })).toBe('2025-04-01');
    expect(calendarDateOf({ day: '31', month: '2', year: '2025' })).toBe('2025-02-31');
  });

  it('refuses an empty box or one that is not digits', () => {
    expect(calendarDateOf({ day: '', month: '4', year: '2025' })).toBeNull();
    expect(calendarDateOf({ day: '1', month: 'April', year: '2025' })).toBeNull();
    expect(calendarDateOf({ day: '1', month: '4', year: '25' })).toBeNull();
  });
});
