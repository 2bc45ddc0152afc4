/**
 * The ledger's public contracts, shared by every app that takes commands from outside: the
 * request bodies of the write endpoints (class-validator DTOs, also the shape of each NDJSON
 * import line's data), the field rules they use, the stable problem codes every refusal is
 * answered with, and the import report. The API serves them over HTTP; `ledger import` and the
 * bench use the same classes, so a file and a request are held to the same rules.
 */
export * from './validation/ledger-validators';
export * from './validation/field-error-paths';
export * from './problems/problem-document';
export * from './problems/request-errors';
export * from './problems/problem-mapping';
export * from './requests/adjust-budget.dto';
export * from './requests/allocate-budget.dto';
export * from './requests/carry-forward.dto';
export * from './requests/change-placement-rate.dto';
export * from './requests/close-period.dto';
export * from './requests/commit-reinvestment.dto';
export * from './requests/create-agreement.dto';
export * from './requests/discharge-patient.dto';
export * from './requests/end-placement.dto';
export * from './requests/name-organisation.dto';
export * from './requests/register-referral.dto';
export * from './requests/repatriate-patient.dto';
export * from './requests/start-placement.dto';
export * from './requests/vire-budget.dto';
export * from './imports/import-line-validation';
export * from './imports/import-report.view';
