/**
 * Narrows a caught value to an Error without replacing it. Errors made in another realm (a
 * native addon, a test runner's sandbox) fail `instanceof Error` but are errors all the same,
 * so anything with a string message is kept as it is.
 */
export function toError(caught: unknown): Error {
  if (caught instanceof Error) return caught;
  const looksLikeError =
    typeof caught === 'object' &&
    caught !== null &&
    typeof (caught as { message?: unknown }).message === 'string';
  return looksLikeError ? (caught as Error) : new Error(String(caught));
}
