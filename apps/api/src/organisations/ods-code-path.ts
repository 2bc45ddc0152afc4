import { RequestValidationError } from '@ledger/contracts';
import { isOdsCode } from '@ledger/domain';

/** The ODS code in a URL, checked like any field: a bad one is `400 VALIDATION.FAILED`. */
export function odsCodeOfPath(odsCode: string): string {
  if (isOdsCode(odsCode)) return odsCode;
  throw new RequestValidationError([
    {
      field: 'path.odsCode',
      message: 'must be an ODS code: 3 to 6 uppercase letters or digits, e.g. "RV5"',
    },
  ]);
}
