/** Nest injection tokens for the things the app is built around, chosen by whoever builds it. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
/** The API's read model (`ApiReadModel`), or null where head reports replay the log. */
export const READ_MODEL = Symbol('READ_MODEL');
