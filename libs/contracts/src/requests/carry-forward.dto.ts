/**
 * Records an agreement's year-end carry-forward to its successor (docs/year-end.md). The body
 * is an empty JSON object, `{}`: the agreement is in the path, its successor is the one its
 * chain names, and the amount is the ledger's to compute (its whole `savings:retained`
 * balance), never the caller's to supply.
 */
export class CarryForwardDto {}
