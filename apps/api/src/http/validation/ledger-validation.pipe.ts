import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, RequestValidationError } from '@ledger/contracts';
import type { FieldError } from '@ledger/domain';
import { refusedFieldsOf } from '../request/json-body';

/**
 * Validates every body and query DTO. Unknown fields are refused rather than dropped, so a
 * typo in a field name never silently records a default.
 */
export class LedgerValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A DTO describes a JSON object; routes that take another body (NDJSON) declare none.
    if (metadata.type === 'body' && isDto(metadata.metatype) && !isJsonObject(value)) {
      throw new RequestValidationError([{ field: '(body)', message: 'must be a JSON object' }]);
    }
    // `__proto__` and `constructor` were taken out at the parse; they are unknown fields like
    // any other, listed with whatever else fails.
    const refused: FieldError[] = refusedFieldsOf(value).map((field) => ({
      field,
      message: 'is not a field of this request',
    }));
    let transformed: unknown;
    try {
      transformed = await super.transform(value, metadata);
    } catch (error) {
      if (refused.length > 0 && error instanceof RequestValidationError) {
        throw new RequestValidationError([...refused, ...error.fieldErrors]);
      }
      throw error;
    }
    if (refused.length > 0) throw new RequestValidationError(refused);
    return transformed;
  }
}

function isJsonObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  const builtIns: unknown[] = [Object, String, Number, Boolean, Array];
  return metatype !== undefined && !builtIns.includes(metatype);
}
