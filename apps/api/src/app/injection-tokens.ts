/** Nest injection tokens for the things the app is built around, chosen by whoever builds it. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
