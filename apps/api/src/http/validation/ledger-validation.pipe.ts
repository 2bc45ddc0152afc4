import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { RequestValidationError } from '@ledger/contracts';
import { flattenValidationErrors } from '@ledger/contracts';

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
    return super.transform(value, metadata);
  }
}

function isJsonObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  const builtIns: unknown[] = [Object, String, Number, Boolean, Array];
  return metatype !== undefined && !builtIns.includes(metatype);
}
