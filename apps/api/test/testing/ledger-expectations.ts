import type { LightMyRequestResponse } from 'fastify';
import type { LedgerTestApp } from './ledger-test-app';

type Response = LightMyRequestResponse;

export type Problem = Record<string, unknown> & {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
};

/** A 201 write receipt, with the ETag and Location a client relies on. */
export function expectRecorded(response: Response, eventType: string, location: string): void {
  expect({ status: response.statusCode, body: response.json() }).toMatchObject({ status: 201 });
  const receipt = response.json();
  expect(receipt.events.map((e: { type: string }) => e.type)).toContain(eventType);
  expect(response.headers.etag).toBe(`"${receipt.revision}"`);
  expect(response.headers.location).toBe(location);
}

/**
 * Sends a request that must be refused, and proves it: the status, an RFC 9457 problem with
 * the stable code, and nothing written (the global log's head has not moved).
 */
export async function expectRefusedWithoutWriting(
  ledger: LedgerTestApp,
  send: () => Promise<Response>,
  status: number,
  code: string,
): Promise<Problem> {
  const before = await ledger.head();
  const response = await send();
  const problem = response.json<Problem>();
  expect({ status: response.statusCode, code: problem.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(await ledger.head()).toBe(before);
  return problem;
}

/** The failing field names a problem lists. */
export const fieldsOf = (problem: { errors?: { field: string }[] }): string[] =>
  (problem.errors ?? []).map((error) => error.field);
