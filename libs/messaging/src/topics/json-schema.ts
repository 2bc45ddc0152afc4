/** A JSON Schema (draft-07) document, as the topics publish it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

const MONEY_PATTERN = '^-?(0|[1-9][0-9]*)\\.[0-9]{2}$';

/** Money: a decimal string with exactly 2 decimal places, never a JSON number. */
export const moneySchema = { type: 'string', pattern: MONEY_PATTERN } as const;
export const positionSchema = { type: 'integer', minimum: 1 } as const;
export const periodSchema = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } as const;
export const calendarDateSchema = {
  type: 'string',
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
} as const;
export const timestampSchema = { type: 'string', format: 'date-time' } as const;
export const financialYearSchema = { type: 'string', pattern: '^[0-9]{4}/[0-9]{2}$' } as const;
